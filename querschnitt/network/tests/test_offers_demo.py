"""The demo offers of the Rhein-Kreis Neuss: a dozen published offers in several places and languages, one with a
change waiting for review, one editor link; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from querschnitt.network import models as m
from querschnitt.network.selectors_offers import DirectoryFilters, offer_directory, public_offers, review_queue
from querschnitt.tenancy.models import Body


def _counts():
    return [model.objects.count() for model in (m.Offer, m.OfferLanguage, m.OfferTargetGroup, m.OfferEditorInvitation)]


@pytest.mark.django_db
def test_demo_offers_load_twice_without_change():
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = _counts()
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == counts

    kreis = Body.objects.get(slug="rhein-kreis-neuss")
    offers = list(public_offers(kreis))
    assert len(offers) == 12
    assert all("Demodaten (fiktiv)" in offer.description for offer in offers)
    kinds = {offer.kind for offer in offers}
    assert {"integration_course", "low_threshold_course", "first_language", "counselling"} <= kinds
    assert "employer_information" in kinds
    places = {offer.municipality.name for offer in offers}
    assert {"Neuss", "Dormagen", "Grevenbroich", "Rhein-Kreis Neuss"} <= places and len(places) >= 6
    codes = set(m.OfferLanguage.objects.values_list("code", flat=True))
    assert {"de", "tr", "ar", "ru", "uk"} <= codes
    # Seed 004 (Sprache): low-threshold courses for women, with childcare.
    womens = offer_directory(kreis, DirectoryFilters(target_group="women", kind="low_threshold_course", childcare=True))
    assert womens.count() >= 2

    # One change waits for review; the published content stays public meanwhile.
    [item] = review_queue(kreis)
    assert not item.is_new and item.offer.status == "published"
    assert {change.label for change in item.changes} == {"Zeiten", "Sprachen"}
    assert "uk" not in item.offer.language_codes and "uk" in item.offer.pending_change["languages"]
    invitation = m.OfferEditorInvitation.objects.get()
    assert invitation.is_usable and invitation.email.endswith("@example.org")
    assert item.offer.submitted_by == invitation
