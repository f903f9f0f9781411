"""The synthetic state-wide data set of `make bench` (issue 9): committees of 113 NRW bodies with ten years of work.

At scale 1.0: 113 committees with 13–27 seats, about 4,000 persons, about 6,700 meetings with about 60,000 agenda
items, 50,000 papers with their Beratungsfolge, 5,000 measures, 2,000 indicators and 500,000 observations. Smaller
scales shrink every count in proportion (at least one body and one of everything).

Written for speed, not as a model of the services: rows go in with `bulk_create` in batches and without the change
history (`simple_history` records saves, not bulk inserts). Everything is drawn from one seeded random generator,
so the same seed gives the same data. It runs on top of the demo data (`querschnitt demo`) and refuses to run twice
on the same database: the persons it creates carry e-mail addresses under `SYNTHETIC_DOMAIN`.
"""

from __future__ import annotations

import json
import math
import operator
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from querschnitt.committees.models import (
    AgendaItem,
    Consultation,
    LegislativeTerm,
    Location,
    Meeting,
    MeetingState,
    Membership,
    MembershipGroup,
    MembershipRole,
    Organization,
    OrganizationKind,
    Paper,
    PaperType,
    Person,
)
from querschnitt.strategy.models import (
    Concept,
    ConceptStatus,
    FieldOfAction,
    GuidingGoal,
    Indicator,
    IndicatorCatalogueEntry,
    Measure,
    MeasureStatus,
    Observation,
    Polarity,
)
from querschnitt.tenancy.models import Body, BodyKind, Role, RoleAssignment

SYNTHETIC_DOMAIN = "synthetisch.querschnitt.example"
OFFICE_EMAIL = "geschaeftsstelle-{slug}@querschnitt.example"
MAIN_BODY_AGS = "05162"  # Rhein-Kreis Neuss: its Geschäftsstelle is the demo's geschaeftsstelle@ login
TZ = ZoneInfo("Europe/Berlin")
BATCH = 2000

# The sizes of the issue at scale 1.0.
FULL = {
    "committees": 113,
    "persons": 4000,
    "agenda_items": 60000,
    "papers": 50000,
    "measures": 5000,
    "indicators": 2000,
    "observations": 500000,
}
ITEMS_PER_MEETING = 9
FIRST_DAY = date(2017, 1, 9)
YEARS = 10
SEATS = (13, 27)

GIVEN = [
    "Anna",
    "Ahmet",
    "Ayşe",
    "Bernd",
    "Claudia",
    "Daniel",
    "Elif",
    "Emre",
    "Fatma",
    "Felix",
    "Gül",
    "Hannah",
    "Ibrahim",
    "Irina",
    "Jan",
    "Julia",
    "Kerstin",
    "Leyla",
    "Lukas",
    "Marco",
    "Maria",
    "Mehmet",
    "Miriam",
    "Nadia",
    "Nikolai",
    "Olga",
    "Paul",
    "Petra",
    "Rania",
    "Samir",
    "Sara",
    "Sevgi",
    "Stefan",
    "Tanja",
    "Thomas",
    "Ufuk",
    "Vesna",
    "Yusuf",
    "Zeynep",
    "Zoran",
]
FAMILY = [
    "Ahmadi",
    "Arslan",
    "Bauer",
    "Becker",
    "Demir",
    "Dimitriou",
    "Fischer",
    "Hoffmann",
    "Ivanova",
    "Jansen",
    "Kaya",
    "Klein",
    "Koch",
    "Kowalski",
    "Krüger",
    "Lehmann",
    "Meyer",
    "Müller",
    "Nguyen",
    "Novak",
    "Öztürk",
    "Papadopoulos",
    "Petrović",
    "Richter",
    "Rossi",
    "Schäfer",
    "Schmidt",
    "Schneider",
    "Schulz",
    "Şahin",
    "Wagner",
    "Weber",
    "Wolf",
    "Yıldız",
    "Yılmaz",
    "Zimmermann",
]
LISTS = ("Internationale Liste", "Miteinander", "Vielfalt", "Türkisch-Deutsche Liste", "Europa-Liste", "Zukunft")
TOPICS = (
    "Sprachkurse mit Kinderbetreuung",
    "Interkulturelle Öffnung der Verwaltung",
    "Förderung von Migrantenorganisationen",
    "Beratung für Neuzugewanderte",
    "Anerkennung ausländischer Berufsabschlüsse",
    "Elternarbeit an Grundschulen",
    "Antidiskriminierungsberatung",
    "Sprachmittlung im Gesundheitswesen",
    "Wohnraum für Geflüchtete",
    "Integrationskurse für Mütter",
    "Ausbildung junger Zugewanderter",
    "Ehrenamtliche Integrationslotsen",
    "Mehrsprachige Informationen der Stadt",
    "Interkulturelle Woche",
    "Sportangebote für Mädchen",
)
FIELDS = ("Bildung", "Arbeit", "Sprache", "Interkulturelle Öffnung", "Wohnen", "Gesundheit")
PAPER_TYPES = (
    (PaperType.MOTION, 30),
    (PaperType.QUESTION, 15),
    (PaperType.NOTICE, 25),
    (PaperType.DRAFT_RESOLUTION, 20),
    (PaperType.RECOMMENDATION, 5),
    (PaperType.STATEMENT, 5),
)
MEASURE_STATUS = (
    (MeasureStatus.RUNNING, 40),
    (MeasureStatus.COMPLETED, 30),
    (MeasureStatus.PLANNED, 20),
    (MeasureStatus.SUSPENDED, 5),
    (MeasureStatus.DISCARDED, 5),
)
BREAKDOWNS = ({}, {"geschlecht": "weiblich"})


