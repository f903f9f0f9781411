"""URLs of the state level: training. Parameters are named after their models (the tenant crawler fills them).

Public: `/qualifizierung/` (published series, their modules and upcoming courses), a series page, its form for
expressions of interest, registration for a course, one's own registrations and the secret cancellation link.
State staff: under the state council's body, `/k/<body>/qualifizierung/` (404 for every other body)."""

from django.urls import path

from . import views_training as views

app_name = "training"
P = "qualifizierung/"
S = "k/<slug:body>/qualifizierung/"

urlpatterns = [
    # Public and participants (the fixed segments come before the series' slug)
    path(P, views.public_list, name="public_list"),
    path(P + "meine-anmeldungen/", views.my_registrations, name="my_registrations"),
    path(P + "kurs/<int:course>/anmelden/", views.register, name="register"),
    path(P + "anmeldung/<int:courseregistration>/abmelden/", views.cancel_own, name="cancel_own"),
    path(P + "anmeldung/<int:courseregistration>/bescheinigung.pdf", views.certificate_own, name="certificate_own"),
    path(P + "abmelden/<str:courseregistration_cancel_token>/", views.cancel_by_token, name="cancel_by_token"),
    path(P + "<slug:trainingseries_slug>/", views.public_series, name="public_series"),
    path(P + "<slug:trainingseries_slug>/interesse/", views.interest_submit, name="interest_submit"),
    # State staff
    path(S, views.series_list, name="series_list"),
    path(S + "neu/", views.series_create, name="series_create"),
    path(S + "<int:trainingseries>/", views.series_detail, name="series"),
    path(S + "<int:trainingseries>/bearbeiten/", views.series_edit, name="series_edit"),
    path(S + "<int:trainingseries>/modul/neu/", views.module_create, name="module_create"),
    path(S + "modul/<int:trainingmodule>/bearbeiten/", views.module_edit, name="module_edit"),
    path(S + "<int:trainingseries>/interessen/", views.interests, name="interests"),
    path(S + "<int:trainingseries>/interessen/neu/", views.interest_record, name="interest_record"),
    path(S + "interesse/<int:hostinterest>/entscheidung/", views.interest_decide, name="interest_decide"),
    path(S + "<int:trainingseries>/kurs/neu/", views.course_create, name="course_create"),
    path(S + "kurs/<int:course>/", views.course_detail, name="course"),
    path(S + "kurs/<int:course>/bearbeiten/", views.course_edit, name="course_edit"),
    path(S + "anmeldung/<int:courseregistration>/teilnahme/", views.attendance, name="attendance"),
    path(S + "anmeldung/<int:courseregistration>/abmelden/", views.registration_cancel, name="registration_cancel"),
    path(S + "anmeldung/<int:courseregistration>/bescheinigung.pdf", views.certificate, name="certificate"),
]
