"""The cost estimate with more than one package (seed 003: 6.000 € per package of two trainers for at most 40
participants, plus travel costs, plus 5 € per participant): ceil(participants / 40) packages, at least one."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from querschnitt.participation import models as m
from querschnitt.participation import selectors_participants as selectors
from querschnitt.participation import services, services_participants
from querschnitt.participation.tests.factories import ParticipantFactory

TRAVEL = Decimal("480.00")


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


@pytest.fixture
def process(body, moderator):
    process = services.workshop_process_create(
        actor=moderator, body=body, title="Integrationsworkshop 2027", start_date=date(2027, 1, 20)
    )
    services_participants.process_set_capacity(
        actor=moderator, process=process, max_participants=100, travel_costs=TRAVEL
    )
    return process


def with_participants(process, count):
    ParticipantFactory.create_batch(count, process=process, status=m.ParticipantStatus.INVITED)
    # Declined and waiting people hold no place: they neither count for packages nor for materials.
    ParticipantFactory(process=process, status=m.ParticipantStatus.DECLINED)
    return selectors.cost_estimate(process)


def estimate_for(count):
    return selectors.CostEstimate(
        price_model=m.PriceModel(), participants=count, travel_costs=TRAVEL, max_participants=100
    )


@pytest.mark.parametrize(
    ("count", "packages"), [(0, 1), (1, 1), (40, 1), (41, 2), (80, 2), (81, 3), (120, 3), (121, 4)]
)
def test_packages_are_the_ceiling_of_participants_per_package_and_at_least_one(count, packages):
    assert estimate_for(count).packages == packages


@pytest.mark.django_db
def test_forty_participants_fit_one_package(process):
    estimate = with_participants(process, 40)

    assert estimate.participants == 40 and estimate.packages == 1
    assert estimate.packages_total == Decimal("6000.00")
    assert estimate.total == Decimal("6000.00") + TRAVEL + 40 * Decimal("5.00")  # 6.680 €
    assert not estimate.over_package
    with translation.override("en"):  # only the hint that the process allows more places than one package covers
        assert estimate.warnings == ["The process allows 100 places, more than the package maximum of 40 participants."]


@pytest.mark.django_db
def test_forty_one_participants_need_a_second_package(process):
    estimate = with_participants(process, 41)

    assert estimate.packages == 2
    assert estimate.packages_total == Decimal("12000.00")
    assert estimate.total == Decimal("12000.00") + TRAVEL + 41 * Decimal("5.00")  # 12.685 €
    assert estimate.over_package and len(estimate.warnings) == 1
    with translation.override("en"):
        assert "a second package of trainers is needed" in estimate.warnings[0]
        assert "41 participants" in estimate.warnings[0] and "counts 2 packages" in estimate.warnings[0]


@pytest.mark.django_db
def test_eighty_one_participants_need_three_packages(process):
    estimate = with_participants(process, 81)

    assert estimate.packages == 3
    assert estimate.packages_total == Decimal("18000.00")
    assert estimate.total == Decimal("18000.00") + TRAVEL + 81 * Decimal("5.00")  # 18.885 €
    with translation.override("en"):
        assert "2 more packages of trainers are needed" in estimate.warnings[0]
        assert "counts 3 packages" in estimate.warnings[0]


@pytest.mark.django_db
def test_packages_follow_the_bodys_own_maximum(process, moderator, body):
    services_participants.price_model_set(
        actor=moderator,
        body=body,
        package_price=Decimal("6500"),
        package_description="Zwei Trainer",
        package_max_participants=45,
        material_per_participant=Decimal("6"),
    )
    estimate = with_participants(process, 46)
    assert estimate.packages == 2 and estimate.total == 2 * Decimal("6500") + TRAVEL + 46 * Decimal("6")


@pytest.mark.django_db
def test_process_page_shows_package_count_sum_and_warning(client, body, moderator, process):
    estimate = with_participants(process, 81)
    client.force_login(moderator)

    page = client.get(
        reverse("participation:process", kwargs={"body": body.slug, "workshopprocess": process.pk})
    ).content.decode()

    assert 'data-packages="3"' in page
    assert "18.000\u00a0€" in page  # three packages
    assert '<strong data-testid="cost-sum">18.885\u00a0€</strong>' in page
    assert "405\u00a0€" in page and "480\u00a0€" in page
    assert estimate.warnings[0] in page