class AlreadyGenerated(Exception):
    """The synthetic data set is in this database already."""


@dataclass
class Plan:
    """How many of everything a scale means, per body (the same for every body)."""

    scale: float
    bodies: int
    persons: int
    meetings: int
    items_per_meeting: int
    papers: int
    measures: int
    indicators: int
    observations: int  # per indicator

    @classmethod
    def for_scale(cls, scale: float) -> Plan:
        if scale <= 0:
            raise ValueError("scale must be positive")
        bodies = max(1, min(FULL["committees"], round(FULL["committees"] * scale)))

        def per_body(name: str) -> int:
            return max(1, round(FULL[name] * scale / bodies))

        agenda = per_body("agenda_items")
        meetings = max(1, round(agenda / ITEMS_PER_MEETING))
        indicators = per_body("indicators")
        return cls(
            scale=scale,
            bodies=bodies,
            persons=max(SEATS[1] + 2, per_body("persons")),
            meetings=meetings,
            items_per_meeting=max(1, round(agenda / meetings)),
            papers=per_body("papers"),
            measures=per_body("measures"),
            indicators=indicators,
            observations=max(1, round(FULL["observations"] * scale / (bodies * indicators))),
        )


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, number: int) -> None:
        self.rows[name] = self.rows.get(name, 0) + number


def already_generated() -> bool:
    return Person.objects.filter(email__endswith="@" + SYNTHETIC_DOMAIN).exists()


def chosen_bodies(rng: random.Random, count: int) -> list[Body]:
    """Rhein-Kreis Neuss first, then the other Kreise, kreisfreie Städte and the Städteregion by key, then a seeded
    draw of Gemeinden. Bodies whose committee the demo already runs (the city of Neuss) are left alone."""
    taken = set(
        Organization.objects.filter(
            kind__in=[
                OrganizationKind.ACI,
                OrganizationKind.INTEGRATION_COUNCIL,
                OrganizationKind.INTEGRATION_COMMITTEE,
            ]
        ).values_list("body_id", flat=True)
    )
    upper = [
        body
        for body in Body.objects.filter(
            kind__in=[BodyKind.KREIS, BodyKind.KREISFREIE_STADT, BodyKind.STAEDTEREGION]
        ).order_by("ags")
        if body.pk not in taken
    ]
    upper.sort(key=lambda body: (body.ags != MAIN_BODY_AGS, body.ags))
    municipalities = [
        body for body in Body.objects.filter(kind=BodyKind.GEMEINDE).order_by("ags") if body.pk not in taken
    ]
    rng.shuffle(municipalities)
    return (upper + municipalities)[:count]


def _weighted(rng: random.Random, choices: Iterable[tuple[Any, int]]) -> Any:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights=weights)[0]


