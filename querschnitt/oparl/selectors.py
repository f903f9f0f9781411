"""Reads of the OParl API: what of the committee work is public, as querysets that serialise without N+1.

The publication rules (the contract the views and serialisers rely on; `tests/test_publication.py` proves them):

- OParl is anonymous and public. Nothing here looks at the requesting user: a signed-in member gets the same
  answers as anyone. What is shown is at most what `committees.selectors.is_visible(AnonymousUser(), obj)`
  allows, and in two places less (see "File" and "Body").
- Body: a tenancy body appears once it has at least one committee (Organization) and has published something:
  a public paper, a public agenda item or a public file (deleted or not, so that a feed once opened stays open
  and its deletions can be followed). Until then its committees, members and meetings are set-up work and not
  shown. Everything below is only ever shown for such a published body.
- Organization, LegislativeTerm, Location, Meeting: public master data of a published body.
- AgendaItem: only `public=True`. Non-public items are left out everywhere (in `Meeting.agendaItem` as well as in
  the lists) and their URLs answer 404. `order` is the position among the public items, so that it gives away
  nothing about the non-public ones.
- Paper: only `public=True`. Consultation: only of a public paper.
- File: only `public=True` (which the database allows only after "no personal data of third parties" was
  confirmed). Stricter than `is_visible`, which also lets through a non-public file that is the main file of a
  public paper or the resolution file of a public item: a file goes into the open-data feed only when someone
  released it.
- Person: the name of a member of a council body (committee, council, parliamentary group; `COUNCIL_KINDS`) is
  public information, so such a person appears with name and memberships. Anyone else appears only with recorded,
  unrevoked consent (`Person.has_public_consent`). E-mail, phone and profile text are shown only with consent.
  Working and steering groups do not make their members public.
- Membership: of a person who appears (see above).
- References to another body's objects are not given (a committee of body B in a meeting of body A).
- Imported objects (`external_id` set: brought from the council's information system by the OParl import) are
  not ours to publish: they are in no list, their URLs here answer 404, and they never count as a publication of
  the body. Where one of our objects refers to one (our paper's consultation in an imported council meeting, a
  related imported paper), the serialiser gives the imported object's id in the source system, so that a client
  follows its nose there. An imported location is not embedded.
- Deleted objects (soft-deleted, and sub-objects whose parent is deleted) stay reachable at their URL as
  `deleted: true` and appear in lists only with `modified_since`; a deleted object that was never public stays
  unknown (404). Embedded lists never contain deleted objects.
- `modified` of an object is the latest change of the object and of the objects embedded in it (OParl 1.1: the
  embedding object's `modified` must move when an embedded object changes or is deleted). Embedded objects count
  whether public or not, so that depublishing an item moves its meeting too; this reveals that something changed,
  never what.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from querschnitt.committees.models import (
    AgendaItem,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    OrganizationKind,
    Paper,
    Person,
)
from querschnitt.tenancy.models import Body

from .models import ImportRun, OParlSource

# Organizations whose membership is public information (the name of a member is published with the body).
COUNCIL_KINDS = (
    OrganizationKind.ACI,
    OrganizationKind.INTEGRATION_COUNCIL,
    OrganizationKind.INTEGRATION_COMMITTEE,
    OrganizationKind.COUNCIL,
    OrganizationKind.SPECIALIST_COMMITTEE,
    OrganizationKind.PARLIAMENTARY_GROUP,
)

# How each model reaches its body (for lists of one body).
BODY_FIELD: dict[type[Any], str] = {
    Organization: "body",
    LegislativeTerm: "body",
    Location: "body",
    Person: "body",
    Membership: "organization__body",
    Meeting: "body",
    AgendaItem: "meeting__body",
    Paper: "body",
    Consultation: "paper__body",
    File: "body",
}


# --- helpers -----------------------------------------------------------------------------------------------


def _latest(queryset: QuerySet[Any], field: str = "modified") -> Subquery:
    """The latest value of `field` in a correlated queryset (None when it is empty)."""
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def _modified_with(*parts: Any) -> Greatest:
    """`modified` moved forward to the latest change of embedded objects. Every part is coalesced with the own
    `modified` because SQLite's MAX() is NULL as soon as one argument is NULL."""
    return Greatest(F("modified"), *[Coalesce(part, F("modified")) for part in parts])


