"""URLs of the OParl import (namespace "oparl_import"), mounted below /k/ next to the tenancy URLs. The body is the
parameter `body` (its slug), as the tenant crawler expects."""

from django.urls import path

from . import views_import

app_name = "oparl_import"
urlpatterns = [
    path("<slug:body>/oparl-import/", views_import.source, name="source"),
    path("<slug:body>/oparl-import/starten/", views_import.start, name="start"),
]
