from django.urls import path

from . import views, views_events, views_participants

app_name = "participation"
B = "k/<slug:body>/"
V = B + "punktabfrage/<int:dotvote>/"
urlpatterns = [
    path(B + "workshops/", views.processes, name="processes"),
    path(B + "workshops/neu/", views.process_create, name="process_create"),
    path(B + "workshop/<int:workshopprocess>/", views.process_detail, name="process"),
    path(B + "workshop/<int:workshopprocess>/bearbeiten/", views.process_edit, name="process_edit"),
    path(B + "workshop-phase/<int:workshopphase>/bearbeiten/", views.phase_edit, name="phase_edit"),
    path(B + "workshop-phase/<int:workshopphase>/aufgabe/neu/", views.checklist_add, name="checklist_add"),
    path(B + "workshop-tag/<int:workshopday>/bearbeiten/", views.day_edit, name="day_edit"),
    path(B + "aufgabe/<int:checklistitem>/erledigt/", views.checklist_toggle, name="checklist_toggle"),
    path(B + "punktabfragen/", views.dot_votes, name="dot_votes"),
    path(B + "punktabfragen/neu/", views.dot_vote_create, name="dot_vote_create"),
    path(V, views.dot_vote_detail, name="dot_vote"),
    path(V + "bearbeiten/", views.dot_vote_edit, name="dot_vote_edit"),
    path(V + "oeffnen/", views.dot_vote_open, name="dot_vote_open"),
    path(V + "schliessen/", views.dot_vote_close, name="dot_vote_close"),
    path(V + "codes/", views.dot_vote_voters, name="dot_vote_voters"),
    path(V + "codekarten/", views.dot_vote_cards, name="dot_vote_cards"),
    path(V + "papier/", views.dot_vote_paper, name="dot_vote_paper"),
    path(V + "stichentscheid/", views.dot_vote_tie_break, name="dot_vote_tie_break"),
    path(V + "stichwahl-uebernehmen/", views.dot_vote_apply_run_off, name="dot_vote_apply_run_off"),
    path(V + "uebernehmen/", views.dot_vote_adopt, name="dot_vote_adopt"),
    path(V + "projektion/", views.dot_vote_projector, name="dot_vote_projector"),
    path(V + "ergebnis.csv", views.dot_vote_export, name="dot_vote_export"),
    path(V + "ergebnis.pdf", views.dot_vote_export_pdf, name="dot_vote_export_pdf"),
    path(V + "abstimmen/", views.dot_vote_ballot, name="dot_vote_ballot"),
    path(B + "papierpunkte/<int:papertally>/loeschen/", views.paper_tally_delete, name="paper_tally_delete"),
    path("abstimmen/", views.join, name="join"),
    path("abstimmen/<str:voter_token>/", views.ballot, name="ballot"),
]

P = B + "workshop/<int:workshopprocess>/"
E = B + "veranstaltung/<int:event>/"
urlpatterns += [
    path(P + "teilnehmende/", views_participants.participants, name="participants"),
    path(P + "teilnehmende/neu/", views_participants.participant_create, name="participant_create"),
    path(P + "plaetze-und-kosten/", views_participants.capacity_edit, name="capacity_edit"),
    path(
        B + "teilnehmende/<int:participant>/bearbeiten/", views_participants.participant_edit, name="participant_edit"
    ),
    path(
        B + "teilnehmende/<int:participant>/status/", views_participants.participant_status, name="participant_status"
    ),
    path(
        B + "teilnehmende/<int:participant>/loeschen/", views_participants.participant_delete, name="participant_delete"
    ),
    path(B + "workshop-tag/<int:workshopday>/anwesenheit/", views_participants.attendance, name="attendance"),
    path(B + "workshop-preise/", views_participants.price_model_edit, name="price_model"),
    path(B + "veranstaltungen/", views_events.events, name="events"),
    path(B + "veranstaltungen/neu/", views_events.event_create, name="event_create"),
    path(E, views_events.event_detail, name="event"),
    path(E + "bearbeiten/", views_events.event_edit, name="event_edit"),
    path(E + "anmelden/", views_events.event_register, name="event_register"),
    path(E + "anmeldungen/", views_events.registrations, name="registrations"),
    path(E + "dokumentation/", views_events.event_record, name="event_record"),
    path(E + "dokumentation/datei/", views_events.event_file_add, name="event_file_add"),
    path(
        B + "anmeldung/<int:eventregistration>/stornieren/",
        views_events.registration_cancel,
        name="registration_cancel",
    ),
    path(B + "veranstaltungsdatei/<int:eventfile>/", views_events.event_file, name="event_file"),
    path(
        B + "veranstaltungsdatei/<int:eventfile>/entfernen/", views_events.event_file_delete, name="event_file_delete"
    ),
    path("veranstaltung/abmelden/<str:eventregistration_token>/", views_events.event_cancel, name="event_cancel"),
]