def _deleted_with(parent: str) -> Case:
    """The deletion time of a parent: a sub-object whose parent was deleted counts as deleted then."""
    return Case(When(**{f"{parent}__deleted": True}, then=F(f"{parent}__modified")))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=BooleanField())


def alive(queryset: QuerySet[Any]) -> QuerySet[Any]:
    """Without deleted objects (lists without `modified_since`, embedded lists)."""
    return queryset.filter(oparl_deleted=False)


# --- bodies and visibility ---------------------------------------------------------------------------------


def _publishing() -> QuerySet[Body]:
    return Body.objects.filter(Exists(Organization.objects.filter(body=OuterRef("pk"), external_id=""))).filter(
        Exists(Paper.objects.filter(body=OuterRef("pk"), public=True, external_id=""))
        | Exists(File.objects.filter(body=OuterRef("pk"), public=True, external_id=""))
        | Exists(AgendaItem.objects.filter(meeting__body=OuterRef("pk"), public=True, external_id=""))
    )


def published_bodies() -> QuerySet[Body]:
    """Bodies with at least one committee that have published something (see the module docstring), with their
    legislative terms (embedded in Body)."""
    return (
        _publishing()
        .annotate(
            oparl_deleted=Value(False, output_field=BooleanField()),
            oparl_modified=_modified_with(_latest(LegislativeTerm.objects.filter(body=OuterRef("pk")))),
        )
        .prefetch_related(
            Prefetch(
                "legislative_terms",
                queryset=LegislativeTerm.objects.filter(deleted=False, external_id="").order_by("pk"),
                to_attr="oparl_terms",
            )
        )
        .order_by("pk")
    )


def person_may_appear(prefix: str = "") -> Q:
    """The condition under which a person may appear at all (deleted ones included: they appear as deleted), on
    the person reached by `prefix` (e.g. "person__" from a link table)."""
    council_member = Exists(
        Membership.objects.filter(
            person=OuterRef(f"{prefix}pk"),
            deleted=False,
            organization__deleted=False,
            organization__kind__in=COUNCIL_KINDS,
        )
    )
    consent = Q(**{f"{prefix}consent_given_on__isnull": False, f"{prefix}consent_revoked_on__isnull": True})
    return consent | Q(council_member)


def visible_persons() -> QuerySet[Person]:
    """Persons who may appear at all (deleted ones included: they appear as deleted)."""
    return Person.objects.filter(person_may_appear())


# The columns the serialisers read, per model. `only()` keeps everything else (the texts of minutes, the file paths,
# the created/modified stamps of objects that are only referred to) out of a page: most of the time of a list goes
# into building model objects and parsing timestamps, not into the database. A column missing here would cost a
# query per object, which `tests/test_queries.py` catches.
STAMPS = ("id", "created", "modified", "deleted", "external_id")
FILE_COLUMNS = (
    *STAMPS,
    "body_id",
    "public",
    "name",
    "file_name",
    "mime_type",
    "date",
    "size",
    "sha512_checksum",
    "text",
)
REFERENCE_COLUMNS = ("id", "deleted", "external_id", "body_id")
MEETING_COLUMNS = (
    *STAMPS,
    "body_id",
    "name",
    "meeting_state",
    "cancelled",
    "start",
    "end",
    "location",
    "invitation",
    "results_protocol",
    "minutes_signed_by_chair_at",
    "minutes_signed_by_writer_at",
)


def related_columns(relation: str, columns: Iterable[str]) -> list[str]:
    """`columns` of the object reached by `relation` (for `only()` next to `select_related`)."""
    return [f"{relation}__{column}" for column in columns]


def _public_files() -> QuerySet[File]:
    return File.objects.filter(public=True, deleted=False, external_id="").only(*FILE_COLUMNS).order_by("pk")


def _published(queryset: QuerySet[Any], body: Body | None) -> QuerySet[Any]:
    """Our own objects (not imported ones) of published bodies, or of `body` alone, which the caller has found
    among the published ones (`published_body`): the base of every type's queryset."""
    if body is not None:
        return queryset.filter(external_id="", **{BODY_FIELD[queryset.model]: body})
    return queryset.filter(external_id="", **{f"{BODY_FIELD[queryset.model]}__in": _publishing().values("pk")})


