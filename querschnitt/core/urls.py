from django.urls import path

from . import health, views, views_documents
from .urls_privacy import urlpatterns as privacy_urlpatterns

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("gesundheit/", health.health, name="health"),
    path("dokument/<int:documentbuild>/", views_documents.document_build, name="document_build"),
    path("dokument/<int:documentbuild>/pdf/", views_documents.document_download, {"fmt": "pdf"}, name="document_pdf"),
    path(
        "dokument/<int:documentbuild>/docx/", views_documents.document_download, {"fmt": "docx"}, name="document_docx"
    ),
]
urlpatterns += privacy_urlpatterns
