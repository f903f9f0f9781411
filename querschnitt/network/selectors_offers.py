"""Reads of the offers directory, each with its queries named: the public directory (published offers valid today,
filtered on indexes), the body's own list, the review queue with what changed, and the change history of an offer.

The public directory of a Kreis (or Städteregion) also lists the offers of its municipalities' actors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django.db.models import Case, Exists, Field, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from querschnitt.core.history import HistoryEntry, history_entries
from querschnitt.tenancy.models import Body

from .models_offers import (
    BODIES_WITH_MUNICIPALITIES,
    OFFER_CONTENT_FIELDS,
    Offer,
    OfferEditorInvitation,
    OfferKind,
    OfferLanguage,
    OfferStatus,
    OfferTargetGroup,
    TargetGroup,
    language_choices,
    language_name,
    offer_content,
    place_label,
)

# --- The public directory ------------------------------------------------------------------------------------------


def public_offers(body: Body, *, today: date | None = None) -> QuerySet[Offer]:
    """What the public sees of the body: published offers of its active actors (for a Kreis, also of its
    municipalities' actors) that are offered today. Never a draft, an offer in review or an archived one."""
    today = today or timezone.localdate()
    of_body = Q(actor__body=body)
    if body.kind in BODIES_WITH_MUNICIPALITIES:
        of_body |= Q(actor__body__parent=body)
    return Offer.objects.filter(of_body, status=OfferStatus.PUBLISHED, actor__active=True).filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
    )


@dataclass
class DirectoryFilters:
    query: str = ""
    language: str = ""
    municipality_id: int | None = None
    target_group: str = ""
    kind: str = ""
    free_of_charge: bool = False
    accessible: bool = False
    childcare: bool = False


