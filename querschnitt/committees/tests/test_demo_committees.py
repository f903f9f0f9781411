"""The demo of committee work: Neuss's committee, signed minutes, the motion's Beratungsfolge, the Kreistag decision."""

import pytest
from django.core.management import call_command

from querschnitt.committees import models as m
from querschnitt.committees.selectors import is_visible
from querschnitt.committees.services_papers import paper_status


@pytest.mark.django_db
def test_demo_committee_work_and_twice_changes_nothing(django_user_model):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = [model.objects.count() for model in (m.Organization, m.Person, m.Membership, m.Meeting, m.Paper)]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in (m.Organization, m.Person, m.Membership, m.Meeting, m.Paper)] == counts

    aci = m.Organization.objects.get(body__slug="neuss", kind="aci")
    members = aci.memberships.filter(deleted=False)
    assert members.filter(group="direkt_gewaehlt").count() > members.filter(group="ratsmitglied").count()
    assert members.filter(role="vorsitz").count() == 1 and members.filter(role="schriftfuehrung").count() == 1
    held = [meeting for meeting in aci.meetings.all() if meeting.minutes_signed]
    assert len(held) == 2
    # The committee and the Hauptsatzung are published: the public sees who sits in the committee.
    assert aci.published and m.Statute.objects.get(body__slug="neuss", kind="hauptsatzung").published
    assert not m.Organization.objects.get(body__slug="neuss", name="Sozialausschuss").published

    motion = m.Paper.objects.get(body__slug="neuss", paper_type="Antrag")
    steps = list(motion.consultations.order_by("order").values_list("organization__name", "role", "result"))
    assert steps == [
        ("Ausschuss für Chancengerechtigkeit und Integration", "Vorberatung", "empfohlen"),
        ("Sozialausschuss", "Vorberatung", "empfohlen"),
        ("Rat der Stadt Neuss", "Entscheidung", "beschlossen"),
    ]
    status = paper_status(motion)
    assert status.label == "beschlossen" and status.deciding.organization.name == "Rat der Stadt Neuss"

    decision = m.Paper.objects.get(body__slug="rhein-kreis-neuss")
    assert "Steuerungsgruppe Integration in der vorgeschlagenen Zusammensetzung" in decision.resolution_proposal
    assert decision.consultations.get(role="Entscheidung").result == "beschlossen"

    secret = m.AgendaItem.objects.filter(meeting__body__slug="neuss", public=False).first()
    from django.contrib.auth.models import AnonymousUser

    assert not is_visible(AnonymousUser(), secret)
    assert is_visible(django_user_model.objects.get(email="mitglied@querschnitt.example"), secret)
    assert is_visible(django_user_model.objects.get(email="neuss@querschnitt.example"), secret)
    assert not is_visible(django_user_model.objects.get(email="ki@querschnitt.example"), secret)
