"""Access helpers of reporting: another body's object, or one the actor may not see, is a 404.

Reports, versions, map layers, area names and the import log belong to a body (`BODY_PATH`) and are read by everyone
who works in it (`reporting.view_reports`) and by state staff. A published version of a report and the published
public page are for everyone (`access_published_version`, `access_public_page`).
"""

from typing import Any, TypeVar

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from querschnitt.tenancy.models import Body

from . import models as m

M = TypeVar("M", bound=models.Model)

# The path from each model to the body it belongs to.
BODY_PATH: dict[type[models.Model], str] = {
    m.Report: "body",
    m.ReportText: "report__body",
    m.ReportVersion: "report__body",
    m.GeoLayer: "body",
    m.AreaAlias: "body",
    m.StatisticsImport: "body",
    m.PublicPage: "body",
}


def access_reporting_object(actor: Any, body: Body, model: type[M], pk: int, *, select_related: tuple = ()) -> M:
    """An object of `body` for those who may read the body's reports; anything else is a 404."""
    if not actor.has_perm("reporting.view_reports", body):
        raise Http404
    queryset = model._default_manager.all()
    if select_related:
        queryset = queryset.select_related(*select_related)
    return get_object_or_404(queryset, pk=pk, **{BODY_PATH[model]: body})


def access_published_version(body: Body, pk: int) -> m.ReportVersion:
    """A published version of a report of `body`, for everyone."""
    return get_object_or_404(
        m.ReportVersion.objects.select_related("report", "report__body", "report__concept"),
        pk=pk,
        report__body=body,
        published_at__isnull=False,
    )


def access_public_page(body: Body) -> m.PublicPage:
    """The published public page of `body`, for everyone; a 404 while the body has not published it."""
    return get_object_or_404(m.PublicPage.objects.select_related("body", "concept"), body=body, published=True)