# --- one queryset per OParl type ---------------------------------------------------------------------------
# Each returns the objects of published bodies that may appear (deleted ones included), annotated with
# `oparl_deleted` and `oparl_modified`, ordered by id, with everything the serialiser touches fetched.


def organizations(body: Body | None = None) -> QuerySet[Organization]:
    members = (
        Membership.objects.filter(
            deleted=False, external_id="", person__deleted=False, person__in=visible_persons().values("pk")
        )
        .select_related("person")
        .order_by("pk")
    )
    return (
        _published(Organization.objects.all(), body)
        .select_related("body", "location")
        .prefetch_related(Prefetch("memberships", queryset=members, to_attr="oparl_memberships"))
        .annotate(
            oparl_deleted=F("deleted"),
            oparl_modified=_modified_with(F("location__modified")),
        )
        .order_by("pk")
    )


def legislative_terms(body: Body | None = None) -> QuerySet[LegislativeTerm]:
    return (
        _published(LegislativeTerm.objects.all(), body)
        .select_related("body")
        .annotate(oparl_deleted=F("deleted"), oparl_modified=F("modified"))
        .order_by("pk")
    )


def locations(body: Body | None = None) -> QuerySet[Location]:
    return (
        _published(Location.objects.all(), body)
        .annotate(oparl_deleted=F("deleted"), oparl_modified=F("modified"))
        .order_by("pk")
    )


def location_references(locations_on_page: list[Location]) -> dict[int, dict[str, list[int]]]:
    """For a page of locations: the (not deleted) organizations and meetings of the same body at each location,
    by location id. Two queries, however long the page."""
    body_of = {location.pk: location.body_id for location in locations_on_page}
    found: dict[int, dict[str, list[int]]] = {pk: {"organizations": [], "meetings": []} for pk in body_of}
    for kind, model in (("organizations", Organization), ("meetings", Meeting)):
        rows = (
            model.objects.filter(location_id__in=list(body_of), deleted=False, external_id="")
            .order_by("pk")
            .values_list("location_id", "pk", "body_id")
        )
        for location_id, pk, body_id in rows:
            if body_of[location_id] == body_id:
                found[location_id][kind].append(pk)
    return found


def _person_memberships() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(deleted=False, external_id="", organization__deleted=False)
        .select_related("organization", "on_behalf_of")
        .order_by("pk")
    )


def persons(body: Body | None = None) -> QuerySet[Person]:
    return (
        _published(visible_persons(), body)
        .select_related("body")
        .prefetch_related(Prefetch("memberships", queryset=_person_memberships(), to_attr="oparl_memberships"))
        .annotate(
            oparl_deleted=F("deleted"),
            oparl_modified=_modified_with(_latest(Membership.objects.filter(person=OuterRef("pk")))),
        )
        .order_by("pk")
    )


def memberships(body: Body | None = None) -> QuerySet[Membership]:
    return (
        _published(
            Membership.objects.filter(person__in=visible_persons().values("pk"), person__body=F("organization__body")),
            body,
        )
        .select_related("person", "organization", "on_behalf_of")
        .annotate(
            oparl_deleted=_flag(Q(deleted=True) | Q(person__deleted=True) | Q(organization__deleted=True)),
            oparl_modified=_modified_with(_deleted_with("person"), _deleted_with("organization")),
        )
        .order_by("pk")
    )


