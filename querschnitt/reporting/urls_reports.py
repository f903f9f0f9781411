"""URLs of the report builder: a body's reports, their texts, versions and files, publishing. Parameters are named after
their models (the tenant crawler fills them)."""

from django.urls import path

from . import views_reports as views

app_name = "reports"
K = "k/<slug:body>/"

urlpatterns: list = [
    path(f"{K}berichte/", views.reports, name="reports"),
    path(f"{K}berichte/neu/", views.report_create, name="create"),
    path(f"{K}bericht/<int:report>/", views.report_detail, name="report"),
    path(f"{K}bericht/<int:report>/bearbeiten/", views.report_edit, name="edit"),
    path(f"{K}bericht/<int:report>/loeschen/", views.report_delete, name="delete"),
    path(f"{K}bericht/<int:report>/text/", views.report_text_edit, name="text"),
    path(f"{K}bericht/<int:report>/version-erstellen/", views.version_build, name="build"),
    path(f"{K}bericht-version/<int:reportversion>/", views.version_detail, name="version"),
    path(f"{K}bericht-version/<int:reportversion>/veroeffentlichen/", views.version_publish, name="publish"),
    path(f"{K}bericht-version/<int:reportversion>/zurueckziehen/", views.version_unpublish, name="unpublish"),
    path(f"{K}bericht-version/<int:reportversion>/dateien/", views.version_files, name="files"),
    path("daten/<slug:body>/bericht/<int:reportversion>/", views.public_version, name="public_version"),
    path("daten/<slug:body>/bericht/<int:reportversion>/pdf/", views.public_pdf, name="public_pdf"),
    path("daten/<slug:body>/bericht/<int:reportversion>/docx/", views.public_docx, name="public_docx"),
]
