"""URLs of the report builder: a body's reports, their texts, versions and files, publishing. Parameters are named after
their models (the tenant crawler fills them)."""

from django.urls import path  # noqa: F401

app_name = "reports"
K = "k/<slug:body>/"

urlpatterns: list = []
