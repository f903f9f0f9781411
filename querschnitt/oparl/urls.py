"""URLs of the OParl 1.1 API (namespace "oparl"), mounted at /oparl/. The entry point is the System object at
/oparl/v1.1/. URL parameters are named after the models (`<int:meeting>`, `<slug:body>`) as the tenant crawler
expects. Paths end in a slash; anything else below /oparl/ answers an OParl error object."""

from django.urls import path, re_path

from . import views

app_name = "oparl"
V = "v1.1/"
B = V + "body/<slug:body>/"

urlpatterns = [
    path("", views.index),
    path(V, views.system, name="system"),
    path(V + "body/", views.body_list, name="body_list"),
    path(B, views.body_detail, name="body"),
    path(B + "organization/", views.body_organizations, name="body_organizations"),
    path(B + "person/", views.body_persons, name="body_persons"),
    path(B + "meeting/", views.body_meetings, name="body_meetings"),
    path(B + "paper/", views.body_papers, name="body_papers"),
    path(B + "agendaitem/", views.body_agenda_items, name="body_agendaitems"),
    path(B + "consultation/", views.body_consultations, name="body_consultations"),
    path(B + "file/", views.body_files, name="body_files"),
    path(B + "location/", views.body_locations, name="body_locations"),
    path(B + "legislativeterm/", views.body_legislative_terms, name="body_legislativeterms"),
    path(B + "membership/", views.body_memberships, name="body_memberships"),
    path(V + "organization/<int:organization>/", views.organization, name="organization"),
    path(V + "organization/<int:organization>/meeting/", views.organization_meetings, name="organization_meetings"),
    path(
        V + "organization/<int:organization>/consultation/",
        views.organization_consultations,
        name="organization_consultations",
    ),
    path(V + "person/<int:person>/", views.person, name="person"),
    path(V + "membership/<int:membership>/", views.membership, name="membership"),
    path(V + "meeting/<int:meeting>/", views.meeting, name="meeting"),
    path(V + "agendaitem/<int:agendaitem>/", views.agenda_item, name="agendaitem"),
    path(V + "paper/<int:paper>/", views.paper, name="paper"),
    path(V + "consultation/<int:consultation>/", views.consultation, name="consultation"),
    path(V + "file/<int:file>/", views.file, name="file"),
    path(V + "file/<int:file>/access/", views.file_access, name="file_access"),
    path(V + "file/<int:file>/download/", views.file_download, name="file_download"),
    path(V + "location/<int:location>/", views.location, name="location"),
    path(V + "legislativeterm/<int:legislativeterm>/", views.legislative_term, name="legislativeterm"),
    # Unnamed on purpose (the tenant crawler walks named patterns): every other path ending in a slash gets an
    # OParl error object; one without the slash is first redirected here by APPEND_SLASH.
    re_path(r"^.*/$", views.not_found),
]
