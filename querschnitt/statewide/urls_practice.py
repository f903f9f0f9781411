"""URLs of the good-practice library: the public library under `/praxis/`, a body's examples under
`/k/<body>/praxis/`, the examples of a workshop day. Parameters are named after their models (the tenant crawler fills
them)."""

from django.urls import path

from . import views_practice as views

app_name = "practice"
K = "k/<slug:body>/praxis/"
E = K + "<int:practiceexample>/"

urlpatterns = [
    path("praxis/", views.library, name="library"),
    path(K, views.examples, name="examples"),
    path(K + "neu/", views.example_create, name="example_create"),
    path(E, views.example_detail, name="example"),
    path(E + "bearbeiten/", views.example_edit, name="example_edit"),
    path(E + "veroeffentlichen/", views.example_publish, name="example_publish"),
    path(E + "loeschen/", views.example_delete, name="example_delete"),
    path("k/<slug:body>/workshop-tag/<int:workshopday>/praxisbeispiele/", views.day_examples, name="day_examples"),
    path(
        "k/<slug:body>/workshop-praxisbeispiel/<int:workshoppracticeexample>/entfernen/",
        views.day_example_remove,
        name="day_example_remove",
    ),
]
