"""The default list of actor kinds is kept in the admin; everything else is kept by each body in its own pages."""

from django.contrib import admin

from .models import ActorKind


@admin.register(ActorKind)
class ActorKindAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "order", "hidden"]
    list_filter = ["hidden"]
    search_fields = ["name"]
    raw_id_fields = ["body"]
