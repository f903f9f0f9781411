from django.urls import path

from . import views

app_name = "tenancy"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("wechseln/", views.body_switch, name="switch"),
    path("<slug:body>/", views.dashboard, name="dashboard"),
]