def _agenda_item_position() -> Coalesce:
    """The 0-based position among the public, not deleted items of the meeting (ordered by `order`, then id)."""
    before = (
        AgendaItem.objects.filter(meeting=OuterRef("meeting"), public=True, deleted=False)
        .filter(Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("meeting")
        .annotate(count=Count("pk"))
        .values("count")[:1]
    )
    return Coalesce(Subquery(before), 0)


def _agenda_item_annotations(*, filterable: bool) -> dict[str, Any]:
    """`oparl_deleted` and `oparl_modified`. Only the list of items filters by `oparl_modified` in SQL
    (`modified_since`) and needs the latest change of the auxiliary files in it (`filterable`); for the items
    embedded in meetings `agenda_item_rows` adds it from the look-up of the links it makes anyway, since a
    correlated subquery per item cost 4 ms a page of meetings."""
    auxiliary = [_latest(File.objects.filter(agenda_items_auxiliary=OuterRef("pk")))] if filterable else []
    return {
        "oparl_deleted": _flag(Q(deleted=True) | Q(meeting__deleted=True)),
        "oparl_modified": _modified_with(_deleted_with("meeting"), F("resolution_file__modified"), *auxiliary),
    }


AGENDA_ITEM_FIELDS = (
    "pk",
    "created",
    "meeting_id",
    "number",
    "name",
    "result",
    "resolution_text",
    "resolution_file_id",
    "consultation_id",
)


def _agenda_item_row_annotations() -> dict[str, Any]:
    """What the serialiser of an agenda item reads beyond its own columns, as values of the row: an item is read
    as a row (`agenda_item_rows`), since building model objects for it, its consultation and the consultation's
    paper took most of the time of a page of meetings."""
    return {
        "body_id": F("meeting__body_id"),
        # Results are published with the signed minutes (or by the source system of an imported meeting).
        "results_published": _flag(
            Q(meeting__minutes_signed_by_chair_at__isnull=False, meeting__minutes_signed_by_writer_at__isnull=False)
            | ~Q(meeting__external_id="")
        ),
        # The consultation is referred to when it and its paper are public, alive and of the meeting's body.
        "consultation_visible": _flag(
            Q(
                consultation__deleted=False,
                consultation__paper__public=True,
                consultation__paper__deleted=False,
                consultation__paper__body_id=F("meeting__body_id"),
            )
        ),
        "consultation_external_id": F("consultation__external_id"),
    }


@dataclass(frozen=True)
class AgendaItemRows:
    """Agenda items as named rows, with the public files they embed (resolution and auxiliary files)."""

    items: list[Any]
    files: dict[int, File]
    auxiliary: dict[int, list[int]]  # item id → ids of its auxiliary files, in id order

    def resolution_file(self, item: Any) -> File | None:
        return self.files.get(item.resolution_file_id) if item.resolution_file_id else None

    def auxiliary_files(self, item: Any) -> list[File]:
        return [self.files[pk] for pk in self.auxiliary.get(item.pk, ()) if pk in self.files]


def agenda_item_rows(
    queryset: QuerySet[AgendaItem],
    *,
    with_auxiliary: bool = True,
    meeting_ids: list[int] | None = None,
    also_files: Iterable[int] = (),
) -> AgendaItemRows:
    """The items of `queryset` (annotated by `agenda_items` or `meeting_embeds`) as rows, and their public
    files: two queries more, one for the links to auxiliary files and one for the files shown.

    The links bring the `modified` of every auxiliary file, public or not, which moves the item's `oparl_modified`
    (see the module docstring). They are looked up by the items' meetings when given (`meeting_ids`): a page of
    meetings holds hundreds of items, and a list of hundreds of ids cost more to send than the look-up itself.
    Without `with_auxiliary` (`omit_internal`) the auxiliary files are not fetched, only their links. `also_files`
    are fetched with the items' files (those of the meetings embedding the items)."""
    items = list(queryset.values_list(*AGENDA_ITEM_FIELDS, *queryset.query.annotations, named=True))
    auxiliary: dict[int, list[int]] = {}
    latest: dict[int, Any] = {}
    if items:
        through = AgendaItem.auxiliary_files.through.objects
        links = (
            (
                through.filter(agendaitem__meeting_id__in=meeting_ids)
                if meeting_ids is not None
                else through.filter(agendaitem_id__in=[item.pk for item in items])
            )
            .order_by("file_id")
            .values_list("agendaitem_id", "file_id", "file__modified")
        )
        for item_id, file_id, modified in links:  # a meeting's non-public items have links too: unused
            auxiliary.setdefault(item_id, []).append(file_id)
            latest[item_id] = max(modified, latest.get(item_id, modified))
        items = [
            item._replace(oparl_modified=latest[item.pk])
            if item.pk in latest and latest[item.pk] > item.oparl_modified
            else item
            for item in items
        ]
    wanted = {item.resolution_file_id for item in items if item.resolution_file_id}
    wanted.update(also_files)
    if with_auxiliary:
        wanted.update(pk for item in items for pk in auxiliary.get(item.pk, ()))
    return AgendaItemRows(items, _public_files().in_bulk(wanted) if wanted else {}, auxiliary)


def agenda_items(body: Body | None = None) -> QuerySet[AgendaItem]:
    return (
        _published(AgendaItem.objects.filter(public=True), body)
        .annotate(
            oparl_position=_agenda_item_position(),
            **_agenda_item_annotations(filterable=True),
            **_agenda_item_row_annotations(),
        )
        .order_by("pk")
    )


class Reference(NamedTuple):
    """An object that is only referred to (by URL): what `serializers._ref_to` and the body check read."""

    pk: int
    external_id: str
    body_id: int


@dataclass(frozen=True)
class MeetingEmbeds:
    """What a page of meetings embeds or refers to, read as rows rather than through `prefetch_related`, whose
    filter per meeting and model objects per item were most of the time of the page."""

    rows: AgendaItemRows  # the items, with the files of the meetings too
    items: dict[int, list[Any]]  # meeting id → its items, in agenda order
    organizations: dict[int, list[Reference]]  # meeting id → its alive organizations, in id order
    auxiliary: dict[int, list[int]]  # meeting id → ids of its auxiliary files, in id order

    def auxiliary_files(self, meeting: Meeting) -> list[File]:
        files = self.rows.files
        return [files[pk] for pk in self.auxiliary.get(meeting.pk, ()) if pk in files]


def _m2m_references(
    model: type[Any], field: str, owner_ids: list[int], condition: Callable[[str], Q]
) -> dict[int, list[Reference]]:
    """The objects that the many-to-many `field` of `model` links to each of `owner_ids` and that meet
    `condition` (a Q on the linked object, given the prefix that reaches it), by owner, in id order: one query on
    the link table, no model objects. The condition is a join rather than `IN (subquery)`, which SQLite built
    for every row of the target table (32 ms for the related papers of a page)."""
    m2m = model._meta.get_field(field)
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    rows = (
        m2m.remote_field.through.objects.filter(condition(f"{target}__"), **{f"{source}_id__in": owner_ids})
        .order_by(f"{target}_id")
        .values_list(f"{source}_id", f"{target}_id", f"{target}__external_id", f"{target}__body_id")
    )
    found: dict[int, list[Reference]] = {}
    for owner_id, pk, external_id, body_id in rows:
        found.setdefault(owner_id, []).append(Reference(pk, external_id, body_id))
    return found


def _alive(prefix: str) -> Q:
    return Q(**{f"{prefix}deleted": False})


def _public_file(prefix: str) -> Q:
    """`_public_files` on a linked file."""
    return Q(**{f"{prefix}public": True, f"{prefix}deleted": False, f"{prefix}external_id": ""})


def _visible_paper(prefix: str) -> Q:
    return Q(**{f"{prefix}public": True, f"{prefix}deleted": False})


def meeting_embeds(meeting_ids: list[int], *, with_auxiliary: bool = True) -> MeetingEmbeds:
    """The organizations, auxiliary files and public, alive agenda items (in agenda order) of these meetings."""
    organizations = _m2m_references(Meeting, "organizations", meeting_ids, _alive)
    auxiliary = (
        {
            meeting_id: [file.pk for file in files]
            for meeting_id, files in _m2m_references(Meeting, "auxiliary_files", meeting_ids, _public_file).items()
        }
        if with_auxiliary
        else {}
    )
    queryset = (
        AgendaItem.objects.filter(meeting_id__in=meeting_ids, public=True, deleted=False, external_id="")
        .annotate(**_agenda_item_annotations(filterable=False), **_agenda_item_row_annotations())
        .order_by("meeting_id", "order", "pk")
    )
    rows = agenda_item_rows(
        queryset,
        with_auxiliary=with_auxiliary,
        meeting_ids=meeting_ids,
        also_files=[pk for pks in auxiliary.values() for pk in pks],
    )
    items: dict[int, list[Any]] = {}
    for item in rows.items:
        items.setdefault(item.meeting_id, []).append(item)
    return MeetingEmbeds(rows, items, organizations, auxiliary)


def meetings(body: Body | None = None) -> QuerySet[Meeting]:
    """Meetings; what they embed is read per page by `meeting_embeds`."""
    return (
        _published(Meeting.objects.all(), body)
        .select_related("location", "invitation", "results_protocol")
        .only(
            *MEETING_COLUMNS,
            *related_columns("invitation", FILE_COLUMNS),
            *related_columns("results_protocol", FILE_COLUMNS),
        )
        .annotate(
            oparl_deleted=F("deleted"),
            oparl_modified=_modified_with(
                F("location__modified"),
                F("invitation__modified"),
                F("results_protocol__modified"),
                _latest(File.objects.filter(meetings_auxiliary=OuterRef("pk"))),
                _latest(AgendaItem.objects.filter(meeting=OuterRef("pk"))),
                _latest(File.objects.filter(agenda_items_auxiliary__meeting=OuterRef("pk"))),
                _latest(
                    AgendaItem.objects.filter(meeting=OuterRef("pk"), resolution_file__isnull=False),
                    "resolution_file__modified",
                ),
            ),
        )
        .order_by("pk")
    )


CONSULTATION_FIELDS = ("pk", "created", "paper_id", "meeting_id", "organization_id", "role", "authoritative")


def _consultation_row_annotations() -> dict[str, Any]:
    """What the serialiser of a consultation reads beyond its own columns, as values of the row (see
    `_agenda_item_row_annotations`): whether its agenda item, meeting and organization may be referred to (alive
    and of the paper's body), and their ids in a source system."""
    body = F("paper__body_id")
    return {
        "body_id": body,
        "item_id": F("agenda_item__id"),
        "item_external_id": F("agenda_item__external_id"),
        "item_visible": _flag(
            Q(
                agenda_item__public=True,
                agenda_item__deleted=False,
                agenda_item__meeting__deleted=False,
                agenda_item__meeting__body_id=body,
            )
        ),
        "meeting_external_id": F("meeting__external_id"),
        "meeting_visible": _flag(Q(meeting__deleted=False, meeting__body_id=body)),
        "organization_external_id": F("organization__external_id"),
        "organization_visible": _flag(Q(organization__deleted=False, organization__body_id=body)),
    }


def consultation_rows(queryset: QuerySet[Consultation]) -> list[Any]:
    """The consultations of `queryset` (annotated by `consultations` or `paper_embeds`) as named rows."""
    return list(queryset.values_list(*CONSULTATION_FIELDS, *queryset.query.annotations, named=True))


PAPER_COLUMNS = (
    *STAMPS,
    "body",
    "public",
    "name",
    "reference",
    "date",
    "paper_type",
    "main_file",
    "superordinated_paper",
)


def papers(body: Body | None = None) -> QuerySet[Paper]:
    """Papers; what they embed or refer to is read per page by `paper_embeds`."""
    return (
        _published(Paper.objects.filter(public=True), body)
        .select_related("body", "main_file", "superordinated_paper")
        .only(
            *PAPER_COLUMNS,
            "body__slug",
            *related_columns("main_file", FILE_COLUMNS),
            *related_columns("superordinated_paper", (*REFERENCE_COLUMNS, "public")),
        )
        .annotate(
            oparl_deleted=F("deleted"),
            oparl_modified=_modified_with(
                F("main_file__modified"),
                _latest(File.objects.filter(papers_auxiliary=OuterRef("pk"))),
                _latest(Consultation.objects.filter(paper=OuterRef("pk"))),
            ),
        )
        .order_by("pk")
    )


@dataclass(frozen=True)
class PaperEmbeds:
    """What a page of papers embeds or refers to, by paper id, read as rows (see `MeetingEmbeds`)."""

    consultations: dict[int, list[Any]]  # alive consultations, in the order of deliberation
    related: dict[int, list[Reference]]
    subordinated: dict[int, list[Reference]]
    persons: dict[int, list[Reference]]  # originators who may appear (`visible_persons`)
    organizations: dict[int, list[Reference]]  # originating committees
    auxiliary: dict[int, list[File]]  # public auxiliary files (empty without `with_auxiliary`)


def paper_embeds(paper_ids: list[int], *, with_auxiliary: bool = True) -> PaperEmbeds:
    subordinated: dict[int, list[Reference]] = {}
    rows = (
        Paper.objects.filter(_visible_paper(""), superordinated_paper_id__in=paper_ids)
        .order_by("superordinated_paper_id", "pk")  # by id alone, SQLite scanned every paper (16 ms) to skip a sort
        .values_list("superordinated_paper_id", "pk", "external_id", "body_id")
    )
    for paper_id, pk, external_id, body_id in rows:
        subordinated.setdefault(paper_id, []).append(Reference(pk, external_id, body_id))
    auxiliary: dict[int, list[File]] = {}
    if with_auxiliary:
        files = _public_files().filter(papers_auxiliary__in=paper_ids).annotate(oparl_owner=F("papers_auxiliary"))
        for file in files:
            auxiliary.setdefault(file.oparl_owner, []).append(file)
    steps = (
        Consultation.objects.filter(paper_id__in=paper_ids, deleted=False, external_id="")
        .annotate(oparl_deleted=F("deleted"), oparl_modified=F("modified"), **_consultation_row_annotations())
        .order_by("paper_id", "order", "pk")
    )
    consultations: dict[int, list[Any]] = {}
    for step in consultation_rows(steps):
        consultations.setdefault(step.paper_id, []).append(step)
    return PaperEmbeds(
        consultations=consultations,
        related=_m2m_references(Paper, "related_papers", paper_ids, _visible_paper),
        subordinated=subordinated,
        persons=_m2m_references(
            Paper, "originator_persons", paper_ids, lambda prefix: _alive(prefix) & person_may_appear(prefix)
        ),
        organizations=_m2m_references(Paper, "originator_organizations", paper_ids, _alive),
        auxiliary=auxiliary,
    )


def consultations(body: Body | None = None) -> QuerySet[Consultation]:
    return (
        _published(Consultation.objects.filter(paper__public=True), body)
        .annotate(
            oparl_deleted=_flag(Q(deleted=True) | Q(paper__deleted=True)),
            oparl_modified=_modified_with(_deleted_with("paper")),
            **_consultation_row_annotations(),
        )
        .order_by("pk")
    )


def files(body: Body | None = None) -> QuerySet[File]:
    return (
        _published(File.objects.filter(public=True), body)
        .annotate(oparl_deleted=F("deleted"), oparl_modified=F("modified"))
        .order_by("pk")
    )


def file_references(files_on_page: list[File]) -> dict[int, dict[str, list[int]]]:
    """For a page of files: the ids of the meetings, public agenda items and public papers each file belongs to
    (as attachment, invitation, minutes, main file or resolution), limited to objects of the file's own body.
    Six queries, however long the page."""
    body_of = {file.pk: file.body_id for file in files_on_page}
    ids = list(body_of)
    found: dict[int, dict[str, set[int]]] = {pk: {"meeting": set(), "agendaItem": set(), "paper": set()} for pk in ids}

    def add(kind: str, file_id: int | None, pk: int, body_id: int) -> None:
        if file_id in found and body_of[file_id] == body_id:
            found[file_id][kind].add(pk)

    meeting_links = Meeting.auxiliary_files.through.objects.filter(file_id__in=ids, meeting__deleted=False)
    for file_id, pk, body_id in meeting_links.values_list("file_id", "meeting_id", "meeting__body_id"):
        add("meeting", file_id, pk, body_id)
    for pk, body_id, invitation_id, protocol_id in (
        Meeting.objects.filter(deleted=False)
        .filter(Q(invitation_id__in=ids) | Q(results_protocol_id__in=ids))
        .values_list("pk", "body_id", "invitation_id", "results_protocol_id")
    ):
        add("meeting", invitation_id, pk, body_id)
        add("meeting", protocol_id, pk, body_id)

    public_item = {"public": True, "deleted": False, "meeting__deleted": False}
    item_links = AgendaItem.auxiliary_files.through.objects.filter(
        file_id__in=ids, **{f"agendaitem__{key}": value for key, value in public_item.items()}
    )
    for file_id, pk, body_id in item_links.values_list("file_id", "agendaitem_id", "agendaitem__meeting__body_id"):
        add("agendaItem", file_id, pk, body_id)
    for pk, body_id, file_id in AgendaItem.objects.filter(resolution_file_id__in=ids, **public_item).values_list(
        "pk", "meeting__body_id", "resolution_file_id"
    ):
        add("agendaItem", file_id, pk, body_id)

    paper_links = Paper.auxiliary_files.through.objects.filter(
        file_id__in=ids, paper__public=True, paper__deleted=False
    )
    for file_id, pk, body_id in paper_links.values_list("file_id", "paper_id", "paper__body_id"):
        add("paper", file_id, pk, body_id)
    for pk, body_id, file_id in Paper.objects.filter(main_file_id__in=ids, public=True, deleted=False).values_list(
        "pk", "body_id", "main_file_id"
    ):
        add("paper", file_id, pk, body_id)

    return {pk: {kind: sorted(values) for kind, values in kinds.items()} for pk, kinds in found.items()}


def organization_meetings(organization: Organization) -> QuerySet[Meeting]:
    """The committee's meetings (of its own body: a reference across bodies is not given). The organization comes
    from `organizations()`, so its body publishes."""
    return meetings(organization.body).filter(organizations=organization)


def organization_consultations(organization: Organization) -> QuerySet[Consultation]:
    return consultations(organization.body).filter(organization=organization)


def system_created() -> Any:
    """When this installation began: the oldest body (the NRW bodies are loaded by a migration)."""
    return Body.objects.order_by("created").values_list("created", flat=True).first()


_SLUG = "\x00slug\x00"


@cache
def _published_body_statement() -> tuple[str, tuple[Any, ...]]:
    """The SQL of `published_body`, compiled once per process for a stand-in slug: Django took longer to build and
    compile the four EXISTS of `_publishing` (about 5 ms) than the database to answer them."""
    return _publishing().filter(slug=_SLUG).order_by("pk")[:1].query.sql_with_params()


def published_body_sql(slug: str) -> tuple[str, list[Any]]:
    """The SQL and parameters of `published_body` (at most one row, with every column of the body)."""
    sql, params = _published_body_statement()
    return sql, [slug if param == _SLUG else param for param in params]


def published_body(slug: str) -> Body | None:
    """The published body with this slug (for the lists of one body; no prefetch)."""
    return next(iter(Body.objects.raw(*published_body_sql(slug))), None)


# --- the OParl import: the page of the Geschäftsstelle and the further deliberation on our paper's page ----------


def import_source(body: Body) -> OParlSource | None:
    return OParlSource.objects.filter(body=body).first()


def import_runs(source: OParlSource, limit: int = 10) -> list[ImportRun]:
    """The latest runs of a source, newest first (one query)."""
    return list(
        ImportRun.objects.filter(source=source).select_related("started_by").order_by("-started", "-pk")[:limit]
    )


@dataclass(frozen=True)
class CouncilDeliberation:
    """An imported paper related to one of ours, with its Beratungsfolge in the council's system."""

    paper: Paper
    reference: str
    paper_type: str
    web: str
    steps: list[Consultation]


def council_deliberations(paper: Paper) -> list[CouncilDeliberation]:
    """The imported papers related to our `paper` (linked by the import or by hand), each with its consultations
    (committee, meeting) in order. Nothing for an imported paper itself. Two queries, however many papers and
    steps."""
    if paper.pk is None or paper.external_id:
        return []
    steps = Consultation.objects.filter(deleted=False).select_related("organization", "meeting").order_by("order", "pk")
    related = (
        paper.related_papers.filter(deleted=False)
        .exclude(external_id="")
        .select_related("oparl_origin")
        .prefetch_related(Prefetch("consultations", queryset=steps, to_attr="council_steps"))
        .order_by("date", "pk")
    )
    rows = []
    for found in related:
        origin = getattr(found, "oparl_origin", None)
        rows.append(
            CouncilDeliberation(
                paper=found,
                reference=(origin.reference if origin is not None else "") or found.reference,
                paper_type=(origin.paper_type if origin is not None else "") or found.get_paper_type_display(),
                web=origin.web if origin is not None else "",
                steps=found.council_steps,
            )
        )
    return rows
