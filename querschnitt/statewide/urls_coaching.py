"""URLs of the state level: coaching. Parameters are named after their models (the tenant crawler fills them).

`/k/<body>/coaching/` is a body's list and request form; at the state council's body it is the state staff's list
of all engagements, and the topic catalogue lives below it."""

from django.urls import path

from . import views_coaching as views

app_name = "coaching"
C = "k/<slug:body>/coaching/"
E = C + "<int:coachingengagement>/"
T = C + "themen/"

urlpatterns = [
    path(C, views.engagements, name="engagements"),
    path(E, views.engagement_detail, name="engagement"),
    path(E + "bearbeiten/", views.engagement_edit, name="engagement_edit"),
    path(E + "entscheiden/", views.engagement_decide, name="engagement_decide"),
    path(E + "abschliessen/", views.engagement_close, name="engagement_close"),
    path(E + "wieder-aufnehmen/", views.engagement_reopen, name="engagement_reopen"),
    path(E + "verlauf/", views.engagement_history, name="engagement_history"),
    path(E + "termine/neu/", views.session_create, name="session_create"),
    path(E + "dokumente/neu/", views.document_create, name="document_create"),
    path(C + "schritt/<int:coachingstep>/bearbeiten/", views.step_edit, name="step_edit"),
    path(C + "termin/<int:coachingsession>/bearbeiten/", views.session_edit, name="session_edit"),
    path(C + "termin/<int:coachingsession>/loeschen/", views.session_delete, name="session_delete"),
    path(C + "dokument/<int:coachingdocument>/", views.document_download, name="document"),
    path(C + "dokument/<int:coachingdocument>/entfernen/", views.document_delete, name="document_delete"),
    path(T, views.topics, name="topics"),
    path(T + "neu/", views.topic_create, name="topic_create"),
    path(T + "<int:coachingtopic>/bearbeiten/", views.topic_edit, name="topic_edit"),
    path(T + "<int:coachingtopic>/angebot/", views.topic_set_active, name="topic_set_active"),
]