def _at(day: date, hour: int = 17) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _insert(model: type[models.Model], objects: list[Any], counts: Counts, name: str) -> list[Any]:
    """Insert the objects with multi-row INSERT … RETURNING (SQLite ≥ 3.35 and PostgreSQL) and give them their keys.

    `bulk_create` spends most of its time preparing each value through the field; here only the fields whose
    database form differs from the Python value (date-times, decimals, JSON) go through the field, so that the
    500,000 observations take seconds rather than minutes.
    """
    if not objects:
        return objects
    meta = model._meta
    fields = [item for item in meta.concrete_fields if not item.primary_key]
    now = _now_for_db()
    getters: list[Callable[[Any], Any]] = []
    for item in fields:
        if getattr(item, "auto_now", False) or getattr(item, "auto_now_add", False):
            getters.append(lambda _obj: now)
        elif isinstance(item, (models.DateTimeField, models.DecimalField, models.JSONField)):
            getters.append(
                lambda obj, item=item: (
                    None
                    if getattr(obj, item.attname) is None
                    else item.get_db_prep_save(getattr(obj, item.attname), connection)
                )
            )
        else:
            getters.append(operator.attrgetter(item.attname))
    rows = [[get(obj) for get in getters] for obj in objects]
    keys = _insert_rows(meta.db_table, [item.column for item in fields], rows, returning=meta.pk.column)
    for obj, key in zip(objects, keys, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias
    counts.add(name, len(objects))
    return objects


def _now_for_db() -> Any:
    return models.DateTimeField().get_db_prep_save(timezone.now(), connection)


def _insert_rows(table: str, columns: list[str], rows: list[Any], returning: str = "") -> list[Any]:
    """Multi-row INSERTs of prepared values; with `returning`, the new keys in the order of the rows."""
    quote = connection.ops.quote_name
    column_sql = ", ".join(quote(column) for column in columns)
    row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
    size = max(1, min(1000, 30000 // len(columns)))  # SQLite allows 32,766 parameters per statement
    keys: list[Any] = []
    with connection.cursor() as cursor:
        for begin in range(0, len(rows), size):
            chunk = rows[begin : begin + size]
            # Table and column names come from the models, every value is a parameter.
            sql = f"INSERT INTO {quote(table)} ({column_sql}) VALUES {', '.join([row_sql] * len(chunk))}"  # noqa: S608
            if returning:
                sql += f" RETURNING {quote(returning)}"
            cursor.execute(sql, [value for row in chunk for value in row])
            if returning:
                keys.extend(row[0] for row in cursor.fetchall())
    return keys


def generate(*, scale: float = 1.0, seed: int = 2026, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Create the data set; returns the number of rows per kind. Raises `AlreadyGenerated` on a second run."""
    if already_generated():
        raise AlreadyGenerated
    say = progress or (lambda _message: None)
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    plan = Plan.for_scale(scale)
    counts = Counts()
    began = time.perf_counter()
    bodies = chosen_bodies(rng, plan.bodies)
    catalogue = list(IndicatorCatalogueEntry.objects.order_by("code"))
    password = make_password("Demo-Querschnitt-2026")
    with transaction.atomic():
        _office_users(bodies, password, counts)
        for number, body in enumerate(bodies, start=1):
            _body(rng, plan, body, catalogue, counts)
            if number % 10 == 0 or number == len(bodies):
                say(f"{number}/{len(bodies)} Kommunen ({time.perf_counter() - began:.0f} s)")
    return counts.rows


def _office_users(bodies: list[Body], password: str, counts: Counts) -> None:
    """One Geschäftsstelle login per body (password as in the demo); Rhein-Kreis Neuss keeps the demo's login."""
    user_model = get_user_model()
    wanted = {OFFICE_EMAIL.format(slug=body.slug): body for body in bodies if body.ags != MAIN_BODY_AGS}
    existing = set(user_model.objects.filter(email__in=wanted).values_list("email", flat=True))
    users = _insert(
        user_model,
        [
            user_model(email=email, first_name="Geschäftsstelle", last_name=body.name, password=password)
            for email, body in wanted.items()
            if email not in existing
        ],
        counts,
        "users",
    )
    _insert(
        RoleAssignment,
        [RoleAssignment(user=user, body=wanted[user.email], role=Role.OFFICE) for user in users],
        counts,
        "role_assignments",
    )


def _body(rng: random.Random, plan: Plan, body: Body, catalogue: list, counts: Counts) -> None:
    terms = _insert(
        LegislativeTerm,
        [
            LegislativeTerm(
                body=body, name="Wahlperiode 2014–2020", start_date=date(2014, 6, 1), end_date=date(2020, 10, 31)
            ),
            LegislativeTerm(
                body=body, name="Wahlperiode 2020–2025", start_date=date(2020, 11, 1), end_date=date(2025, 10, 31)
            ),
            LegislativeTerm(
                body=body, name="Wahlperiode 2025–2030", start_date=date(2025, 11, 1), end_date=date(2030, 10, 31)
            ),
        ],
        counts,
        "legislative_terms",
    )
    location = _insert(
        Location,
        [Location(body=body, description=f"Sitzungssaal, Rathaus {body.name}", locality=body.name)],
        counts,
        "locations",
    )[0]
    seats = rng.randint(*SEATS)
    elected = math.ceil(seats * 0.6)
    council = Organization.objects.filter(body=body, kind=OrganizationKind.COUNCIL, deleted=False).first()
    organizations = [
        Organization(
            body=body,
            name="Ausschuss für Chancengerechtigkeit und Integration",
            short_name="ACI",
            kind=OrganizationKind.ACI,
            statutory_seats=seats,
            elected_seats=elected,
            council_seats=seats - elected,
            start_date=date(2014, 6, 1),
            location=location,
            published=True,
        )
    ]
    if council is None:
        council_name = f"Kreistag {body.name}" if body.kind == BodyKind.KREIS else f"Rat {body.name}"
        organizations.append(
            Organization(body=body, name=council_name, short_name="Rat", kind=OrganizationKind.COUNCIL)
        )
    created = _insert(Organization, organizations, counts, "organizations")
    aci = created[0]
    council = council or created[1]
    _composition(rng, plan, body, aci, terms, seats, elected, counts)
    meetings = _meetings(rng, plan, body, aci, location, counts)
    _papers(rng, plan, body, aci, council, meetings, counts)
    _strategy(rng, plan, body, catalogue, counts)


def _composition(
    rng: random.Random,
    plan: Plan,
    body: Body,
    aci: Organization,
    terms: list[LegislativeTerm],
    seats: int,
    elected: int,
    counts: Counts,
) -> None:
    persons = _insert(
        Person,
        [
            Person(
                body=body,
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
                email=f"person{number}.{body.slug}@{SYNTHETIC_DOMAIN}",
                consent_given_on=_at(date(2025, 11, 15)) if rng.random() < 0.4 else None,
                consent_text_version="1" if number % 3 == 0 else "",
            )
            for number in range(plan.persons)
        ],
        counts,
        "persons",
    )
    current, previous = terms[2], terms[1]
    memberships = []
    deputies = max(1, seats // 3)
    for number, person in enumerate(persons):
        if number < seats:
            role = (MembershipRole.CHAIR, MembershipRole.DEPUTY_CHAIR)[number] if number < 2 else MembershipRole.MEMBER
            group = MembershipGroup.DIRECTLY_ELECTED if number < elected else MembershipGroup.COUNCIL_MEMBER
            term, start, end = current, current.start_date, None
        elif number < seats + deputies:
            role, group = MembershipRole.DEPUTY, MembershipGroup.DIRECTLY_ELECTED
            term, start, end = current, current.start_date, None
        else:
            role = MembershipRole.MEMBER
            group = rng.choice([MembershipGroup.DIRECTLY_ELECTED, MembershipGroup.COUNCIL_MEMBER])
            term, start, end = previous, previous.start_date, previous.end_date
        memberships.append(
            Membership(
                person=person,
                organization=aci,
                legislative_term=term,
                group=group,
                role=role,
                voting_right=role != MembershipRole.DEPUTY,
                list_name=rng.choice(LISTS) if group == MembershipGroup.DIRECTLY_ELECTED else "",
                start_date=start,
                end_date=end,
            )
        )
    _insert(Membership, memberships, counts, "memberships")


def _meetings(
    rng: random.Random, plan: Plan, body: Body, aci: Organization, location: Location, counts: Counts
) -> list[Meeting]:
    """Meetings spread evenly over ten years from January 2017; the ones already past are held."""
    today = timezone.localdate()
    step = (YEARS * 365) / plan.meetings
    meetings = []
    for number in range(plan.meetings):
        day = FIRST_DAY + timedelta(days=int(number * step) + rng.randint(0, 3))
        start = _at(day)
        held = day < today
        meetings.append(
            Meeting(
                body=body,
                name=f"{number + 1}. Sitzung des ACI",
                meeting_state=MeetingState.HELD if held else MeetingState.PLANNED,
                start=start,
                end=start + timedelta(hours=2),
                location=location,
                invitation_sent_at=start - timedelta(days=10) if held else None,
                minutes_text="Die Sitzung verlief ohne besondere Vorkommnisse." if held else "",
            )
        )
    meetings = _insert(Meeting, meetings, counts, "meetings")
    through = Meeting.organizations.through
    _insert(
        through,
        [through(meeting_id=meeting.pk, organization_id=aci.pk) for meeting in meetings],
        counts,
        "meeting_organizations",
    )
    return meetings


def _papers(
    rng: random.Random,
    plan: Plan,
    body: Body,
    aci: Organization,
    council: Organization,
    meetings: list[Meeting],
    counts: Counts,
) -> None:
    """Papers over the ten years, each deliberated by the committee in the next meeting after its date (its agenda
    item links the consultation); about half go on to the council for the decision."""
    span = YEARS * 365
    dates = sorted(FIRST_DAY - timedelta(days=20) + timedelta(days=rng.randrange(span)) for _ in range(plan.papers))
    per_year: dict[int, int] = {}
    papers = []
    for day in dates:
        per_year[day.year] = per_year.get(day.year, 0) + 1
        topic = rng.choice(TOPICS)
        paper_type = _weighted(rng, PAPER_TYPES)
        papers.append(
            Paper(
                body=body,
                name=f"{paper_type}: {topic}",
                reference=f"ACI/{day.year}/{per_year[day.year]:03d}",
                date=day,
                paper_type=paper_type,
                addressee="Ausschuss für Chancengerechtigkeit und Integration",
                text=f"Die Verwaltung wird gebeten, zum Thema „{topic}“ zu berichten und Vorschläge zu machen.",
                resolution_proposal="Der Ausschuss empfiehlt dem Rat, wie vorgeschlagen zu beschließen."
                if paper_type in (PaperType.MOTION, PaperType.DRAFT_RESOLUTION)
                else "",
                public=rng.random() < 0.95,
            )
        )
    papers = _insert(Paper, papers, counts, "papers")
    through = Paper.originator_organizations.through
    _insert(
        through,
        [
            through(paper_id=paper.pk, organization_id=aci.pk)
            for paper in papers
            if paper.paper_type == PaperType.MOTION
        ],
        counts,
        "paper_originators",
    )
    # The committee's step: the first meeting on or after the paper's date.
    starts = [meeting.start.date() for meeting in meetings]
    today = timezone.localdate()
    consultations, by_meeting = [], {meeting.pk: [] for meeting in meetings}
    index = 0
    for paper in papers:
        while index < len(meetings) and starts[index] < paper.date:
            index += 1
        meeting = meetings[index] if index < len(meetings) else None
        held = meeting is not None and starts[index] < today
        decides = paper.paper_type in (PaperType.MOTION, PaperType.DRAFT_RESOLUTION)
        step = Consultation(
            paper=paper,
            organization=aci,
            meeting=meeting,
            order=1,
            role="Vorberatung" if decides else "Kenntnisnahme",
            result=("empfohlen" if decides else "zur Kenntnis genommen") if held else "",
        )
        consultations.append(step)
        if meeting is not None:
            by_meeting[meeting.pk].append(step)
        if decides:
            consultations.append(
                Consultation(
                    paper=paper,
                    organization=council,
                    order=2,
                    role="Entscheidung",
                    authoritative=True,
                    result="beschlossen" if held and rng.random() < 0.8 else "",
                )
            )
    _insert(Consultation, consultations, counts, "consultations")
    items = []
    for meeting, day in zip(meetings, starts, strict=True):
        held = day < today
        steps = by_meeting[meeting.pk]
        fillers = max(0, plan.items_per_meeting - 1 - len(steps))
        order = 1
        items.append(
            AgendaItem(
                meeting=meeting, number="1", order=order, name="Eröffnung und Feststellung der Beschlussfähigkeit"
            )
        )
        for step in steps:
            order += 1
            public = step.paper.public
            items.append(
                AgendaItem(
                    meeting=meeting,
                    number=str(order),
                    order=order,
                    name=f"{step.paper.reference} {step.paper.name}",
                    public=public,
                    non_public_reason="" if public else "Personenbezogene Daten (§ 48 Abs. 2 GO NRW)",
                    consultation=step,
                    result=step.result,
                    votes_yes=rng.randint(8, 15) if held and step.role == "Vorberatung" else None,
                    votes_no=rng.randint(0, 2) if held and step.role == "Vorberatung" else None,
                    votes_abstain=rng.randint(0, 2) if held and step.role == "Vorberatung" else None,
                )
            )
        for filler in range(fillers):
            order += 1
            name = ("Mitteilungen der Verwaltung", "Anfragen", "Verschiedenes", "Bericht aus dem Integrationszentrum")[
                filler % 4
            ]
            items.append(AgendaItem(meeting=meeting, number=str(order), order=order, name=name))
    _insert(AgendaItem, items, counts, "agenda_items")


def _strategy(rng: random.Random, plan: Plan, body: Body, catalogue: list, counts: Counts) -> None:
    """The current concept (the body's own if it has one, as the demo's Rhein-Kreis Neuss), its measures, and the
    body's indicators with ten years of monthly observations (total and one breakdown)."""
    concept = Concept.objects.filter(body=body, status=ConceptStatus.ADOPTED).order_by("-version").first()
    concept = concept or Concept.objects.filter(body=body).order_by("-version").first()
    if concept is None:
        concept = _insert(
            Concept,
            [
                Concept(
                    body=body,
                    title=f"Integrationskonzept {body.name}",
                    status=ConceptStatus.ADOPTED,
                    period_start=date(2017, 1, 1),
                    period_end=date(2027, 12, 31),
                    adopted_on=date(2016, 12, 8),
                    adopted_by="Rat, 08.12.2016",
                    mission_statement="Alle Menschen sollen gleichberechtigt am Leben der Kommune teilhaben.",
                )
            ],
            counts,
            "concepts",
        )[0]
    fields = list(FieldOfAction.objects.filter(concept=concept, parent__isnull=True).order_by("order", "pk"))
    if not fields:
        fields = _insert(
            FieldOfAction,
            [FieldOfAction(concept=concept, title=title, order=order) for order, title in enumerate(FIELDS, start=1)],
            counts,
            "fields_of_action",
        )
        _insert(
            GuidingGoal,
            [GuidingGoal(field=item, text=f"Gleiche Chancen im Bereich {item.title}.", order=1) for item in fields],
            counts,
            "guiding_goals",
        )
    measures = []
    for number in range(plan.measures):
        start = date(2017, 1, 1) + timedelta(days=rng.randrange(9 * 365))
        status = _weighted(rng, MEASURE_STATUS)
        measures.append(
            Measure(
                concept=concept,
                field=fields[number % len(fields)],
                title=f"{rng.choice(TOPICS)} ({number + 1})",
                description="Synthetische Maßnahme für den Lasttest.",
                lead_owner="Kommunales Integrationszentrum",
                status=status,
                start_date=start,
                end_date=start + timedelta(days=365 * rng.randint(1, 3)),
                progress=100 if status == MeasureStatus.COMPLETED else rng.randint(0, 90),
                order=100 + number,
            )
        )
    _insert(Measure, measures, counts, "measures")
    indicators = []
    for number in range(plan.indicators):
        entry = catalogue[number % len(catalogue)] if catalogue else None
        indicators.append(
            Indicator(
                body=body,
                catalogue_entry=entry,
                name=f"{entry.name if entry else 'Indikator'} ({number + 1})",
                definition=entry.definition if entry else "",
                unit="%",
                polarity=entry.polarity if entry else Polarity.UP,
                baseline_value=Decimal(rng.randint(100, 600)) / 10,
                baseline_date=date(2016, 12, 31),
            )
        )
    indicators = _insert(Indicator, indicators, counts, "indicators")
    months = math.ceil(plan.observations / len(BREAKDOWNS))
    now = _now_for_db()
    columns = [
        "indicator_id", "period_start", "period_end", "period_label", "area_ags", "breakdown", "breakdown_key",
        "value", "unit", "provisional", "estimated", "confidential", "source", "note", "imported_by_id",
        "created", "modified",
    ]  # fmt: skip
    breakdowns = [
        (json.dumps(item), Observation.key_for(item), Decimal("0.9") if item else Decimal(1)) for item in BREAKDOWNS
    ]
    rows: list[tuple] = []
    for indicator in indicators:
        level = Decimal(rng.randint(1000, 6000)) / 100
        made = 0
        for month in range(months):
            year, month_number = 2016 + (month // 12), month % 12 + 1
            start = date(year, month_number, 1)
            end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            level = max(Decimal(0), level + Decimal(rng.randint(-80, 100)) / 100)
            for text, key, factor in breakdowns:
                if made == plan.observations:
                    break
                made += 1
                value = (level * factor).quantize(Decimal("0.01"))
                rows.append(
                    (indicator.pk, start, end, f"{month_number:02d}/{year}", body.ags or "", text, key,
                     str(value), "%", False, False, False, "Synthetische Daten", "", None, now, now)
                )  # fmt: skip
    _insert_rows(Observation._meta.db_table, columns, rows)
    counts.add("observations", len(rows))
