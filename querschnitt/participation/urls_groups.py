"""Group work of a workshop: groups, members, cards, drafts. Included from querschnitt/urls.py."""

from django.urls import path

from . import views_groups as views

app_name = "work_groups"
B = "k/<slug:body>/"
G = B + "arbeitsgruppe/<int:workgroup>/"
urlpatterns = [
    path(B + "workshop/<int:workshopprocess>/arbeitsgruppen/", views.groups, name="groups"),
    path(B + "workshop/<int:workshopprocess>/arbeitsgruppen/neu/", views.group_create, name="group_create"),
    path(
        B + "workshop/<int:workshopprocess>/arbeitsgruppen/aus-handlungsfeldern/",
        views.groups_from_fields,
        name="groups_from_fields",
    ),
    path(G, views.group_detail, name="group"),
    path(G + "bearbeiten/", views.group_edit, name="group_edit"),
    path(G + "loeschen/", views.group_delete, name="group_delete"),
    path(G + "karte/", views.card_add, name="card_add"),
    path(G + "mitglied/", views.member_add, name="member_add"),
    path(G + "entwurf/", views.draft_add, name="draft_add"),
    path(G + "leitziel/<int:guidinggoal>/entfernen/", views.guiding_goal_remove, name="guiding_goal_remove"),
    path(G + "jahresziel/<int:annualgoal>/entfernen/", views.annual_goal_remove, name="annual_goal_remove"),
    path(G + "indikator/<int:indicator>/entfernen/", views.indicator_remove, name="indicator_remove"),
    path(G + "massnahme/<int:measure>/entfernen/", views.measure_remove, name="measure_remove"),
    path(B + "gruppenkarte/<int:groupcard>/entfernen/", views.card_delete, name="card_delete"),
    path(B + "gruppenmitglied/<int:workgroupmember>/entfernen/", views.member_remove, name="member_remove"),
]
