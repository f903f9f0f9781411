"""URLs of the integration centre under `/k/<body>/integrationszentrum/`. Parameters are named after their models
(the tenant crawler fills them with another body's objects)."""

from django.urls import path

from . import views_centre as views

app_name = "centre"
C = "k/<slug:body>/integrationszentrum/"
R = C + "anfragen/"
E = C + "veranstaltungen/"

urlpatterns = [
    path(C, views.dashboard, name="dashboard"),
    path(C + "leistungen/", views.services, name="services"),
    path(C + "leistungen/neu/", views.service_create, name="service_create"),
    path(C + "leistungen/<int:centreservice>/bearbeiten/", views.service_edit, name="service_edit"),
    path(R, views.requests, name="requests"),
    path(R + "export.csv", views.requests_export_csv, name="requests_export_csv"),
    path(R + "neu/", views.request_create, name="request_create"),
    path(R + "<int:counsellingrequest>/", views.request_detail, name="request"),
    path(R + "<int:counsellingrequest>/bearbeiten/", views.request_edit, name="request_edit"),
    path(R + "<int:counsellingrequest>/status/", views.request_status, name="request_status"),
    path(R + "<int:counsellingrequest>/verlauf/", views.request_history, name="request_history"),
    path(R + "<int:counsellingrequest>/zeit/", views.time_entry_create, name="time_entry_create"),
    path(
        R + "<int:counsellingrequest>/personendaten-loeschen/",
        views.request_personal_data_delete,
        name="request_personal_data_delete",
    ),
    path(R + "zeit/<int:counsellingtimeentry>/entfernen/", views.time_entry_delete, name="time_entry_delete"),
    path(E, views.events, name="events"),
    path(E + "export.csv", views.events_export_csv, name="events_export_csv"),
    path(E + "neu/", views.event_create, name="event_create"),
    path(E + "<int:networkevent>/", views.event_detail, name="event"),
    path(E + "<int:networkevent>/bearbeiten/", views.event_edit, name="event_edit"),
    path(E + "<int:networkevent>/loeschen/", views.event_delete, name="event_delete"),
]
