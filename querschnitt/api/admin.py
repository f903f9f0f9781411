from django.contrib import admin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are made by their owners on the token page; the admin only shows them (and may delete them)."""

    list_display = ["name", "prefix", "user", "created", "last_used", "expires", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix", "user__email"]
    readonly_fields = ["user", "name", "prefix", "created", "last_used", "expires", "revoked"]
    exclude = ["key_hash"]

    def has_add_permission(self, request):
        return False
