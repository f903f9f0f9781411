"""The demo network: the actors of seed 004 and its steering group with the 35-person proposal and 25 seats."""

import pytest
from django.core.management import call_command

from querschnitt.network import models as m
from querschnitt.network.selectors import steering_group_composition

MODELS = (m.Actor, m.ContactPerson, m.CooperationEntry, m.SteeringGroup, m.SteeringGroupSeat, m.SeatHolder)


@pytest.mark.django_db
def test_demo_network_loads_twice_without_change():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = [model.objects.count() for model in (*MODELS, m.SteeringGroupTask, m.ActorKind)]
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [model.objects.count() for model in (*MODELS, m.SteeringGroupTask, m.ActorKind)] == counts

    group = m.SteeringGroup.objects.get(body__slug="rhein-kreis-neuss", name="Steuerungsgruppe Integration")
    composition = steering_group_composition(group)
    assert composition.decided_total == 25 and len(composition.decision) == 10
    assert composition.proposed_total == 35 and len(composition.proposal) == 13
    assert composition.proposed_without_number == 2  # Agentur für Arbeit und Jobcenter, (Stiftungen)
    assert [seat.label for seat in composition.proposal][3:5] == ["Kreistag", "Migrantenvertreter"]
    assert composition.proposal[3].note == "5 → Fraktionen"
    assert composition.decision[1].seat.label == "Bürgermeister der kreisangehörigen Kommunen oder deren Vertreter"
    # One seat is open on purpose; every other decided seat is filled, so exactly that warning shows.
    assert composition.warnings == [
        "Sprecher des Arbeitskreises Integration bzw. dessen Vertreter: 0 von 1 Platz besetzt."
    ]
    assert composition.filled_total == 24
    deputies = m.SeatHolder.objects.filter(seat__group=group, role="deputy")
    assert deputies.count() == 4 and all(deputy.deputy_for_id for deputy in deputies)
    assert [task.text for task in group.tasks.order_by("order")][5] == "Vorbereitung des Integrationsgipfels in 2012"
    assert group.tasks.count() == 11
    assert group.organization.kind == "steuerungsgruppe" and group.organization.meetings.count() == 1

    names = set(m.Actor.objects.filter(body=group.body).values_list("name", flat=True))
    for expected in (
        "Kreissportbund Rhein-Kreis Neuss",
        "Industrie- und Handelskammer",
        "Kreishandwerkerschaft",
        "Agentur für Arbeit",
        "Jobcenter (ARGE) im Rhein-Kreis Neuss",
        "Arbeitsgemeinschaft der Freien Wohlfahrtsverbände im Rhein-Kreis Neuss",
        "Integrationskursträger (u. a. Volkshochschulen)",
        "Religionsgemeinschaften im Rhein-Kreis Neuss",
        "Arbeitskreis Integration",
        "Migrantenselbstorganisationen im Rhein-Kreis Neuss",
        "Integrationsräte im Rhein-Kreis Neuss",
        "Stadt Neuss",
        "Gemeinde Rommerskirchen",
    ):
        assert expected in names
    # Contact persons of the demo are made up and use example.org only.
    emails = list(m.ContactPerson.objects.values_list("email", flat=True))
    assert emails and all(email.endswith("@example.org") for email in emails)
