"""URLs of the state level: dashboard. Parameters are named after their models (the tenant crawler fills them).

The state-wide view lives under the state council's body only (`/k/landesintegrationsrat-nrw/landesweit/`)."""

from django.urls import path

from . import views_dashboard as views

app_name = "statewide"
S = "k/<slug:body>/landesweit/"

urlpatterns = [
    path(S, views.overview, name="overview"),
    path(S + "export.csv", views.overview_export_csv, name="overview_export_csv"),
]
