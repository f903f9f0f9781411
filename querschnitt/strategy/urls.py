from django.urls import path

from . import views
from .urls_data import urlpatterns as data_urlpatterns

app_name = "strategy"
B = "k/<slug:body>/"
urlpatterns = [
    path(B + "konzept/", views.concepts, name="concepts"),
    path(B + "konzept/<int:concept>/", views.concept_detail, name="concept"),
    path(B + "konzept/<int:concept>/bearbeiten/", views.concept_edit, name="concept_edit"),
    path(B + "konzept/<int:concept>/neue-version/", views.concept_new_version, name="concept_new_version"),
    path(B + "konzept/<int:concept>/vergleich/", views.concept_compare, name="concept_compare"),
    path(B + "konzept/<int:concept>/verlauf/", views.concept_history, name="concept_history"),
    path(B + "konzept/<int:concept>/handlungsfeld/neu/", views.field_create, name="field_create"),
    path(B + "konzept/<int:concept>/massnahme/neu/", views.measure_create, name="measure_create"),
    path(B + "handlungsfeld/<int:fieldofaction>/", views.field_detail, name="field"),
    path(B + "handlungsfeld/<int:fieldofaction>/bearbeiten/", views.field_edit, name="field_edit"),
    path(B + "handlungsfeld/<int:fieldofaction>/leitziel/neu/", views.guiding_goal_create, name="guiding_goal_create"),
    path(B + "handlungsfeld/<int:fieldofaction>/jahresziel/neu/", views.annual_goal_create, name="annual_goal_create"),
    path(B + "leitziel/<int:guidinggoal>/", views.guiding_goal_detail, name="guiding_goal"),
    path(B + "leitziel/<int:guidinggoal>/bearbeiten/", views.guiding_goal_edit, name="guiding_goal_edit"),
    path(B + "jahresziel/<int:annualgoal>/", views.annual_goal_detail, name="annual_goal"),
    path(B + "jahresziel/<int:annualgoal>/bearbeiten/", views.annual_goal_edit, name="annual_goal_edit"),
    path(B + "indikatoren/", views.indicators, name="indicators"),
    path(B + "indikatoren/neu/", views.indicator_create, name="indicator_create"),
    path(B + "indikator/<int:indicator>/", views.indicator_detail, name="indicator"),
    path(B + "indikator/<int:indicator>/bearbeiten/", views.indicator_edit, name="indicator_edit"),
    path(B + "indikator/<int:indicator>/diagramm.svg", views.indicator_chart, name="indicator_chart"),
    path(B + "indikator/<int:indicator>/zielwert/neu/", views.target_create, name="target_create"),
    path(B + "zielwert/<int:indicatortarget>/loeschen/", views.target_delete, name="target_delete"),
    path(B + "massnahmen/", views.measures, name="measures"),
    path(B + "massnahme/<int:measure>/", views.measure_detail, name="measure"),
    path(B + "massnahme/<int:measure>/bearbeiten/", views.measure_edit, name="measure_edit"),
    path(B + "massnahme/<int:measure>/status/", views.measure_status, name="measure_status"),
    path(B + "massnahme/<int:measure>/meilenstein/neu/", views.milestone_create, name="milestone_create"),
    path(B + "meilenstein/<int:milestone>/erledigt/", views.milestone_done, name="milestone_done"),
    path(B + "massnahme/<int:measure>/budget/neu/", views.budget_create, name="budget_create"),
    path(B + "massnahme/<int:measure>/bewertung/neu/", views.evaluation_create, name="evaluation_create"),
    path(
        B + "leitziel/<int:guidinggoal>/bewertung/neu/",
        views.guiding_goal_evaluation_create,
        name="guiding_goal_evaluation_create",
    ),
    path(
        B + "jahresziel/<int:annualgoal>/bewertung/neu/",
        views.annual_goal_evaluation_create,
        name="annual_goal_evaluation_create",
    ),
    path(B + "massnahme/<int:measure>/nachweis/neu/", views.evidence_create, name="evidence_create"),
    path(B + "nachweis/<int:evidencefile>/", views.evidence_download, name="evidence_download"),
    path(B + "finanzierungsarten/", views.funding_categories, name="funding_categories"),
    path(B + "selbsteinschaetzung/", views.self_assessment, name="self_assessment"),
    *data_urlpatterns,
]
