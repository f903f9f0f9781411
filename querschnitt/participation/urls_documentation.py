"""The workshop documentation (PDF and DOCX) of a workshop process. Included from querschnitt/urls.py."""

from django.urls import path

from . import views_documentation

app_name = "workshop_documentation"
urlpatterns = [
    path(
        "k/<slug:body>/workshop/<int:workshopprocess>/dokumentation/",
        views_documentation.documentation,
        name="documentation",
    ),
    path(
        "k/<slug:body>/workshop/<int:workshopprocess>/dokumentation/erzeugen/",
        views_documentation.documentation_start,
        name="start",
    ),
]
