"""Reads of the state-wide view (issue 7, point 4): every NRW body with the figures the Landesintegrationsrat's staff
follow, the totals of a filtered list and the figures of the tile-grid map.

Each column is one correlated subquery on the list of bodies, so a page of bodies — and its totals — costs the same
number of queries however many bodies, members, engagements or registrations there are.

What the columns mean (decided here, shown on the page):

- *uses the platform*: at least one person holds a role (office, member, integration centre, …) in the body. Someone
  signs in and works for it; committee data kept by nobody cannot exist. The members column shows how complete the
  committee's data is.
- *members*: ordinary seats (deputies hold none) of the body's integration committee (ACI, or its former names),
  memberships not deleted, active today and in the legislative term running today (or with no term recorded).
- *directly elected*: those of the members elected as such; they are counted against the 1,262 mandates filled in
  the 2025 election (seed 001). Delegated council members come on top of that figure.
- *coaching*: the status of the body's latest coaching engagement (by request date).
- *training*: registrations for courses of the qualification series naming the body's committee, confirmed or
  attended.
- *concept*: the status of the body's latest integration concept (highest version).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from querschnitt.committees.models import Membership, MembershipGroup, MembershipRole, OrganizationKind
from querschnitt.strategy.models import Concept
from querschnitt.tenancy.models import Body, BodyKind, RoleAssignment

from .models import CoachingEngagement, CourseRegistration, RegistrationStatus
from .tiles import TILES

# Filled mandates of the 2025 election across NRW (seed 001: „NRW-weit wurden 113 Gremien gebildet und 1.262 Mandate
# besetzt“).
MANDATES_NRW = 1262

# The bodies the view lists: the municipal level, not Land and state council.
LISTED_KINDS = (BodyKind.KREIS, BodyKind.KREISFREIE_STADT, BodyKind.STAEDTEREGION, BodyKind.GEMEINDE)
# The 53 areas of the map and of the Kreis filter.
AREA_KINDS = (BodyKind.KREIS, BodyKind.KREISFREIE_STADT, BodyKind.STAEDTEREGION)
# The committee under § 27 GO NRW by its names old and new.
COMMITTEE_KINDS = (
    OrganizationKind.ACI,
    OrganizationKind.INTEGRATION_COUNCIL,
    OrganizationKind.INTEGRATION_COMMITTEE,
)
NO_COACHING = "none"


def _count(queryset: QuerySet[Any], by: str) -> Coalesce:
    """The number of rows of `queryset` whose `by` is the outer body, as a subquery (0 when there are none)."""
    counted = queryset.filter(**{by: OuterRef("pk")}).order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def active_memberships(on: date) -> QuerySet[Membership]:
    """Ordinary seats in an integration committee, not deleted, active on `on`, in the term running then."""
    return Membership.objects.filter(
        Q(start_date__isnull=True) | Q(start_date__lte=on),
        Q(end_date__isnull=True) | Q(end_date__gte=on),
        Q(legislative_term__isnull=True)
        | Q(legislative_term__deleted=False, legislative_term__start_date__lte=on, legislative_term__end_date__gte=on),
        deleted=False,
        organization__deleted=False,
        organization__kind__in=COMMITTEE_KINDS,
    ).exclude(role=MembershipRole.DEPUTY)


def with_figures(bodies: QuerySet[Body], *, on: date | None = None) -> QuerySet[Any]:
    """`bodies` annotated with the columns of the view: uses_platform, members, elected, coaching_status,
    trained and concept_status (each one subquery; see the module docstring for what they mean)."""
    on = on or timezone.localdate()
    memberships = active_memberships(on)
    latest_engagement = CoachingEngagement.objects.filter(body=OuterRef("pk")).order_by("-requested_on", "-pk")
    latest_concept = Concept.objects.filter(body=OuterRef("pk")).order_by("-version", "-pk")
    trained = CourseRegistration.objects.filter(Q(status=RegistrationStatus.CONFIRMED) | Q(attended=True))
    return bodies.annotate(
        uses_platform=Exists(RoleAssignment.objects.filter(body=OuterRef("pk"))),
        members=_count(memberships, "organization__body"),
        elected=_count(memberships.filter(group=MembershipGroup.DIRECTLY_ELECTED), "organization__body"),
        coaching_status=Subquery(latest_engagement.values("status")[:1]),
        trained=_count(trained, "body"),
        concept_status=Subquery(latest_concept.values("status")[:1]),
    )


@dataclass(frozen=True)
class Filters:
    """The filters of the list; empty values filter nothing."""

    kind: str = ""
    district: Body | None = None  # a Kreis, kreisfreie Stadt or the Städteregion: it and the bodies in it
    uses: bool | None = None
    coaching: str = ""  # a CoachingStatus value, or NO_COACHING
    query: str = ""


def statewide_bodies(filters: Filters | None = None, *, on: date | None = None) -> QuerySet[Any]:
    """The NRW bodies of the view with their figures, filtered, by name; the parent is selected."""
    filters = filters or Filters()
    bodies: QuerySet[Any] = with_figures(Body.objects.filter(kind__in=LISTED_KINDS).select_related("parent"), on=on)
    if filters.kind:
        bodies = bodies.filter(kind=filters.kind)
    if filters.district is not None:
        bodies = bodies.filter(Q(pk=filters.district.pk) | Q(parent=filters.district))
    if filters.uses is not None:
        bodies = bodies.filter(uses_platform=filters.uses)
    if filters.coaching == NO_COACHING:
        bodies = bodies.filter(coaching_status__isnull=True)
    elif filters.coaching:
        bodies = bodies.filter(coaching_status=filters.coaching)
    query = filters.query.strip()
    if query:
        bodies = bodies.filter(
            Q(name__icontains=query) | Q(parent__name__icontains=query) | Q(ags__startswith=query) | Q(slug=query)
        )
    return bodies.order_by("name", "ags")


@dataclass(frozen=True)
class Totals:
    bodies: int
    using: int
    members: int
    elected: int
    coached: int
    trained: int
    with_concept: int
    mandates: int = MANDATES_NRW

    @property
    def elected_share(self) -> int:
        """Per cent of the 1,262 mandates recorded, rounded down (never 100 before all are in)."""
        return self.elected * 100 // self.mandates


def totals_of(bodies: QuerySet[Any]) -> Totals:
    """The totals row of a filtered list from `statewide_bodies`, in one query.

    Summed here rather than by `aggregate()`: Django drops the coalesced subquery annotations from the inner query of
    such an aggregate, and SQLite then sums the column *names* as strings (0). At most 427 rows of six numbers."""
    rows = bodies.order_by().values_list(
        "uses_platform", "members", "elected", "coaching_status", "trained", "concept_status"
    )
    totals = [0] * 7
    for uses, members, elected, coaching, trained, concept in rows:
        for index, value in enumerate((1, uses, members, elected, coaching is not None, trained, concept is not None)):
            totals[index] += int(value or 0)
    return Totals(*totals)


# --- The map -------------------------------------------------------------------------------------------------------


@dataclass
class MapTile:
    """One of the 53 areas on the map: the Kreis (with its Gemeinden), kreisfreie Stadt or Städteregion."""

    ags: str
    code: str
    short_name: str
    row: int
    column: int
    body: Body | None = None
    bodies: int = 0
    using: int = 0

    @property
    def share(self) -> int:
        """Per cent of the area's bodies that use the platform."""
        return self.using * 100 // self.bodies if self.bodies else 0

    @property
    def level(self) -> str:
        """The colour class: none, low (up to a third), medium (up to two thirds), high."""
        if not self.using:
            return "none"
        if self.using * 3 <= self.bodies:
            return "low"
        if self.using * 3 <= self.bodies * 2:
            return "medium"
        return "high"


