"""URLs of meetings: planning, invitation, agenda, attendance, votes, minutes, calendars."""

from django.urls import path

from . import views_meetings as views

B = "k/<slug:body>/"
M = B + "sitzung/<int:meeting>/"
T = B + "top/<int:agendaitem>/"

urlpatterns = [
    path(B + "sitzungen/", views.meetings, name="meetings"),
    path(B + "sitzungen/neu/", views.meeting_create, name="meeting_create"),
    path(B + "sitzungen/kalender/", views.calendars, name="calendars"),
    path(M, views.meeting_detail, name="meeting"),
    path(M + "bearbeiten/", views.meeting_edit, name="meeting_edit"),
    path(M + "einladen/", views.meeting_invite, name="meeting_invite"),
    path(M + "tagesordnung/neu/", views.agenda_item_create, name="agenda_item_create"),
    path(M + "tagesordnung/vorlage/", views.agenda_template, name="agenda_template"),
    path(M + "anwesenheit/", views.attendance, name="attendance"),
    path(M + "niederschrift/", views.minutes_edit, name="minutes"),
    path(M + "niederschrift/unterzeichnen/", views.minutes_sign, name="minutes_sign"),
    path(M + "niederschrift/berichtigung/", views.minutes_correction, name="minutes_correction"),
    path(T + "bearbeiten/", views.agenda_item_edit, name="agenda_item_edit"),
    path(T + "abstimmung/", views.agenda_item_vote, name="agenda_item_vote"),
    path(T + "verschieben/", views.agenda_item_move, name="agenda_item_move"),
    path(T + "entfernen/", views.agenda_item_delete, name="agenda_item_delete"),
    path(B + "gremium/<int:organization>/sitzungen.ics", views.organization_calendar, name="organization_calendar"),
    # The parameter is named <model>_<field>: the tenant crawler treats it as a secret and tries a wrong one.
    path("kalender/<str:person_calendar_token>.ics", views.person_calendar, name="person_calendar"),
]
