"""URLs of charts and maps: an indicator's charts with data table, map layers (GeoJSON) and choropleth or tile maps.
Parameters are named after their models (the tenant crawler fills them); a chart's number is the query parameter
`nr`."""

from django.urls import path

from . import views_analysis as views

app_name = "analysis"
K = "k/<slug:body>/"
I = K + "auswertung/indikator/<int:indicator>/"  # noqa: E741

urlpatterns = [
    path(K + "auswertung/", views.overview, name="overview"),
    path(I, views.indicator, name="indicator"),
    path(I + "diagramm.vl.json", views.chart_spec, name="chart_spec"),
    path(I + "diagramm.svg", views.chart_svg, name="chart_svg"),
    path(I + "diagramm.csv", views.chart_csv, name="chart_csv"),
    path(K + "karten/", views.layers, name="layers"),
    path(K + "karten/<int:geolayer>/loeschen/", views.layer_delete, name="layer_delete"),
]