def map_tiles() -> list[MapTile]:
    """The 53 tiles of `tiles.TILES` with the number of bodies in each area (a Kreis or the Städteregion with its
    Gemeinden, a kreisfreie Stadt alone) and how many of them use the platform, in the order of the grid.

    Two queries: the areas, and every listed body's area key with its use flag, summed up here."""
    areas = {
        body.ags: body for body in Body.objects.filter(kind__in=AREA_KINDS).only("pk", "name", "slug", "ags", "kind")
    }
    tiles = {
        tile.ags: MapTile(tile.ags, tile.code, tile.short_name, tile.row, tile.column, body=areas.get(tile.ags))
        for tile in TILES
    }
    rows = (
        Body.objects.filter(kind__in=LISTED_KINDS)
        .annotate(uses_platform=Exists(RoleAssignment.objects.filter(body=OuterRef("pk"))))
        .values_list("kind", "ags", "parent__ags", "uses_platform")
    )
    for kind, ags, parent_ags, uses in rows:
        area = parent_ags if kind == BodyKind.GEMEINDE else ags
        tile = tiles.get(area or "")
        if tile is None:
            continue
        tile.bodies += 1
        tile.using += bool(uses)
    return sorted(tiles.values(), key=lambda tile: (tile.row, tile.column))
