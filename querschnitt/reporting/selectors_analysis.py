"""Reads of charts and maps: the indicators of a body's concepts with their data, an indicator with everything its
charts need, the body's map layers (without their geometry)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from querschnitt.strategy.models import Indicator
from querschnitt.strategy.selectors import indicators_with_data
from querschnitt.tenancy.models import Body

from .models import GeoLayer


def indicators_of_body(body: Body) -> QuerySet[Indicator]:
    """The body's indicators that belong to one of its concepts (through a guiding or annual goal), with the number
    of their values by area and by breakdown — one query."""
    in_concept = Q(guiding_goals__field__concept__body=body) | Q(annual_goals__field__concept__body=body)
    ids = Indicator.objects.filter(in_concept, body=body).values("pk")
    return (
        Indicator.objects.filter(pk__in=ids)
        .annotate(
            value_count=Count("observations", distinct=True),
            area_count=Count(
                "observations__area_ags",
                filter=~Q(observations__area_ags="") & ~Q(observations__area_ags=body.ags or ""),
                distinct=True,
            ),
            breakdown_count=Count(
                "observations__breakdown_key", filter=~Q(observations__breakdown_key=""), distinct=True
            ),
        )
        .only("id", "name", "unit", "body_id", "draft")
        .order_by("name", "pk")
    )


def indicator_for_charts(indicator: Indicator) -> Indicator:
    """The indicator with its body, targets and totals (what `charts.indicator_charts` and `maps.indicator_map`
    read)."""
    return indicators_with_data(Indicator.objects.select_related("body")).get(pk=indicator.pk)


def geo_layers_of_body(body: Body) -> QuerySet[GeoLayer]:
    """The body's map layers without their geometry (which may be megabytes)."""
    return (
        GeoLayer.objects.filter(body=body)
        .defer("geojson")
        .select_related("uploaded_by")
        .order_by("level", "name", "pk")
    )
