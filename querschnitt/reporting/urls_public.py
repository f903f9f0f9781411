"""URLs of the public pages per body (concept, progress, published reports, open data) and the benchmarking across
bodies. Parameters are named after their models (the tenant crawler fills them)."""

from django.urls import path

from . import views_public as views

app_name = "public"
K = "k/<slug:body>/"
D = "daten/<slug:body>/"

urlpatterns = [
    path(K + "oeffentliche-seite/", views.page_settings, name="settings"),
    path(K + "vergleich/", views.compare_internal, name="compare_internal"),
    path(K + "vergleich/tabelle.csv", views.compare_internal_csv, name="compare_internal_csv"),
    path("daten/", views.index, name="index"),
    # Before the body's pages: "vergleich" is not a body.
    path("daten/vergleich/", views.compare, name="compare"),
    path("daten/vergleich/tabelle.csv", views.compare_csv, name="compare_csv"),
    path(D, views.body_page, name="body"),
    path(D + "indikator/<int:indicator>/", views.indicator_page, name="indicator"),
    path(D + "indikator/<int:indicator>.csv", views.indicator_csv, name="indicator_csv"),
    path(D + "indikator/<int:indicator>.json", views.indicator_json, name="indicator_json"),
    path(D + "open-sdg.csv", views.open_sdg, name="open_sdg"),
    path(D + "offene-daten.zip", views.zip_download, name="zip"),
]
