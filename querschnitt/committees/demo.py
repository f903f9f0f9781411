"""Demo committee work (issue 4, point 11), with demo names only:

- the city of Neuss: its Ausschuss für Chancengerechtigkeit und Integration (2025–2030) with members, deputies and
  minute-taker, the Sozialausschuss and the council; two held meetings with signed minutes and an upcoming one;
  the motion for low-threshold language courses from seed 004 ("Ablauf: Integrationsrat, Sozialausschuss,
  Stadtrat") with its whole Beratungsfolge ending in the council's decision;
- the Rhein-Kreis Neuss: the Kreistag's decision of 08.12.2010 on the steering group and the Integrationsgipfel 2012
  (seed 004) as a paper with its resolution text, after the Sozial- und Gesundheitsausschuss.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.services import role_assignment_create

from . import services_composition as composition
from . import services_meetings as meetings
from . import services_papers as papers
from .models import MembershipGroup, MembershipRole, Organization, OrganizationKind, PaperType

BERLIN = ZoneInfo("Europe/Berlin")
ACI_NAME = "Ausschuss für Chancengerechtigkeit und Integration"

# (given name, family name, group, role, list) – invented names for the demo.
ACI_MEMBERS = [
    ("Aylin", "Demir", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.CHAIR, "Liste Vielfalt Neuss"),
    ("Dimitrios", "Papadakis", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.DEPUTY_CHAIR, "Internationale Liste"),
    ("Maria", "Kowalski", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.MEMBER, "Liste Vielfalt Neuss"),
    ("Samir", "Haddad", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.MEMBER, "Internationale Liste"),
    ("Elena", "Popescu", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.MEMBER, "Liste Vielfalt Neuss"),
    ("Kofi", "Mensah", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.MEMBER, "Einzelbewerbung"),
    ("Olga", "Schneider", MembershipGroup.DIRECTLY_ELECTED, MembershipRole.MEMBER, "Internationale Liste"),
    ("Thomas", "Berger", MembershipGroup.COUNCIL_MEMBER, MembershipRole.MEMBER, ""),
    ("Sabine", "Krüger", MembershipGroup.COUNCIL_MEMBER, MembershipRole.MEMBER, ""),
    ("Ahmet", "Yıldız", MembershipGroup.COUNCIL_MEMBER, MembershipRole.MEMBER, ""),
    ("Petra", "Lange", MembershipGroup.ADMINISTRATION, MembershipRole.MINUTE_TAKER, ""),
]
MOTION_TITLE = "Niederschwellige Deutschkurse für Mütter mit Kleinkindern und für Geflüchtete"


def _at(day: date, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=BERLIN)


def _organization(body, name, kind, **fields):
    found = Organization.objects.filter(body=body, name=name).first()
    return found or composition.organization_create(actor=None, body=body, name=name, kind=kind, **fields)


def _held_meeting(organization, name, day, items, minutes, memberships, votes=None):
    """A past meeting: invited in time, attendance of all, votes, minutes signed by chair and minute-taker."""
    meeting = meetings.meeting_create(
        actor=None,
        body=organization.body,
        organizations=[organization],
        name=name,
        start=_at(day),
        end=_at(day, 20),
        new_location="Ratssaal, Markt 2, Neuss",
    )
    meetings.invitation_send(actor=None, meeting=meeting, now=_at(day - timedelta(days=10), 9))
    created = [meetings.agenda_item_create(actor=None, meeting=meeting, **item) for item in items]
    meetings.attendance_save(actor=None, meeting=meeting, rows=[(ms, True, None) for ms in memberships])
    for index, (yes, no, abstain, text) in (votes or {}).items():
        meetings.vote_record(
            actor=None, agenda_item=created[index], yes=yes, no=no, abstain=abstain, resolution_text=text
        )
    meetings.minutes_update(actor=None, meeting=meeting, minutes_text=minutes)
    signers = {ms.role: ms.person for ms in memberships}
    meetings.minutes_sign(actor=None, meeting=meeting, person=signers[MembershipRole.CHAIR])
    meetings.minutes_sign(actor=None, meeting=meeting, person=signers[MembershipRole.MINUTE_TAKER])
    return meeting, created


def _load_neuss(context: dict) -> None:
    neuss = context["municipalities"]["Neuss"]
    if Organization.objects.filter(body=neuss, name=ACI_NAME).exists():
        return
    term = composition.legislative_term_create(
        actor=None, body=neuss, name="Wahlperiode 2025–2030", start_date=date(2025, 11, 1), end_date=date(2030, 10, 31)
    )
    aci = _organization(
        neuss,
        ACI_NAME,
        OrganizationKind.ACI,
        short_name="ACI",
        statutory_seats=15,
        elected_seats=10,
        council_seats=5,
        start_date=date(2025, 11, 1),
        published=True,
    )
    social = _organization(neuss, "Sozialausschuss", OrganizationKind.SPECIALIST_COMMITTEE, statutory_seats=19)
    council = _organization(neuss, "Rat der Stadt Neuss", OrganizationKind.COUNCIL, statutory_seats=60)

    members = []
    places: dict[str, int] = {}
    for given, family, group, role, list_name in ACI_MEMBERS:
        places[list_name] = places.get(list_name, 0) + 1
        person = composition.person_create(actor=None, body=neuss, family_name=family, given_name=given)
        members.append(
            composition.membership_create(
                actor=None,
                organization=aci,
                person=person,
                group=group,
                role=role,
                legislative_term=term,
                list_name=list_name,
                list_order=places[list_name] if list_name else None,
                start_date=date(2025, 11, 1),
            )
        )
    deputy = composition.person_create(actor=None, body=neuss, family_name="Nowak", given_name="Jan")
    composition.membership_create(
        actor=None,
        organization=aci,
        person=deputy,
        group=MembershipGroup.DIRECTLY_ELECTED,
        role=MembershipRole.DEPUTY,
        deputy_of=members[2],
        legislative_term=term,
        list_name="Liste Vielfalt Neuss",
        list_order=4,
        start_date=date(2025, 11, 1),
    )
    # The demo member Maria Kowalski can sign in: she sees the non-public items of her committee.
    kowalski = members[2].person
    role_assignment_create(actor=None, user=context["users"]["mitglied"], body=neuss, role=Role.MEMBER)
    composition.person_update(actor=None, person=kowalski, user=context["users"]["mitglied"])
    # Chairs of the other bodies, so that their decisions can be recorded.
    for organization, name in ((social, ("Ursula", "Brandt")), (council, ("Reiner", "Breuer"))):
        chair = composition.person_create(actor=None, body=neuss, family_name=name[1], given_name=name[0])
        composition.membership_create(
            actor=None,
            organization=organization,
            person=chair,
            group=MembershipGroup.COUNCIL_MEMBER,
            role=MembershipRole.CHAIR,
            start_date=date(2025, 11, 1),
        )
    # Seats are taken from the Hauptsatzung; the constituent meeting follows the model agenda.
    meetings.ensure_default_templates()
    composition.statute_create(
        actor=None,
        body=neuss,
        kind="hauptsatzung",
        title="Hauptsatzung der Stadt Neuss",
        text="§ 8 Ausschuss für Chancengerechtigkeit und Integration\n(1) Der Ausschuss hat "
        "15 Mitglieder: 10 direkt gewählte Mitglieder und 5 vom Rat bestellte Ratsmitglieder.",
        published=True,
    )

    constituent, _items = _held_meeting(
        aci,
        "1. Sitzung (konstituierende Sitzung)",
        date(2025, 11, 20),
        [
            {"name": "Verpflichtung der Mitglieder"},
            {"name": "Wahl der/des Vorsitzenden"},
            {"name": "Wahl der Stellvertretung"},
            {"name": "Bestellung der Schriftführung"},
            {"name": "Wahl der Delegierten für den Landesintegrationsrat"},
            {"name": "Sitzungsplan 2026"},
        ],
        "Die Vorsitzende der Sitzung eröffnet um 18:00 Uhr. Alle Mitglieder werden verpflichtet. Gewählt werden "
        "Frau Demir zur Vorsitzenden und Herr Papadakis zum stellvertretenden Vorsitzenden (je einstimmig).",
        members,
        votes={
            1: (10, 0, 0, "Frau Aylin Demir ist zur Vorsitzenden gewählt."),
            2: (10, 0, 0, "Herr Dimitrios Papadakis ist zum stellvertretenden Vorsitzenden gewählt."),
        },
    )

    motion = papers.paper_create(
        actor=None,
        body=neuss,
        name=MOTION_TITLE,
        paper_type=PaperType.MOTION,
        date=date(2026, 1, 15),
        originator_organizations=[aci],
        addressee="Rat der Stadt Neuss",
        public=True,
        text="Im Integrationsworkshop des Rhein-Kreises Neuss wurde vereinbart: „Die Kommunen werden durch Anträge "
        "der Integrationsräte dazu bewegt, Gelder in den Haushalt einzuplanen.“ Mütter mit Kleinkindern unter "
        "drei Jahren und Geflüchtete erreichen die Integrationskurse bisher kaum.",
        resolution_proposal="Der Rat stellt im Haushalt 2027 Mittel für mindestens drei niederschwellige "
        "Deutschkurse mit Kinderbetreuung bereit (600 bis 1.200 € je Teilnehmerin und "
        "Teilnehmer zuzüglich Fahrtkosten und Material). Die Verwaltung bindet die Träger der "
        "Integrationskurse und die Flüchtlingsberatungsstellen ein.",
    )
    step_aci = papers.consultation_add(actor=None, paper=motion, organization=aci, role="Vorberatung")
    step_social = papers.consultation_add(actor=None, paper=motion, organization=social, role="Vorberatung")
    step_council = papers.consultation_add(
        actor=None, paper=motion, organization=council, role="Entscheidung", authoritative=True
    )

    second, items = _held_meeting(
        aci,
        "2. Sitzung",
        date(2026, 2, 12),
        [
            {"name": "Genehmigung der Niederschrift der 1. Sitzung"},
            {"name": f"Antrag: {MOTION_TITLE}", "consultation": step_aci},
            {"name": "Mitteilungen der Verwaltung"},
            {
                "name": "Zuschuss an einen Verein (Personal- und Vertragsangelegenheit)",
                "public": False,
                "non_public_reason": "Vertragsangelegenheit mit Angaben zu Einzelpersonen (§ 48 Abs. 2 GO NRW)",
            },
        ],
        "Der Ausschuss empfiehlt dem Rat einstimmig bei einer Enthaltung, den Antrag zu beschließen.",
        members,
        votes={
            1: (9, 0, 1, "Der Ausschuss empfiehlt dem Rat, den Antrag zu beschließen."),
            3: (10, 0, 0, "Der Zuschuss wird wie vorgeschlagen gewährt."),
        },
    )
    papers.consultation_record_result(actor=None, consultation=step_aci, result="empfohlen")
    papers.consultation_record_result(actor=None, consultation=step_social, result="empfohlen")
    papers.consultation_record_result(actor=None, consultation=step_council, result="beschlossen")

    upcoming_day = timezone.localdate() + timedelta(days=14)
    upcoming = meetings.meeting_create(
        actor=None,
        body=neuss,
        organizations=[aci],
        name="Nächste Sitzung",
        start=_at(upcoming_day),
        new_location="Ratssaal, Markt 2, Neuss",
    )
    meetings.agenda_from_template(
        actor=None, meeting=upcoming, template=meetings.agenda_templates_for(neuss).get(name="Muster-Tagesordnung")
    )
    meetings.invitation_send(actor=None, meeting=upcoming)
    context["neuss_aci"] = aci
    del constituent, second, items


def _load_kreis(context: dict) -> None:
    kreis = context["kreis"]
    if Organization.objects.filter(body=kreis, kind=OrganizationKind.COUNCIL).exists():
        return
    kreistag = _organization(kreis, "Kreistag des Rhein-Kreises Neuss", OrganizationKind.COUNCIL)
    social = _organization(kreis, "Sozial- und Gesundheitsausschuss", OrganizationKind.SPECIALIST_COMMITTEE)
    decision = papers.paper_create(
        actor=None,
        body=kreis,
        name="Ergebnis des Integrationsworkshops: Integrationsgipfel 2012 und Steuerungsgruppe Integration",
        paper_type=PaperType.DRAFT_RESOLUTION,
        reference="61/2010",
        date=date(2010, 11, 10),
        public=True,
        text="Bericht über den Integrationsworkshop (20.09.2010, 05.11.2010, 06.11.2010) mit den Leitzielen, "
        "Jahreszielen und Maßnahmen der Handlungsfelder Bildung, Arbeit, Sprache und Interkulturelle Öffnung.",
        resolution_proposal="Der Kreistag begrüßt und unterstützt die Durchführung eines Integrationsgipfels im "
        "Jahre 2012. Der Kreistag stimmt der Einrichtung einer Steuerungsgruppe Integration in "
        "der vorgeschlagenen Zusammensetzung zu.",
    )
    papers.consultation_add(
        actor=None, paper=decision, organization=social, role="Kenntnisnahme", result="zur Kenntnis genommen"
    )
    papers.consultation_add(
        actor=None, paper=decision, organization=kreistag, role="Entscheidung", authoritative=True, result="beschlossen"
    )
    context["kreistag_decision"] = decision


def load(context: dict) -> None:
    _load_neuss(context)
    _load_kreis(context)
