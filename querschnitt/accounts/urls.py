from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("konto/profil/", views.profile, name="profile"),
    path("konto/profil/meine-daten.json", views.data_export, name="data_export"),
    path("konto/profil/loeschen/", views.account_delete, name="account_delete"),
    path("konto/einladung/<str:invitation_token>/", views.invitation_accept, name="invitation_accept"),
    path("k/<slug:body>/personen/", views.people, name="people"),
    path("k/<slug:body>/personen/verlauf/", views.people_history, name="people_history"),
    path("k/<slug:body>/personen/<int:roleassignment>/entziehen/", views.role_revoke, name="role_revoke"),
    path(
        "k/<slug:body>/einladungen/<int:invitation>/widerrufen/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
