"""The body's start page of reporting: one entry in the navigation leading to reports, charts and maps, the
statistics import, the public page and (for state staff) the comparison across bodies."""

from django.urls import path

from . import views_hub

app_name = "reporting"

urlpatterns = [
    path("k/<slug:body>/berichte-und-daten/", views_hub.hub, name="hub"),
]
