"""URLs of the concept's data import and export (observations from CSV/XLSX; concept as XLSX and JSON)."""

from django.urls import path

from . import views_data

B = "k/<slug:body>/"
urlpatterns: list = [
    path(B + "indikator/<int:indicator>/import/", views_data.observation_import, name="observation_import"),
    path(
        B + "indikator/<int:indicator>/import/vorlage.csv",
        views_data.observation_import_template,
        name="observation_import_template",
    ),
    path(B + "indikator/<int:indicator>/importe/", views_data.observation_imports, name="observation_imports"),
    path(B + "konzept/<int:concept>/export.xlsx", views_data.concept_export_xlsx, name="concept_export_xlsx"),
    path(B + "konzept/<int:concept>/export.json", views_data.concept_export_json, name="concept_export_json"),
]
