from django.contrib import admin

from .models import AccessibilityFeedback


@admin.register(AccessibilityFeedback)
class AccessibilityFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created", "page_url", "email"]
    readonly_fields = ["created", "modified"]
