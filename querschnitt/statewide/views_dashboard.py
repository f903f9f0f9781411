"""The state-wide view for the Landesintegrationsrat's staff: every NRW body with its figures, a tile-grid map of the
53 Kreise and kreisfreie Städte and a CSV export of the filtered list.

It lives under the state council's body (`/k/landesintegrationsrat-nrw/landesweit/`); under any other body it does
not exist (404). Needs `statewide.view_dashboard` (state staff); anyone else signed in gets 403.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from querschnitt.core.csv_export import csv_bytes
from querschnitt.core.htmx import is_htmx
from querschnitt.strategy.models import ConceptStatus
from querschnitt.tenancy.access import access_body, require_perm
from querschnitt.tenancy.models import Body, BodyKind

from . import selectors_dashboard as selectors
from .models import CoachingStatus
from .tiles import COLUMNS

PAGE_SIZE = 100
PERM = "statewide.view_dashboard"
YES, NO = "ja", "nein"


class StatewideFilterForm(forms.Form):
    """The filters of the list of bodies; the map's tiles link to it with `kreis`. Parameters in German."""

    q = forms.CharField(label=gettext_lazy("Name or AGS"), required=False, max_length=100)
    art = forms.ChoiceField(label=gettext_lazy("Kind of body"), required=False)
    kreis = forms.ModelChoiceField(
        label=gettext_lazy("District or district-free city"),
        queryset=Body.objects.none(),
        to_field_name="slug",
        required=False,
    )
    nutzung = forms.ChoiceField(label=gettext_lazy("Uses the platform"), required=False)
    coaching = forms.ChoiceField(label=gettext_lazy("Coaching"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = dict(BodyKind.choices)
        cast(forms.ChoiceField, self.fields["art"]).choices = [
            ("", _("all kinds")),
            *[(kind.value, kinds[kind.value]) for kind in selectors.LISTED_KINDS],
        ]
        district = cast(forms.ModelChoiceField, self.fields["kreis"])
        district.queryset = Body.objects.filter(kind__in=selectors.AREA_KINDS).only("pk", "name", "slug")
        district.empty_label = _("all districts")
        cast(forms.ChoiceField, self.fields["nutzung"]).choices = [("", _("all")), (YES, _("yes")), (NO, _("no"))]
        cast(forms.ChoiceField, self.fields["coaching"]).choices = [
            ("", _("all")),
            (selectors.NO_COACHING, _("no coaching")),
            *CoachingStatus.choices,
        ]

    def filters(self) -> selectors.Filters:
        """The filters for `selectors_dashboard.statewide_bodies`; a filter that does not parse is left out."""
        data = self.cleaned_data if self.is_valid() else {}
        uses = data.get("nutzung")
        return selectors.Filters(
            kind=data.get("art") or "",
            district=data.get("kreis"),
            uses=True if uses == YES else False if uses == NO else None,
            coaching=data.get("coaching") or "",
            query=data.get("q") or "",
        )


def _state_council(request: HttpRequest, slug: str) -> Body:
    body = access_body(slug)
    if body.kind != BodyKind.STATE_COUNCIL:
        raise Http404
    require_perm(request.user, PERM, body)
    return body


def _filtered(request: HttpRequest) -> tuple[StatewideFilterForm, Any]:
    form = StatewideFilterForm(request.GET or None)
    return form, selectors.statewide_bodies(form.filters())


def _with_labels(bodies: Iterable[Body]) -> list[Body]:
    """The annotated status values with their labels (`coaching_label`, `concept_label`) for the table and CSV."""
    coaching = dict(CoachingStatus.choices)
    concept = dict(ConceptStatus.choices)
    rows = list(bodies)
    for body in rows:
        body.coaching_label = coaching.get(body.coaching_status, "")  # type: ignore[attr-defined]
        body.concept_label = concept.get(body.concept_status, "")  # type: ignore[attr-defined]
    return rows


@login_required
@require_safe
def overview(request, body):
    """The view of all NRW bodies: headline figures, the map (full page only) and the filtered, paged table with
    its totals; an HTMX request gets the table alone."""
    body = _state_council(request, body)
    form, bodies = _filtered(request)
    page = Paginator(bodies, PAGE_SIZE).get_page(request.GET.get("seite"))
    page.object_list = _with_labels(page.object_list)
    context: dict[str, Any] = {
        "body": body,
        "form": form,
        "page": page,
        "totals": selectors.totals_of(bodies),
        "query_string": request.GET.urlencode(),
    }
    if is_htmx(request):
        return render(request, "statewide/dashboard/includes/results.html", context)
    context.update(
        state=selectors.totals_of(selectors.statewide_bodies()),
        tiles=selectors.map_tiles(),
        grid_columns=COLUMNS,
    )
    return render(request, "statewide/dashboard/overview.html", context)


# --- CSV -----------------------------------------------------------------------------------------------------------


def csv_headings() -> list[str]:
    return [
        _("AGS"),
        _("Name"),
        _("Kind of body"),
        _("District"),
        _("Uses the platform"),
        _("Members"),
        _("Of them directly elected"),
        _("Coaching"),
        _("Training registrations"),
        _("Integration concept"),
    ]


def bodies_csv(bodies: Iterable[Body]) -> bytes:
    rows = []
    for item in _with_labels(bodies):
        parent = item.parent.name if item.parent and item.kind == BodyKind.GEMEINDE else ""
        row = [
            item.ags or "",
            item.name,
            str(item.get_kind_display()),
            parent,
            _("yes") if item.uses_platform else _("no"),  # type: ignore[attr-defined]
            str(item.members),  # type: ignore[attr-defined]
            str(item.elected),  # type: ignore[attr-defined]
            str(item.coaching_label),  # type: ignore[attr-defined]
            str(item.trained),  # type: ignore[attr-defined]
            str(item.concept_label),  # type: ignore[attr-defined]
        ]
        rows.append(row)
    return csv_bytes(csv_headings(), rows)


@login_required
@require_safe
def overview_export_csv(request, body):
    """The filtered list (all pages) as CSV."""
    body = _state_council(request, body)
    _form, bodies = _filtered(request)
    response = HttpResponse(bodies_csv(bodies), content_type="text/csv; charset=utf-8")
    file_name = f"landesweite-uebersicht-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
