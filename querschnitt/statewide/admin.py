"""Everything of the state level is kept in its own pages; the admin only lists it for support."""

from django.contrib import admin

from . import models as m


@admin.register(m.CoachingTopic)
class CoachingTopicAdmin(admin.ModelAdmin):
    list_display = ["title", "order", "active"]


@admin.register(m.TrainingSeries)
class TrainingSeriesAdmin(admin.ModelAdmin):
    list_display = ["title", "first_year", "last_year", "interest_deadline", "published"]
