"""URLs of the network: actors under `akteure/`, the steering group under `steuerungsgruppe/`. Parameters are named
after their models (the tenant crawler fills them with another body's objects)."""

from django.urls import path

from . import views, views_steering

app_name = "network"
B = "k/<slug:body>/"
A = B + "akteure/"
S = B + "steuerungsgruppe/"

urlpatterns = [
    path(A, views.actors, name="actors"),
    path(A + "neu/", views.actor_create, name="actor_create"),
    path(A + "export.csv", views.actors_export_csv, name="actors_export_csv"),
    path(A + "export.xlsx", views.actors_export_xlsx, name="actors_export_xlsx"),
    path(A + "import/", views.actors_import, name="actors_import"),
    path(A + "import/vorlage.csv", views.actors_import_template, name="actors_import_template"),
    path(A + "arten/", views.actor_kinds, name="actor_kinds"),
    path(A + "art/<int:actorkind>/bearbeiten/", views.actor_kind_edit, name="actor_kind_edit"),
    path(A + "<int:actor>/", views.actor_detail, name="actor"),
    path(A + "<int:actor>/bearbeiten/", views.actor_edit, name="actor_edit"),
    path(A + "<int:actor>/verlauf/", views.actor_history, name="actor_history"),
    path(A + "<int:actor>/ansprechperson/neu/", views.contact_create, name="contact_create"),
    path(A + "ansprechperson/<int:contactperson>/bearbeiten/", views.contact_edit, name="contact_edit"),
    path(A + "ansprechperson/<int:contactperson>/loeschen/", views.contact_delete, name="contact_delete"),
    path(A + "<int:actor>/kooperation/neu/", views.cooperation_create, name="cooperation_create"),
    path(A + "kooperation/<int:cooperationentry>/loeschen/", views.cooperation_delete, name="cooperation_delete"),
    path(S, views_steering.steering_groups, name="steering_groups"),
    path(S + "neu/", views_steering.steering_group_create, name="steering_group_create"),
    path(S + "<int:steeringgroup>/", views_steering.steering_group_detail, name="steering_group"),
    path(S + "<int:steeringgroup>/bearbeiten/", views_steering.steering_group_edit, name="steering_group_edit"),
    path(S + "<int:steeringgroup>/verlauf/", views_steering.steering_group_history, name="steering_group_history"),
    path(S + "<int:steeringgroup>/sitz/neu/", views_steering.seat_create, name="seat_create"),
    path(S + "<int:steeringgroup>/sitze/einfuegen/", views_steering.seats_paste, name="seats_paste"),
    path(S + "<int:steeringgroup>/aufgabe/neu/", views_steering.task_create, name="task_create"),
    path(S + "sitz/<int:steeringgroupseat>/bearbeiten/", views_steering.seat_edit, name="seat_edit"),
    path(S + "sitz/<int:steeringgroupseat>/entfernen/", views_steering.seat_delete, name="seat_delete"),
    path(S + "sitz/<int:steeringgroupseat>/person/neu/", views_steering.holder_create, name="holder_create"),
    path(S + "person/<int:seatholder>/bearbeiten/", views_steering.holder_edit, name="holder_edit"),
    path(S + "person/<int:seatholder>/entfernen/", views_steering.holder_delete, name="holder_delete"),
    path(S + "aufgabe/<int:steeringgrouptask>/bearbeiten/", views_steering.task_edit, name="task_edit"),
    path(S + "aufgabe/<int:steeringgrouptask>/erledigt/", views_steering.task_done, name="task_done"),
    path(S + "aufgabe/<int:steeringgrouptask>/entfernen/", views_steering.task_delete, name="task_delete"),
]
