"""Every list page and every object answers with a fixed number of queries, however much data there is."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from querschnitt.committees.tests import factories as f

from .conftest import SYSTEM_URL, body_url, url_of
from .dataset import public_file, public_item

LISTS = (
    "organization",
    "person",
    "membership",
    "meeting",
    "agendaitem",
    "paper",
    "consultation",
    "file",
    "location",
    "legislativeterm",
)


def _grow(data, times: int) -> None:
    """More of everything in Neuss, each with its embedded and referenced objects."""
    body = data.neuss
    for number in range(times):
        location = f.LocationFactory(body=body, description=f"Raum {number}")
        f.LegislativeTermFactory(body=body, name=f"Wahlperiode {number}")
        committee = f.OrganizationFactory(body=body, location=location)
        person = f.PersonFactory(body=body, consent_given_on=data.motion.created, email="a@example.org")
        f.MembershipFactory(person=person, organization=committee, on_behalf_of=data.council)
        f.MembershipFactory(person=person, organization=data.aci)
        meeting = f.MeetingFactory(
            body=body, organizations=[committee, data.aci], location=location, invitation=public_file(body, "E")
        )
        meeting.auxiliary_files.set([public_file(body, "A"), public_file(body, "B")])
        paper = f.PaperFactory(body=body, public=True, main_file=public_file(body, "H"))
        paper.auxiliary_files.set([public_file(body, "C")])
        paper.originator_persons.set([person])
        paper.originator_organizations.set([committee])
        paper.related_papers.set([data.motion])
        for order in (1, 2):
            item = public_item(meeting, order, f"Punkt {order}", resolution_file=public_file(body, "R"))
            item.auxiliary_files.set([public_file(body, "D")])
            item.consultation = f.ConsultationFactory(paper=paper, organization=committee, meeting=meeting)
            item.save()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.django_db
def test_list_pages_run_a_fixed_number_of_queries(client, data):
    urls = [SYSTEM_URL, SYSTEM_URL + "body/", body_url(data.neuss)]
    urls += [body_url(data.neuss, name) for name in LISTS]
    urls += [url_of("organization", data.aci.pk) + "meeting/", url_of("organization", data.aci.pk) + "consultation/"]
    urls += [url + "?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00" for url in urls[3:]]
    before = {url: _queries(client, url) for url in urls}

    _grow(data, 6)

    after = {url: _queries(client, url) for url in urls}
    assert after == before
    assert max(before.values()) <= 10
    # The lists really grew (so the comparison means something).
    assert client.get(body_url(data.neuss, "agendaitem")).json()["pagination"]["totalElements"] == 3 + 12


@pytest.mark.django_db
def test_objects_run_a_fixed_number_of_queries(client, data):
    objects = [
        ("meeting", data.held.pk),
        ("paper", data.motion.pk),
        ("person", data.chair.pk),
        ("organization", data.aci.pk),
        ("agendaitem", data.motion_item.pk),
        ("file", data.item_annex.pk),
        ("location", data.town_hall.pk),
    ]
    before = {route: _queries(client, url_of(route, pk)) for route, pk in objects}
    for number in range(8):
        item = public_item(
            data.held, 10 + number, f"Zusatzpunkt {number}", resolution_file=public_file(data.neuss, "R")
        )
        item.auxiliary_files.set([public_file(data.neuss, "D"), data.item_annex])
        membership = f.MembershipFactory(person=data.chair, organization=f.OrganizationFactory(body=data.neuss))
        f.MeetingFactory(body=data.neuss, organizations=[membership.organization], location=data.town_hall)
        data.motion.auxiliary_files.add(public_file(data.neuss, "C"))
        f.ConsultationFactory(paper=data.motion, organization=data.aci)
    after = {route: _queries(client, url_of(route, pk)) for route, pk in objects}
    assert after == before
    assert before["meeting"] <= 6
    assert before["paper"] <= 9
