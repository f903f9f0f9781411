"""URLs of the funding of migrant organisations. Public: `/k/<body>/foerderung/` (open calls, a call, its form) and
`/foerderantrag/<token>/` (an applicant's page by the secret link). Internal: under `/k/<body>/foerderung/verwaltung/`.
Parameters are named after their models (the tenant crawler fills them with another body's objects)."""

from django.urls import path

from . import views_funding as views

app_name = "funding"
P = "k/<slug:body>/foerderung/"
V = P + "verwaltung/"

urlpatterns = [
    # Public
    path(P, views.public_calls, name="public_calls"),
    path(P + "aufruf/<int:fundingcall>/", views.public_call, name="public_call"),
    path(P + "aufruf/<int:fundingcall>/antrag/", views.apply, name="apply"),
    path("foerderantrag/<str:fundingapplication_token>/", views.status, name="status"),
    # Internal: guidelines and criteria
    path(V, views.home, name="home"),
    path(V + "richtlinie/neu/", views.guideline_create, name="guideline_create"),
    path(V + "richtlinie/<int:fundingguideline>/", views.guideline_detail, name="guideline"),
    path(V + "richtlinie/<int:fundingguideline>/bearbeiten/", views.guideline_edit, name="guideline_edit"),
    path(V + "richtlinie/<int:fundingguideline>/in-kraft/", views.guideline_activate, name="guideline_activate"),
    path(
        V + "richtlinie/<int:fundingguideline>/neue-fassung/", views.guideline_new_version, name="guideline_new_version"
    ),
    path(V + "richtlinie/<int:fundingguideline>/verlauf/", views.guideline_history, name="guideline_history"),
    path(V + "richtlinie/<int:fundingguideline>/uebersicht.csv", views.guideline_export, name="guideline_export"),
    path(V + "richtlinie/<int:fundingguideline>/kriterium/neu/", views.criterion_create, name="criterion_create"),
    path(V + "kriterium/<int:fundingcriterion>/bearbeiten/", views.criterion_edit, name="criterion_edit"),
    path(V + "kriterium/<int:fundingcriterion>/entfernen/", views.criterion_delete, name="criterion_delete"),
    # Internal: calls
    path(V + "richtlinie/<int:fundingguideline>/aufruf/neu/", views.call_create, name="call_create"),
    path(V + "aufruf/<int:fundingcall>/", views.call_detail, name="call"),
    path(V + "aufruf/<int:fundingcall>/bearbeiten/", views.call_edit, name="call_edit"),
    path(V + "aufruf/<int:fundingcall>/uebersicht.csv", views.call_export, name="call_export"),
    # Internal: applications
    path(V + "antrag/<int:fundingapplication>/", views.application_detail, name="application"),
    path(V + "antrag/<int:fundingapplication>/verlauf/", views.application_history, name="application_history"),
    path(V + "antrag/<int:fundingapplication>/gutachten/", views.reviewer_assign, name="reviewer_assign"),
    path(V + "antrag/<int:fundingapplication>/entscheidung/", views.decide, name="decide"),
    path(V + "antrag/<int:fundingapplication>/akteur/", views.link_actor, name="link_actor"),
    path(V + "antrag/<int:fundingapplication>/rate/neu/", views.tranche_create, name="tranche_create"),
    path(V + "antrag/<int:fundingapplication>/verwendungsnachweis/neu/", views.proof_create, name="proof_create"),
    path(V + "gutachten/<int:fundingreview>/", views.review, name="review"),
    path(V + "gutachten/<int:fundingreview>/entfernen/", views.reviewer_remove, name="reviewer_remove"),
    path(V + "rate/<int:paymenttranche>/bezahlt/", views.tranche_paid, name="tranche_paid"),
    path(V + "rate/<int:paymenttranche>/entfernen/", views.tranche_delete, name="tranche_delete"),
    path(V + "verwendungsnachweis/<int:proofofuse>/eingang/", views.proof_receive, name="proof_receive"),
    path(V + "verwendungsnachweis/<int:proofofuse>/pruefung/", views.proof_check, name="proof_check"),
    path(V + "anlage/<int:fundingattachment>/", views.attachment, name="attachment"),
]
