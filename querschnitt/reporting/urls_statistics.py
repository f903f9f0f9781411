"""URLs of the statistics import (Open SDG-compatible tidy CSV/XLSX), its log and the remembered area names. Parameters
are named after their models (the tenant crawler fills them)."""

from django.urls import path  # noqa: F401

app_name = "statistics"
K = "k/<slug:body>/"

urlpatterns: list = []
