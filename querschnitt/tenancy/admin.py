from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, RoleAssignment


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "ags", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "ags"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["user", "role", "body", "created"]
    list_filter = ["role"]
    search_fields = ["user__email", "body__name"]
    raw_id_fields = ["user", "body", "granted_by"]
    list_select_related = ["user", "body"]
