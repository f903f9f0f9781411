"""Reads for the start page of reporting."""

from dataclasses import dataclass

from django.db.models import Count, Q

from querschnitt.strategy.models import Indicator
from querschnitt.tenancy.models import Body

from . import models as m


@dataclass(frozen=True)
class HubFigures:
    reports: int
    published_versions: int
    indicators: int
    geo_layers: int
    last_import: m.StatisticsImport | None
    public_page_published: bool


def hub_figures(body: Body) -> HubFigures:
    """The figures of the start page in a handful of queries, whatever the amount of data."""
    reports = m.Report.objects.filter(body=body).aggregate(
        reports=Count("pk", distinct=True),
        published=Count("versions", filter=Q(versions__published_at__isnull=False)),
    )
    return HubFigures(
        reports=reports["reports"],
        published_versions=reports["published"],
        indicators=Indicator.objects.filter(body=body).count(),
        geo_layers=m.GeoLayer.objects.filter(body=body).count(),
        last_import=m.StatisticsImport.objects.filter(body=body).select_related("imported_by").first(),
        public_page_published=m.PublicPage.objects.filter(body=body, published=True).exists(),
    )
