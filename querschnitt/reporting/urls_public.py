"""URLs of the public pages per body (concept, progress, published reports, open data) and the benchmarking across
bodies. Parameters are named after their models (the tenant crawler fills them)."""

from django.urls import path  # noqa: F401

app_name = "public"
K = "k/<slug:body>/"

urlpatterns: list = []