def _with_content(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    return offers.select_related("actor", "municipality").prefetch_related(
        Prefetch("languages", queryset=OfferLanguage.objects.order_by("code")),
        Prefetch("target_groups", queryset=OfferTargetGroup.objects.order_by("code")),
    )


def offer_directory(body: Body, filters: DirectoryFilters | None = None) -> QuerySet[Offer]:
    """The public directory, filtered: search in title, description and provider; language, place, target group
    (an offer for everyone is for every group), kind, free of charge, barrier-free, with childcare. Four queries for
    a page however many offers match: count, page, languages, target groups."""
    filters = filters or DirectoryFilters()
    offers = public_offers(body)
    if filters.query:
        offers = offers.filter(
            Q(title__icontains=filters.query)
            | Q(description__icontains=filters.query)
            | Q(actor__name__icontains=filters.query)
            | Q(actor__short_name__icontains=filters.query)
        )
    if filters.language:
        offers = offers.filter(
            Exists(OfferLanguage.objects.filter(offer=OuterRef("pk"), code=filters.language)),
        )
    if filters.municipality_id:
        offers = offers.filter(municipality_id=filters.municipality_id)
    if filters.target_group:
        groups = {filters.target_group, TargetGroup.EVERYONE}
        offers = offers.filter(Exists(OfferTargetGroup.objects.filter(offer=OuterRef("pk"), code__in=groups)))
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.free_of_charge:
        offers = offers.filter(free_of_charge=True)
    if filters.accessible:
        offers = offers.filter(accessible=True)
    if filters.childcare:
        offers = offers.filter(childcare=True)
    return _with_content(offers).order_by("title", "pk")


def public_offer_queryset(body: Body) -> QuerySet[Offer]:
    """For the public page of one offer: found only among the body's public offers."""
    return _with_content(public_offers(body))


def directory_languages(body: Body) -> list[tuple[str, str]]:
    """The languages the body's public offers are held in, by name (German first), for the filter."""
    used = set(
        OfferLanguage.objects.filter(offer__in=public_offers(body).values("pk"))
        .values_list("code", flat=True)
        .distinct()
    )
    return [(code, name) for code, name in language_choices() if code in used]


def directory_places(body: Body) -> list[tuple[int, str]]:
    """The places of the body's public offers, for the filter: the Kreis itself („kreisweit“) first."""
    places = Body.objects.filter(pk__in=public_offers(body).values("municipality_id")).order_by(
        Case(When(pk=body.pk, then=Value(0)), default=Value(1), output_field=IntegerField()), "name"
    )
    return [(place.pk, place_label(place)) for place in places]


# --- The body's own list, the review queue, the editors ------------------------------------------------------------


def places_for_body(body: Body) -> QuerySet[Body]:
    """Where an offer of the body's actors can take place: the body itself and its municipalities."""
    return Body.objects.filter(Q(pk=body.pk) | Q(parent=body)).order_by(
        Case(When(pk=body.pk, then=Value(0)), default=Value(1), output_field=IntegerField()), "name"
    )


AWAITING_REVIEW = "pruefung"


def offers_of_body(body: Body, *, query: str = "", status: str = "") -> QuerySet[Offer]:
    """All offers of the body's actors, whatever their status; `status` "pruefung" means waiting for review."""
    offers = Offer.objects.filter(actor__body=body)
    if query:
        offers = offers.filter(
            Q(title__icontains=query) | Q(description__icontains=query) | Q(actor__name__icontains=query)
        )
    if status == AWAITING_REVIEW:
        offers = offers.filter(review_requested_at__isnull=False)
    elif status in OfferStatus.values:
        offers = offers.filter(status=status)
    return offers.select_related("actor", "municipality").order_by("title", "pk")


def offers_awaiting_review_count(body: Body) -> int:
    return Offer.objects.filter(actor__body=body, review_requested_at__isnull=False).count()


def offers_of_actor(network_actor: Any) -> QuerySet[Offer]:
    """An actor's offers for its editor: every status, with what is waiting."""
    return _with_content(Offer.objects.filter(actor=network_actor)).order_by("title", "pk")


def invitations_of_body(body: Body) -> QuerySet[OfferEditorInvitation]:
    return (
        OfferEditorInvitation.objects.filter(actor__body=body)
        .select_related("actor", "invited_by")
        .order_by("-created", "-pk")
    )


def invitation_by_token(token: str) -> OfferEditorInvitation | None:
    return OfferEditorInvitation.objects.select_related("actor__body").filter(token=token).first()


# --- What changed ----------------------------------------------------------------------------------------------------


@dataclass
class ContentChange:
    label: str
    old: str
    new: str


@dataclass
class ReviewItem:
    offer: Offer
    is_new: bool
    changes: list[ContentChange] = field(default_factory=list)


def _display(name: str, value: Any, places: dict[int, Body]) -> str:
    if value in (None, "", []):
        return "–"
    if name == "languages":
        names = sorted(value, key=lambda code: (code != "de", language_name(code).casefold()))
        return ", ".join(language_name(code) for code in names)
    if name == "target_groups":
        labels = dict(TargetGroup.choices)
        return ", ".join(sorted(str(labels.get(code, code)) for code in value))
    if name == "kind":
        return str(dict(OfferKind.choices).get(value, value))
    if name == "municipality":
        place = places.get(int(value))
        return place_label(place) if place is not None else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name in ("valid_from", "valid_until"):
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    return str(value)


def _label(name: str) -> str:
    if name == "languages":
        return _("Languages")
    if name == "target_groups":
        return _("Target groups")
    return str(cast(Field, Offer._meta.get_field(name)).verbose_name)


def offer_changes(offer: Offer, places: dict[int, Body]) -> list[ContentChange]:
    """What the review would publish: for a proposed change of a published offer the fields that differ, old → new;
    for an offer not yet published every field that has content."""
    new = offer.pending_change if offer.pending_change is not None else offer_content(offer)
    old = offer_content(offer) if offer.pending_change is not None else None
    changes = []
    for name in (*OFFER_CONTENT_FIELDS, "languages", "target_groups"):
        new_text = _display(name, new.get(name), places)
        old_text = _display(name, old.get(name), places) if old is not None else "–"
        if old is None and new_text == "–":
            continue
        if old is None or old_text != new_text:
            changes.append(ContentChange(_label(name), old_text, new_text))
    return changes


def places_by_pk(offers: Iterable[Offer]) -> dict[int, Body]:
    """The places the offers name, now and in their proposals: one query."""
    keys: set[int] = set()
    for offer in offers:
        keys.add(offer.municipality_id)
        if offer.pending_change and offer.pending_change.get("municipality"):
            keys.add(int(offer.pending_change["municipality"]))
    return {place.pk: place for place in Body.objects.filter(pk__in=keys)}


def review_queue(body: Body) -> list[ReviewItem]:
    """The offers waiting for review, oldest request first, each with what would be published (five queries)."""
    offers = list(
        _with_content(Offer.objects.filter(actor__body=body, review_requested_at__isnull=False))
        .select_related("submitted_by")
        .order_by("review_requested_at", "pk")
    )
    places = places_by_pk(offers)
    return [ReviewItem(offer, offer.pending_change is None, offer_changes(offer, places)) for offer in offers]


# --- The change history ----------------------------------------------------------------------------------------------


def offer_history(offer: Offer, *, limit: int = 100) -> list[HistoryEntry]:
    """The offer's changes with those of its languages and target groups, newest first. A change by an actor's
    editor (who has no account) names them by the reason recorded with it."""
    entries: list[tuple[Any, HistoryEntry]] = []
    sources: list[tuple[QuerySet[Any], Callable[[Any], str]]] = [
        (offer.history.all(), str),
        (
            OfferLanguage.history.filter(offer_id=offer.pk),
            lambda record: f"{_('Language')}: {language_name(record.code)}",
        ),
        (
            OfferTargetGroup.history.filter(offer_id=offer.pk),
            lambda record: f"{_('Target group')}: {dict(TargetGroup.choices).get(record.code, record.code)}",
        ),
    ]
    for queryset, subject in sources:
        records = list(queryset.select_related("history_user").order_by("-history_date", "-history_id")[:limit])
        for record, entry in zip(records, history_entries(records, subject=subject), strict=True):
            if record.history_user_id is None and record.history_change_reason:
                entry.who = record.history_change_reason
            entries.append((record.history_date, entry))
    entries.sort(key=lambda pair: pair[0], reverse=True)
    return [entry for _when, entry in entries[:limit]]
