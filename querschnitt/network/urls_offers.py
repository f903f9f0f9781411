"""URLs of the offers directory: the public directory under `angebote/<body>/` (no sign-in), the editor's secret
link under `angebotsredaktion/<token>/`, and the body's own pages under `k/<body>/angebote/`. Parameters are named
after their models (the tenant crawler fills them with another body's objects)."""

from django.urls import path

from . import views_offers as views

app_name = "offers"
P = "angebote/<slug:body>/"
E = "angebotsredaktion/<str:offereditorinvitation_token>/"
K = "k/<slug:body>/angebote/"

urlpatterns = [
    path(P, views.directory, name="directory"),
    path(P + "angebote.csv", views.directory_csv, name="directory_csv"),
    path(P + "angebote.json", views.directory_json, name="directory_json"),
    path(P + "<int:offer>/", views.public_offer, name="public_offer"),
    path(E, views.editor_home, name="editor_home"),
    path(E + "neu/", views.editor_offer_create, name="editor_offer_create"),
    path(E + "<int:offer>/bearbeiten/", views.editor_offer_edit, name="editor_offer_edit"),
    path(K, views.offers_manage, name="manage"),
    path(K + "neu/", views.offer_create, name="offer_create"),
    path(K + "pruefung/", views.offers_review, name="review"),
    path(K + "redaktion/", views.offer_editors, name="editors"),
    path(K + "redaktion/<int:offereditorinvitation>/widerrufen/", views.offer_editor_revoke, name="editor_revoke"),
    path(K + "<int:offer>/", views.offer_detail, name="offer"),
    path(K + "<int:offer>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path(K + "<int:offer>/verlauf/", views.offer_history, name="offer_history"),
    path(K + "<int:offer>/veroeffentlichen/", views.offer_publish, name="offer_publish"),
    path(K + "<int:offer>/zurueckgeben/", views.offer_send_back, name="offer_send_back"),
    path(K + "<int:offer>/archivieren/", views.offer_archive, name="offer_archive"),
]
