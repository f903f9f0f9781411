"""URLs of the statistics import (Open SDG-compatible tidy CSV/XLSX), its log and the remembered area names. Parameters
are named after their models (the tenant crawler fills them)."""

from django.urls import path

from . import views_statistics as views

app_name = "statistics"
K = "k/<slug:body>/"

urlpatterns: list = [
    path(f"{K}statistik/", views.imports, name="imports"),
    path(f"{K}statistik/pruefen/", views.review, name="review"),
    path(f"{K}statistik/<int:statisticsimport>/", views.import_detail, name="import"),
    path(f"{K}statistik/gebietsnamen/", views.area_aliases, name="area_aliases"),
    path(f"{K}statistik/gebietsnamen/<int:areaalias>/entfernen/", views.area_alias_delete, name="area_alias_delete"),
]
