"""OParl 1.1 JSON of the committee objects. Input: a page of objects from `selectors` (with their `oparl_*`
annotations). What a page embeds or refers to is read once per page by a selector (`meeting_embeds`,
`paper_embeds`, `agenda_item_rows`, `consultation_rows`, `location_references`, `file_references`), as rows rather
than model objects where a page holds hundreds of them (agenda items, consultations, links): a fixed number of
queries per page. The values of the API are German data, not user interface text: no gettext here.

Conventions (OParl 1.1, "null-Werte und leere Listen", "Objektlisten", "Gelöschte Objekte"):
- no `null` and no empty optional list is written; the mandatory `Body.legislativeTerm` is written even if empty;
- `created` and `modified` on every object, with the time zone offset, to the second;
- a deleted object keeps `id`, `type`, `created`, `modified` and gets `deleted: true`; besides, it keeps what the
  schema requires (`AgendaItem.order`, `File.accessUrl`) so that strict validators accept it;
- an embedded object leaves out its back-reference to the embedding object (`AgendaItem.meeting` inside a
  meeting, `Membership.person` inside a person, `Consultation.paper` inside a paper, `LegislativeTerm.body`
  inside a body, the back-references of File and Location) and is otherwise the same as at its own URL;
- with `omit_internal=true` the embedded lists that OParl 1.1 also offers as lists of their own are left out
  (`auxiliaryFile` of AgendaItem, Meeting and Paper, `membership` of Person);
- a reference to an imported object (`external_id`, brought by the OParl import) is its id in the source system
  (`_ref_to`): follow-your-nose across systems. Imported objects are never embedded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone

from querschnitt.tenancy.models import BodyKind

from . import selectors

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = "https://schema.oparl.org/1.1/"

BODY_CLASSIFICATION = {
    BodyKind.LAND: "Land",
    BodyKind.STATE_COUNCIL: "Landesintegrationsrat",
    BodyKind.KREIS: "Kreis",
    BodyKind.KREISFREIE_STADT: "Kreisfreie Stadt",
    BodyKind.STAEDTEREGION: "Städteregion",
    BodyKind.GEMEINDE: "Gemeinde",
}
# OParl asks for "Parlament" for the council and plain kinds otherwise ("Ausschuss", "Beirat", "AG", "Fraktion").
ORGANIZATION_CLASSIFICATION = {
    "aci": "Ausschuss",
    "integrationsrat": "Integrationsrat",
    "integrationsausschuss": "Ausschuss",
    "rat": "Parlament",
    "fachausschuss": "Ausschuss",
    "arbeitskreis": "AG",
    "steuerungsgruppe": "Steuerungsgruppe",
    "fraktion": "Fraktion",
    "sonstiges": "Sonstiges",
}
MEMBERSHIP_ROLE = {
    "vorsitz": "Vorsitz",
    "stellv_vorsitz": "Stellvertretender Vorsitz",
    "mitglied": "Mitglied",
    "stellvertretung": "Stellvertretendes Mitglied",
    "schriftfuehrung": "Schriftführung",
}
# The values OParl recommends for Meeting.meetingState.
MEETING_STATE = {"geplant": "terminiert", "eingeladen": "eingeladen", "durchgefuehrt": "durchgeführt"}

# The URL parameter of each object route (named after the model, as the tenant crawler expects).
ROUTE_PARAMETER = {
    "organization": "organization",
    "organization_meetings": "organization",
    "organization_consultations": "organization",
    "person": "person",
    "membership": "membership",
    "meeting": "meeting",
    "agendaitem": "agendaitem",
    "paper": "paper",
    "consultation": "consultation",
    "file": "file",
    "file_access": "file",
    "file_download": "file",
    "location": "location",
    "legislativeterm": "legislativeterm",
}
_SENTINEL = 918273645
_SLUG_SENTINEL = "body-slug-sentinel-918273645"


def timestamp(value: dt.datetime | None) -> str | None:
    """In the installation's time zone (`TIME_ZONE`), never in one a request activated: the data is the same for
    every client. (The default zone is cached; `localtime` looks up the active zone for every value, which was
    half the time of serialising a page.)"""
    return value.astimezone(timezone.get_default_timezone()).isoformat(timespec="seconds") if value else None


def day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def compact(data: dict[str, Any], keep: Iterable[str] = ()) -> dict[str, Any]:
    """Without null values, empty strings and empty lists (except the mandatory keys in `keep`)."""
    keep = set(keep)
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [])}


def official_keys(body: Any) -> tuple[str | None, str | None]:
    """(8-digit AGS, 12-digit Regionalschlüssel) of a municipality; (None, None) for a Kreis, the Land or a body
    without key, which have no Gemeindeschlüssel.

    The body list stores a kreisfreie Stadt under its 5-digit key (05315 Köln): its AGS is that key + "000". The
    Regionalschlüssel is derived for NRW only, where every municipality is verbandsfrei, so that its Verband part
    is "0" followed by the municipality number (Neuss 05162024 → 051620024024, Köln → 053150000000)."""
    ags = body.ags or ""
    if body.kind == BodyKind.KREISFREIE_STADT and len(ags) == 5:
        ags += "000"
    if len(ags) != 8 or not ags.isdigit():
        return None, None
    rgs = f"{ags[:5]}0{ags[5:]}{ags[5:]}" if ags.startswith("05") else None
    return ags, rgs


@cache
def _path_template(name: str, parameter: str, sentinel: Any, script_prefix: str, urlconf: str) -> tuple[str, str]:
    """What comes before and after `parameter` in the path of route `name`: reversed once per process (reversing
    took a tenth of a millisecond per route and request)."""
    before, _, after = reverse(f"oparl:{name}", urlconf=urlconf, kwargs={parameter: sentinel}).partition(str(sentinel))
    return before, after


class Context:
    """What a serialiser needs from the request: canonical absolute URLs and the `omit_internal` flag."""

    def __init__(self, request: HttpRequest, *, omit_internal: bool = False) -> None:
        self.request = request
        self.omit_internal = omit_internal
        self._base = request.build_absolute_uri("/").rstrip("/")
        self._templates: dict[str, tuple[str, str]] = {}

    def url(self, name: str, **kwargs: Any) -> str:
        return self._base + reverse(f"oparl:{name}", kwargs=kwargs or None)

    def _template(self, name: str, parameter: str, sentinel: Any) -> tuple[str, str]:
        template = self._templates.get(name)
        if template is None:
            urlconf = get_urlconf() or settings.ROOT_URLCONF
            before, after = _path_template(name, parameter, sentinel, get_script_prefix(), urlconf)
            template = self._templates[name] = (self._base + before, after)
        return template

    def url_parts(self, name: str) -> tuple[str, str]:
        """What comes before and after the id in the URL of an object on route `name`."""
        return self._template(name, ROUTE_PARAMETER[name], _SENTINEL)

    def ref(self, name: str, pk: int) -> str:
        """The URL of object `pk` on route `name`, from a template reversed once per request."""
        before, after = self.url_parts(name)
        return f"{before}{pk}{after}"

    def body_url(self, slug: str, name: str = "body") -> str:
        """The URL of a body (or of one of its lists: `name`)."""
        before, after = self._template(name, "body", _SLUG_SENTINEL)
        return f"{before}{slug}{after}"


def _modified(obj: Any) -> str | None:
    return timestamp(getattr(obj, "oparl_modified", None) or obj.modified)


def _is_deleted(obj: Any) -> bool:
    deleted = getattr(obj, "oparl_deleted", None)
    return bool(obj.deleted if deleted is None else deleted)


def _deleted(ctx: Context, route: str, type_name: str, obj: Any, **required: Any) -> dict[str, Any]:
    return {
        "id": ctx.ref(route, obj.pk),
        "type": SCHEMA + type_name,
        "created": timestamp(obj.created),
        "modified": _modified(obj),
        "deleted": True,
        **required,
    }


def _same_body(obj: Any, body_id: int) -> bool:
    return obj is not None and not obj.deleted and obj.body_id == body_id


def _ref_to(ctx: Context, route: str, obj: Any) -> str:
    """The URL of a referenced object: ours, or for an imported one its id in the system it came from."""
    return obj.external_id or ctx.ref(route, obj.pk)


def _embeddable(obj: Any, body_id: int) -> bool:
    """An object that may be embedded: of the same body, not deleted, and ours (an imported one is not)."""
    return _same_body(obj, body_id) and not obj.external_id


# --- System and Body ---------------------------------------------------------------------------------------


def system(ctx: Context, *, created: dt.datetime | None, contact_email: str = "", contact_name: str = "") -> dict:
    since = timestamp(created or timezone.now())
    return compact(
        {
            "id": ctx.url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": OPARL_VERSION,
            "body": ctx.url("body_list"),
            "name": "Querschnitt",
            "contactEmail": contact_email,
            "contactName": contact_name,
            "website": ctx.request.build_absolute_uri("/"),
            "created": since,
            "modified": since,
        }
    )


def bodies(objects: Iterable[Any], ctx: Context) -> list[dict]:
    result = []
    for body in objects:
        ags, rgs = official_keys(body)
        result.append(
            compact(
                {
                    "id": ctx.body_url(body.slug),
                    "type": SCHEMA + "Body",
                    "system": ctx.url("system"),
                    "shortName": body.name,
                    "name": body.official_name,
                    "ags": ags,
                    "rgs": rgs,
                    "classification": BODY_CLASSIFICATION.get(body.kind),
                    "organization": ctx.body_url(body.slug, "body_organizations"),
                    "person": ctx.body_url(body.slug, "body_persons"),
                    "meeting": ctx.body_url(body.slug, "body_meetings"),
                    "paper": ctx.body_url(body.slug, "body_papers"),
                    "legislativeTerm": [_legislative_term(term, ctx, embedded=True) for term in body.oparl_terms],
                    "agendaItem": ctx.body_url(body.slug, "body_agendaitems"),
                    "consultation": ctx.body_url(body.slug, "body_consultations"),
                    "file": ctx.body_url(body.slug, "body_files"),
                    "locationList": ctx.body_url(body.slug, "body_locations"),
                    "legislativeTermList": ctx.body_url(body.slug, "body_legislativeterms"),
                    "membership": ctx.body_url(body.slug, "body_memberships"),
                    "created": timestamp(body.created),
                    "modified": _modified(body),
                },
                keep=("legislativeTerm",),
            )
        )
    return result


# --- objects embedded in others (and at their own URLs) ----------------------------------------------------


def _legislative_term(term: Any, ctx: Context, *, embedded: bool = False) -> dict:
    if _is_deleted(term):
        return _deleted(ctx, "legislativeterm", "LegislativeTerm", term)
    return compact(
        {
            "id": ctx.ref("legislativeterm", term.pk),
            "type": SCHEMA + "LegislativeTerm",
            "body": None if embedded else ctx.body_url(term.body.slug),
            "name": term.name,
            "startDate": day(term.start_date),
            "endDate": day(term.end_date),
            "created": timestamp(term.created),
            "modified": _modified(term),
        }
    )


def _location(location: Any, ctx: Context, references: dict[str, list[int]] | None = None) -> dict:
    if _is_deleted(location):
        return _deleted(ctx, "location", "Location", location)
    references = references or {}
    return compact(
        {
            "id": ctx.ref("location", location.pk),
            "type": SCHEMA + "Location",
            "description": location.description,
            "streetAddress": location.street_address,
            "room": location.room,
            "postalCode": location.postal_code,
            "locality": location.locality,
            "organizations": [ctx.ref("organization", pk) for pk in references.get("organizations", [])],
            "meetings": [ctx.ref("meeting", pk) for pk in references.get("meetings", [])],
            "created": timestamp(location.created),
            "modified": _modified(location),
        }
    )


def _file(file: Any, ctx: Context, references: dict[str, list[int]] | None = None) -> dict:
    access_url = ctx.ref("file_access", file.pk)
    if _is_deleted(file):
        return _deleted(ctx, "file", "File", file, accessUrl=access_url)
    references = references or {}
    return compact(
        {
            "id": ctx.ref("file", file.pk),
            "type": SCHEMA + "File",
            "name": file.name,
            "fileName": file.file_name,
            "mimeType": file.mime_type,
            "date": day(file.date),
            "size": file.size,
            "sha512Checksum": file.sha512_checksum,
            "text": file.text,
            "accessUrl": access_url,
            "downloadUrl": ctx.ref("file_download", file.pk),
            "meeting": [ctx.ref("meeting", pk) for pk in references.get("meeting", [])],
            "agendaItem": [ctx.ref("agendaitem", pk) for pk in references.get("agendaItem", [])],
            "paper": [ctx.ref("paper", pk) for pk in references.get("paper", [])],
            "created": timestamp(file.created),
            "modified": _modified(file),
        }
    )


def _embedded_file(file: Any, body_id: int, ctx: Context) -> dict | None:
    """A file inside another object: only if public, not deleted and of the same body."""
    if file is None or not file.public or not _same_body(file, body_id):
        return None
    return _file(file, ctx)


def _embedded_files(files: Iterable[Any], body_id: int, ctx: Context) -> list[dict]:
    return [_file(file, ctx) for file in files if _same_body(file, body_id)]


def _membership(membership: Any, ctx: Context, *, embedded: bool = False) -> dict:
    if _is_deleted(membership):
        return _deleted(ctx, "membership", "Membership", membership)
    organization = membership.organization
    on_behalf_of = membership.on_behalf_of
    return compact(
        {
            "id": ctx.ref("membership", membership.pk),
            "type": SCHEMA + "Membership",
            "person": None if embedded else ctx.ref("person", membership.person_id),
            "organization": _ref_to(ctx, "organization", organization),
            "role": MEMBERSHIP_ROLE.get(membership.role, membership.role),
            "votingRight": membership.voting_right,
            "startDate": day(membership.start_date),
            "endDate": day(membership.end_date),
            "onBehalfOf": _ref_to(ctx, "organization", on_behalf_of)
            if _same_body(on_behalf_of, organization.body_id)
            else None,
            "created": timestamp(membership.created),
            "modified": _modified(membership),
        }
    )


def _consultation(consultation: Any, ctx: Context, *, embedded: bool = False) -> dict:
    """`consultation` is a row of `selectors.consultation_rows`."""
    if _is_deleted(consultation):
        return _deleted(ctx, "consultation", "Consultation", consultation)
    return compact(
        {
            "id": ctx.ref("consultation", consultation.pk),
            "type": SCHEMA + "Consultation",
            "paper": None if embedded else ctx.ref("paper", consultation.paper_id),
            "agendaItem": (consultation.item_external_id or ctx.ref("agendaitem", consultation.item_id))
            if consultation.item_visible
            else None,
            "meeting": (consultation.meeting_external_id or ctx.ref("meeting", consultation.meeting_id))
            if consultation.meeting_visible
            else None,
            "organization": [
                consultation.organization_external_id or ctx.ref("organization", consultation.organization_id)
            ]
            if consultation.organization_visible
            else [],
            "authoritative": consultation.authoritative,
            "role": consultation.role,
            "created": timestamp(consultation.created),
            "modified": _modified(consultation),
        }
    )


def _agenda_item(
    item: Any, position: int, ctx: Context, rows: selectors.AgendaItemRows, *, embedded: bool = False
) -> dict:
    """`item` is a row of `selectors.agenda_item_rows`, with its files in `rows`."""
    if _is_deleted(item):
        return _deleted(ctx, "agendaitem", "AgendaItem", item, order=position)
    body_id = item.body_id
    return compact(
        {
            "id": ctx.ref("agendaitem", item.pk),
            "type": SCHEMA + "AgendaItem",
            "meeting": None if embedded else ctx.ref("meeting", item.meeting_id),
            "number": item.number,
            "order": position,
            "name": item.name,
            "public": True,
            "consultation": (item.consultation_external_id or ctx.ref("consultation", item.consultation_id))
            if item.consultation_visible
            else None,
            # Results are published with the signed minutes, as on the meeting page (before: a draft).
            "result": item.result if item.results_published else None,
            "resolutionText": item.resolution_text if item.results_published else None,
            "resolutionFile": _embedded_file(rows.resolution_file(item), body_id, ctx),
            "auxiliaryFile": None if ctx.omit_internal else _embedded_files(rows.auxiliary_files(item), body_id, ctx),
            "created": timestamp(item.created),
            "modified": _modified(item),
        }
    )


# --- the types with lists: one function per type, taking a page of objects ---------------------------------


def legislative_terms(objects: Iterable[Any], ctx: Context) -> list[dict]:
    return [_legislative_term(term, ctx) for term in objects]


def locations(objects: Iterable[Any], ctx: Context) -> list[dict]:
    objects = list(objects)
    references = selectors.location_references([location for location in objects if not location.deleted])
    return [_location(location, ctx, references.get(location.pk)) for location in objects]


def files(objects: Iterable[Any], ctx: Context) -> list[dict]:
    objects = list(objects)
    references = selectors.file_references([file for file in objects if not file.deleted])
    return [_file(file, ctx, references.get(file.pk)) for file in objects]


def memberships(objects: Iterable[Any], ctx: Context) -> list[dict]:
    return [_membership(membership, ctx) for membership in objects]


def consultations(objects: Iterable[Any], ctx: Context) -> list[dict]:
    return [_consultation(consultation, ctx) for consultation in selectors.consultation_rows(objects)]


def agenda_items(objects: Iterable[Any], ctx: Context) -> list[dict]:
    rows = selectors.agenda_item_rows(objects, with_auxiliary=not ctx.omit_internal)
    return [_agenda_item(item, item.oparl_position, ctx, rows) for item in rows.items]


def organizations(objects: Iterable[Any], ctx: Context) -> list[dict]:
    result = []
    for organization in objects:
        if _is_deleted(organization):
            result.append(_deleted(ctx, "organization", "Organization", organization))
            continue
        location = organization.location
        result.append(
            compact(
                {
                    "id": ctx.ref("organization", organization.pk),
                    "type": SCHEMA + "Organization",
                    "body": ctx.body_url(organization.body.slug),
                    "name": organization.name,
                    "shortName": organization.short_name,
                    "membership": [
                        ctx.ref("membership", membership.pk)
                        for membership in organization.oparl_memberships
                        if membership.person.body_id == organization.body_id
                    ],
                    "meeting": ctx.ref("organization_meetings", organization.pk),
                    "consultation": ctx.ref("organization_consultations", organization.pk),
                    "organizationType": organization.organization_type,
                    "classification": ORGANIZATION_CLASSIFICATION.get(organization.kind),
                    "startDate": day(organization.start_date),
                    "endDate": day(organization.end_date),
                    "website": organization.website,
                    "location": _location(location, ctx) if _embeddable(location, organization.body_id) else None,
                    "created": timestamp(organization.created),
                    "modified": _modified(organization),
                }
            )
        )
    return result


def persons(objects: Iterable[Any], ctx: Context) -> list[dict]:
    result = []
    for person in objects:
        if _is_deleted(person):
            result.append(_deleted(ctx, "person", "Person", person))
            continue
        consent = person.has_public_consent
        memberships_of_person = [
            _membership(membership, ctx, embedded=True)
            for membership in person.oparl_memberships
            if membership.organization.body_id == person.body_id
        ]
        result.append(
            compact(
                {
                    "id": ctx.ref("person", person.pk),
                    "type": SCHEMA + "Person",
                    "body": ctx.body_url(person.body.slug),
                    "name": person.name,
                    "familyName": person.family_name,
                    "givenName": person.given_name,
                    "formOfAddress": person.form_of_address,
                    "title": [person.title] if person.title else None,
                    "email": [person.email] if consent and person.email else None,
                    "phone": [person.phone] if consent and person.phone else None,
                    "life": person.profile_text if consent else None,
                    "membership": None if ctx.omit_internal else memberships_of_person,
                    "created": timestamp(person.created),
                    "modified": _modified(person),
                }
            )
        )
    return result


def meetings(objects: Iterable[Any], ctx: Context) -> list[dict]:
    objects = list(objects)
    embeds = selectors.meeting_embeds(
        [meeting.pk for meeting in objects if not _is_deleted(meeting)], with_auxiliary=not ctx.omit_internal
    )
    result = []
    for meeting in objects:
        if _is_deleted(meeting):
            result.append(_deleted(ctx, "meeting", "Meeting", meeting))
            continue
        body_id = meeting.body_id
        location = meeting.location
        result.append(
            compact(
                {
                    "id": ctx.ref("meeting", meeting.pk),
                    "type": SCHEMA + "Meeting",
                    "name": meeting.name,
                    "meetingState": MEETING_STATE.get(meeting.meeting_state, meeting.meeting_state),
                    "cancelled": meeting.cancelled,
                    "start": timestamp(meeting.start),
                    "end": timestamp(meeting.end),
                    "location": _location(location, ctx) if _embeddable(location, body_id) else None,
                    "organization": [
                        _ref_to(ctx, "organization", organization)
                        for organization in embeds.organizations.get(meeting.pk, [])
                        if organization.body_id == body_id
                    ],
                    "invitation": _embedded_file(meeting.invitation, body_id, ctx),
                    "resultsProtocol": _embedded_file(meeting.results_protocol, body_id, ctx),
                    "auxiliaryFile": None
                    if ctx.omit_internal
                    else _embedded_files(embeds.auxiliary_files(meeting), body_id, ctx),
                    "agendaItem": [
                        _agenda_item(item, position, ctx, embeds.rows, embedded=True)
                        for position, item in enumerate(embeds.items.get(meeting.pk, []))
                    ],
                    "created": timestamp(meeting.created),
                    "modified": _modified(meeting),
                }
            )
        )
    return result


def papers(objects: Iterable[Any], ctx: Context) -> list[dict]:
    """A paper and, on SQLite, the list of papers (on PostgreSQL the database writes the list: `postgres_papers`,
    which must give the same JSON)."""
    objects = list(objects)
    embeds = selectors.paper_embeds(
        [paper.pk for paper in objects if not _is_deleted(paper)], with_auxiliary=not ctx.omit_internal
    )
    result = []
    for paper in objects:
        if _is_deleted(paper):
            result.append(_deleted(ctx, "paper", "Paper", paper))
            continue
        pk, body_id = paper.pk, paper.body_id
        superordinated = paper.superordinated_paper
        result.append(
            compact(
                {
                    "id": ctx.ref("paper", pk),
                    "type": SCHEMA + "Paper",
                    "body": ctx.body_url(paper.body.slug),
                    "name": paper.name,
                    "reference": paper.reference,
                    "date": day(paper.date),
                    "paperType": paper.paper_type,
                    "relatedPaper": _refs(ctx, "paper", embeds.related.get(pk, []), body_id),
                    "superordinatedPaper": [_ref_to(ctx, "paper", superordinated)]
                    if superordinated is not None and superordinated.public and _same_body(superordinated, body_id)
                    else None,
                    "subordinatedPaper": _refs(ctx, "paper", embeds.subordinated.get(pk, []), body_id),
                    "mainFile": _embedded_file(paper.main_file, body_id, ctx),
                    "auxiliaryFile": None
                    if ctx.omit_internal
                    else _embedded_files(embeds.auxiliary.get(pk, []), body_id, ctx),
                    "originatorPerson": _refs(ctx, "person", embeds.persons.get(pk, []), body_id),
                    "originatorOrganization": _refs(ctx, "organization", embeds.organizations.get(pk, []), body_id),
                    "consultation": [
                        _consultation(consultation, ctx, embedded=True)
                        for consultation in embeds.consultations.get(pk, [])
                    ],
                    "created": timestamp(paper.created),
                    "modified": _modified(paper),
                }
            )
        )
    return result


def _refs(ctx: Context, route: str, objects: Iterable[Any], body_id: int) -> list[str]:
    return [_ref_to(ctx, route, obj) for obj in objects if obj.body_id == body_id]


# route name of the object → (OParl type name, serialiser of a page)
SERIALISERS: dict[str, tuple[str, Callable[[Iterable[Any], Context], list[dict]]]] = {
    "organization": ("Organization", organizations),
    "person": ("Person", persons),
    "membership": ("Membership", memberships),
    "meeting": ("Meeting", meetings),
    "agendaitem": ("AgendaItem", agenda_items),
    "paper": ("Paper", papers),
    "consultation": ("Consultation", consultations),
    "file": ("File", files),
    "location": ("Location", locations),
    "legislativeterm": ("LegislativeTerm", legislative_terms),
}
