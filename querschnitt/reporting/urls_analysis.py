"""URLs of charts and maps: an indicator's charts with data table, map layers (GeoJSON) and choropleth or tile maps.
Parameters are named after their models (the tenant crawler fills them)."""

from django.urls import path  # noqa: F401

app_name = "analysis"
K = "k/<slug:body>/"

urlpatterns: list = []
