"""A realistic data set for the OParl tests, built with the committee factories.

- Neuss (Gemeinde 05162024, published): the integration committee, the council and a working group; members with
  and without consent; a held meeting with public and non-public items, a planned one and a deleted one; public
  and non-public papers with their Beratungsfolge; public and non-public files; deleted objects of every kind.
- Düsseldorf (kreisfreie Stadt 05111, published): a second body with public and non-public content.
- Dormagen (Gemeinde 05162004, not published): committee data but nothing public yet.

Everything that must never appear in the API carries `SECRET` in a text field. Timestamps are set explicitly:
everything was created and last changed at `T_CREATED`; `T_CHANGED` and `T_DELETED` mark later changes and
deletions (see `_stamp`).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.db.models import Model

from querschnitt.committees import models as m
from querschnitt.committees.tests import factories as f
from querschnitt.tenancy.models import Body

SECRET = "qxgeheim"
BERLIN = dt.timezone(dt.timedelta(hours=1))
T_CREATED = dt.datetime(2025, 11, 20, 10, 0, tzinfo=BERLIN)
T_CHANGED = dt.datetime(2026, 2, 2, 9, 30, tzinfo=BERLIN)
T_DELETED = dt.datetime(2026, 3, 3, 12, 0, tzinfo=BERLIN)
# Half an hour after midnight in Berlin, still the previous day in UTC: the offset of a filter matters.
T_NEW_YEAR = dt.datetime(2026, 1, 1, 0, 30, tzinfo=BERLIN)


def public_file(body: Body, name: str, content: bytes = b"%PDF-1.4 oeffentlich", **kwargs: Any) -> Any:
    return f.FileFactory(
        body=body,
        name=name,
        file=ContentFile(content, name=f"{name.lower().replace(' ', '-')}.pdf"),
        file_name=f"{name}.pdf",
        size=len(content),
        sha512_checksum=m.File.checksum(content),
        public=True,
        no_third_party_personal_data=True,
        **kwargs,
    )


def secret_file(body: Body, name: str) -> Any:
    content = f"%PDF-1.4 {SECRET} {name}".encode()
    return f.FileFactory(
        body=body,
        name=f"{name} {SECRET}",
        file=ContentFile(content, name="intern.pdf"),
        file_name=f"{SECRET}.pdf",
        size=len(content),
        sha512_checksum=m.File.checksum(content),
        text=f"Volltext {SECRET}",
    )


def public_item(meeting: Any, order: int, name: str, **kwargs: Any) -> Any:
    return f.AgendaItemFactory(meeting=meeting, order=order, number=f"{order}.", name=name, public=True, **kwargs)


def secret_item(meeting: Any, order: int) -> Any:
    return f.AgendaItemFactory(
        meeting=meeting,
        order=order,
        number=f"{order}.",
        name=f"Förderantrag Verein {SECRET}",
        non_public_reason="Personalangelegenheit",
        resolution_text=f"Beschluss {SECRET}",
    )


def _stamp(model: type[Model], pks: list[int] | None = None, **fields: Any) -> None:
    queryset = model._default_manager.all() if pks is None else model._default_manager.filter(pk__in=pks)
    queryset.update(**fields)


def build() -> SimpleNamespace:
    d = SimpleNamespace()
    d.neuss = Body.objects.get(ags="05162024")
    d.duesseldorf = Body.objects.get(ags="05111")
    d.dormagen = Body.objects.get(ags="05162004")
    _neuss(d)
    _duesseldorf(d)
    _dormagen(d)
    _timestamps(d)
    return d


def _neuss(d: SimpleNamespace) -> None:
    body = d.neuss
    d.term = f.LegislativeTermFactory(body=body, name="Wahlperiode 2025–2030")
    d.old_term = f.LegislativeTermFactory(
        body=body, name="Wahlperiode 2020–2025", start_date=dt.date(2020, 11, 1), end_date=dt.date(2025, 10, 31)
    )
    d.town_hall = f.LocationFactory(
        body=body,
        description="Ratssaal, Rathaus Neuss",
        street_address="Markt 2",
        postal_code="41460",
        locality="Neuss",
    )
    d.old_room = f.LocationFactory(body=body, description="Sitzungsraum 1 (abgerissen)")

    d.aci = f.OrganizationFactory(
        body=body,
        name="Ausschuss für Chancengerechtigkeit und Integration",
        short_name="ACI",
        location=d.town_hall,
        start_date=dt.date(2025, 11, 1),
    )
    d.council = f.OrganizationFactory(body=body, name="Rat der Stadt Neuss", kind=m.OrganizationKind.COUNCIL)
    d.working_group = f.OrganizationFactory(
        body=body, name="Arbeitskreis Sprache", kind=m.OrganizationKind.WORKING_GROUP
    )
    d.old_council = f.OrganizationFactory(
        body=body, name="Integrationsrat (bis 2025)", kind=m.OrganizationKind.INTEGRATION_COUNCIL
    )

    consent = {"consent_given_on": T_CREATED}
    d.chair = f.PersonFactory(
        body=body,
        given_name="Ayşe",
        family_name="Yılmaz",
        title="Dr.",
        email="ayse.yilmaz@example.org",
        phone="02131 90-0",
        profile_text="Vorsitzende seit 2025.",
        **consent,
    )
    d.member = f.PersonFactory(
        body=body,
        given_name="Jonas",
        family_name="Becker",
        email=f"{SECRET}@example.org",
        phone=f"0170 {SECRET}",
        profile_text=f"Privat {SECRET}",
    )
    d.expert = f.PersonFactory(body=body, given_name=f"Nur Arbeitskreis {SECRET}", family_name="Schmitz")
    d.commissioner = f.PersonFactory(
        body=body, given_name="Maria", family_name="Krämer", email="integration@example.org", **consent
    )
    d.revoked = f.PersonFactory(
        body=body,
        given_name=f"Widerrufen {SECRET}",
        family_name="Wagner",
        consent_given_on=T_CREATED,
        consent_revoked_on=T_CHANGED,
    )
    d.former = f.PersonFactory(body=body, given_name="Ehemals", family_name="Mitglied")

    d.chair_membership = f.MembershipFactory(
        person=d.chair,
        organization=d.aci,
        role=m.MembershipRole.CHAIR,
        legislative_term=d.term,
        start_date=dt.date(2025, 11, 1),
    )
    d.member_membership = f.MembershipFactory(
        person=d.member, organization=d.aci, group=m.MembershipGroup.COUNCIL_MEMBER, on_behalf_of=d.council
    )
    d.council_membership = f.MembershipFactory(person=d.chair, organization=d.council)
    d.group_membership = f.MembershipFactory(person=d.expert, organization=d.working_group)
    d.chair_group_membership = f.MembershipFactory(person=d.chair, organization=d.working_group)
    d.former_membership = f.MembershipFactory(person=d.former, organization=d.aci)
    d.deleted_membership = f.MembershipFactory(person=d.member, organization=d.council)

    # The held meeting: public and non-public items, files of every kind.
    d.invitation = public_file(body, "Einladung")
    d.protocol = public_file(body, "Niederschrift")
    d.meeting_annex = public_file(body, "Sitzungsplan")
    d.meeting_secret_annex = secret_file(body, "Personalliste")
    d.held = f.MeetingFactory(
        body=body,
        organizations=[d.aci],
        name="1. Sitzung des Ausschusses",
        start=dt.datetime(2025, 12, 4, 17, 0, tzinfo=BERLIN),
        end=dt.datetime(2025, 12, 4, 19, 30, tzinfo=BERLIN),
        location=d.town_hall,
        meeting_state=m.MeetingState.HELD,
        invitation=d.invitation,
        results_protocol=d.protocol,
    )
    d.held.auxiliary_files.set([d.meeting_annex, d.meeting_secret_annex])
    d.opening = public_item(d.held, 1, "Eröffnung und Feststellung der Beschlussfähigkeit")
    d.secret_item = secret_item(d.held, 2)
    d.resolution = public_file(body, "Beschluss Sprachkurse")
    d.item_annex = public_file(body, "Präsentation Sprachkurse")
    d.item_secret_annex = secret_file(body, "Kostenaufstellung")
    d.motion_item = public_item(
        d.held, 3, "Antrag: Niederschwellige Sprachkurse", result="Einstimmig beschlossen", resolution_file=d.resolution
    )
    d.motion_item.auxiliary_files.set([d.item_annex, d.item_secret_annex])
    d.deleted_item = public_item(d.held, 4, "Verschiedenes")
    d.planned = f.MeetingFactory(
        body=body,
        organizations=[d.aci, d.council],
        name="2. Sitzung des Ausschusses",
        start=dt.datetime(2026, 3, 12, 17, 0, tzinfo=BERLIN),
    )
    d.planned_item = public_item(d.planned, 1, "Bericht des Kommunalen Integrationszentrums")
    d.cancelled = f.MeetingFactory(body=body, organizations=[d.aci], name="Sondersitzung")
    d.item_of_cancelled = public_item(d.cancelled, 1, "Haushalt")

    # Papers with their Beratungsfolge.
    d.motion_file = public_file(body, "Antrag Sprachkurse")
    d.paper_annex = public_file(body, "Anlage Kursangebote")
    d.paper_secret_annex = secret_file(body, "Stellungnahme Träger")
    d.motion = f.PaperFactory(
        body=body,
        name="Antrag auf niederschwellige Sprachkurse",
        reference="ACI/2025/001",
        paper_type=m.PaperType.MOTION,
        public=True,
        main_file=d.motion_file,
    )
    d.motion.auxiliary_files.set([d.paper_annex, d.paper_secret_annex])
    d.motion.originator_persons.set([d.chair, d.expert])
    d.motion.originator_organizations.set([d.aci])
    d.secret_paper = f.PaperFactory(body=body, name=f"Personalvorlage {SECRET}", reference="ACI/2025/002")
    d.motion.related_papers.set([d.secret_paper])
    d.question = f.PaperFactory(
        body=body,
        name="Anfrage zur Beratungsstruktur",
        reference="ACI/2025/003",
        paper_type=m.PaperType.QUESTION,
        public=True,
        main_file=secret_file(body, "Antwortentwurf"),
        superordinated_paper=d.motion,
    )
    d.withdrawn = f.PaperFactory(body=body, name="Zurückgezogener Antrag", reference="ACI/2025/004", public=True)

    d.aci_consultation = f.ConsultationFactory(
        paper=d.motion, organization=d.aci, meeting=d.held, order=1, role=m.ConsultationRole.PRELIMINARY
    )
    d.council_consultation = f.ConsultationFactory(
        paper=d.motion, organization=d.council, order=2, role=m.ConsultationRole.DECISION, authoritative=True
    )
    d.dropped_consultation = f.ConsultationFactory(
        paper=d.motion, organization=d.working_group, order=3, role=m.ConsultationRole.HEARING
    )
    d.secret_consultation = f.ConsultationFactory(
        paper=d.secret_paper, organization=d.aci, meeting=d.held, role=m.ConsultationRole.DECISION
    )
    d.motion_item.consultation = d.aci_consultation
    d.motion_item.save()
    d.secret_item.consultation = d.secret_consultation
    d.secret_item.save()
    d.deleted_file = public_file(body, "Veraltete Anlage")
    d.loose_file = public_file(body, "Jahresbericht Integration 2025", text="Der Jahresbericht zeigt …")


def _duesseldorf(d: SimpleNamespace) -> None:
    body = d.duesseldorf
    d.d_aci = f.OrganizationFactory(body=body, name="Integrationsausschuss Düsseldorf")
    d.d_member = f.PersonFactory(body=body, given_name="Elif", family_name="Demir")
    f.MembershipFactory(person=d.d_member, organization=d.d_aci)
    d.d_meeting = f.MeetingFactory(body=body, organizations=[d.d_aci], name="Sitzung Düsseldorf")
    d.d_public_item = public_item(d.d_meeting, 1, "Bericht zur Einbürgerung")
    d.d_secret_item = secret_item(d.d_meeting, 2)
    d.d_paper = f.PaperFactory(body=body, name="Mitteilung Einbürgerungszahlen", public=True)
    d.d_secret_paper = f.PaperFactory(body=body, name=f"Vertrag {SECRET}")
    d.d_secret_file = secret_file(body, "Vertragsentwurf")
    d.d_secret_paper.auxiliary_files.set([d.d_secret_file])
    # A committee of Neuss in Düsseldorf's meeting: a reference across bodies is not given.
    d.d_meeting.organizations.add(d.aci)


def _dormagen(d: SimpleNamespace) -> None:
    body = d.dormagen
    d.o_aci = f.OrganizationFactory(body=body, name=f"Ausschuss {SECRET}")
    d.o_member = f.PersonFactory(body=body, given_name=f"Mitglied {SECRET}", family_name="Dormagen")
    f.MembershipFactory(person=d.o_member, organization=d.o_aci)
    d.o_meeting = f.MeetingFactory(body=body, organizations=[d.o_aci], name=f"Sitzung {SECRET}")
    d.o_item = secret_item(d.o_meeting, 1)
    d.o_paper = f.PaperFactory(body=body, name=f"Vorlage {SECRET}")
    d.o_location = f.LocationFactory(body=body, description=f"Raum {SECRET}")
    d.o_term = f.LegislativeTermFactory(body=body, name=f"Wahlperiode {SECRET}")


def _timestamps(d: SimpleNamespace) -> None:
    models = [
        m.LegislativeTerm,
        m.Location,
        m.Organization,
        m.Person,
        m.Membership,
        m.File,
        m.Meeting,
        m.AgendaItem,
        m.Paper,
        m.Consultation,
    ]
    for model in models:
        _stamp(model, created=T_CREATED, modified=T_CREATED)
    # Later changes: the motion got its decision, the planned meeting was moved, a file was renamed at new year.
    _stamp(m.Paper, [d.motion.pk], modified=T_CHANGED)
    _stamp(m.Meeting, [d.planned.pk], modified=T_CHANGED)
    _stamp(m.File, [d.loose_file.pk], modified=T_NEW_YEAR)
    _stamp(m.Person, [d.revoked.pk], modified=T_CHANGED)
    # Deletions: `modified` is the time of deletion.
    for model, objects in {
        m.LegislativeTerm: [d.old_term],
        m.Location: [d.old_room],
        m.Organization: [d.old_council],
        m.Membership: [d.deleted_membership],
        m.Meeting: [d.cancelled],
        m.AgendaItem: [d.deleted_item],
        m.Paper: [d.withdrawn],
        m.Consultation: [d.dropped_consultation],
        m.File: [d.deleted_file],
    }.items():
        _stamp(model, [obj.pk for obj in objects], deleted=True, modified=T_DELETED)
    _stamp(m.Person, [d.former.pk], deleted=True, modified=T_DELETED)
