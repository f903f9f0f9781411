"""Conformance to OParl 1.1: walk the API from the System object, follow every URL, validate every object against
the draft-07 schemas and the rules of the specification text (issue point 9)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pytest

from querschnitt.committees.models import File

from . import conformance, dataset
from .conftest import SYSTEM_URL, body_url, url_of

ALL_TYPES = {
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
}
# What an embedded object leaves out: its back-references (spec: "nur ... wenn einzeln abgerufen").
BACK_REFERENCES = {"meeting", "person", "paper", "body", "agendaItem", "organizations", "meetings"}
SINCE_2026 = "?modified_since=" + quote("2026-01-01T00:00:00+01:00")


def _check_objects(result: conformance.Walk) -> list[str]:
    problems = []
    for obj in result.all_objects():
        problems += [f"{obj['id']}: {error}" for error in conformance.schema_errors(obj)]
        problems += [f"{obj['id']}: {error}" for error in conformance.rule_errors(obj)]
    return problems


@pytest.mark.django_db
def test_the_walk_from_the_system_object_reaches_every_type_and_every_object_is_valid(client, data):
    result = conformance.walk(client, SYSTEM_URL)

    assert result.problems == []
    assert _check_objects(result) == []
    seen_types = {obj["type"].removeprefix(conformance.TYPE_PREFIX) for obj in result.all_objects()}
    assert seen_types == ALL_TYPES
    # Every answer is JSON with the CORS header (spec: "Cross-Origin Resource Sharing").
    for url, response in result.responses.items():
        assert response["Access-Control-Allow-Origin"] == "*", url
        assert response["Content-Type"] == "application/json", url
    # Without modified_since no list and no embedded list contains a deleted object.
    assert not [obj["id"] for obj in result.all_objects() if obj.get("deleted")]
    # The walk really went through the data set, not just the entry points.
    assert {url_of("paper", data.motion.pk), url_of("agendaitem", data.motion_item.pk)} <= set(result.standalone)
    assert len(result.standalone) > 30


@pytest.mark.django_db
def test_embedded_and_listed_objects_are_the_objects_at_their_own_urls(client, data):
    result = conformance.walk(client, SYSTEM_URL)

    for object_id, copies in result.embedded.items():
        assert object_id in result.standalone, f"embedded {object_id} is not reachable at its id"
        standalone = result.standalone[object_id]
        for copy in copies:
            # An embedded copy may leave out the back-reference to its parent, nothing else differs.
            assert {key: standalone[key] for key in copy} == copy, object_id
            assert set(standalone) - set(copy) <= BACK_REFERENCES
    for object_id, copies in result.listed.items():
        assert object_id in result.standalone
        assert all(copy == result.standalone[object_id] for copy in copies), object_id


@pytest.mark.django_db
def test_system_and_body_carry_what_the_specification_requires(get_json, data):
    system = get_json(SYSTEM_URL)
    assert system["id"] == SYSTEM_URL
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = get_json(system["body"])
    assert {body["id"] for body in bodies["data"]} == {body_url(data.neuss), body_url(data.duesseldorf)}

    neuss = get_json(body_url(data.neuss))
    assert neuss["system"] == SYSTEM_URL
    assert (neuss["ags"], neuss["rgs"], neuss["shortName"], neuss["name"]) == (
        "05162024",
        "051620024024",
        "Neuss",
        "Neuss, Stadt",
    )
    assert neuss["classification"] == "Gemeinde"
    for key in conformance.BODY_LISTS:
        listing = get_json(neuss[key])
        assert set(conformance.LIST_KEYS) <= set(listing), key
    # The embedded legislative terms are the list's terms (without the deleted one).
    assert [term["id"] for term in neuss["legislativeTerm"]] == [url_of("legislativeterm", data.term.pk)]
    terms = get_json(neuss["legislativeTermList"])["data"]
    assert [term["id"] for term in terms] == [url_of("legislativeterm", data.term.pk)]

    duesseldorf = get_json(body_url(data.duesseldorf))
    assert (duesseldorf["ags"], duesseldorf["rgs"], duesseldorf["classification"]) == (
        "05111000",
        "051110000000",
        "Kreisfreie Stadt",
    )


@pytest.mark.django_db
def test_deleted_objects_appear_in_lists_only_with_modified_since_and_answer_200(client, get_json, data):
    neuss = get_json(body_url(data.neuss))
    result = conformance.walk(client, *[neuss[key] + SINCE_2026 for key in conformance.BODY_LISTS])

    assert result.problems == []
    assert _check_objects(result) == []
    deleted = {obj["id"] for obj in result.all_objects() if obj.get("deleted")}
    expected = {
        url_of("legislativeterm", data.old_term.pk),
        url_of("location", data.old_room.pk),
        url_of("organization", data.old_council.pk),
        url_of("person", data.former.pk),
        url_of("membership", data.former_membership.pk),  # its person was deleted
        url_of("membership", data.deleted_membership.pk),
        url_of("meeting", data.cancelled.pk),
        url_of("agendaitem", data.item_of_cancelled.pk),  # its meeting was deleted
        url_of("agendaitem", data.deleted_item.pk),
        url_of("paper", data.withdrawn.pk),
        url_of("consultation", data.dropped_consultation.pk),
        url_of("file", data.deleted_file.pk),
    }
    assert deleted == expected
    for object_id in expected:
        obj = get_json(object_id)
        assert obj["deleted"] is True
        assert set(obj) <= conformance.DELETED_KEYS
        assert obj["modified"] == "2026-03-03T12:00:00+01:00"  # the time of deletion
        assert obj["created"] == "2025-11-20T10:00:00+01:00"
    # Deleted objects are never embedded: the held meeting's items skip the deleted one.
    held = get_json(url_of("meeting", data.held.pk))
    assert url_of("agendaitem", data.deleted_item.pk) not in [item["id"] for item in held["agendaItem"]]
    # ... and without modified_since the lists leave them out.
    meetings = get_json(neuss["meeting"])["data"]
    assert url_of("meeting", data.cancelled.pk) not in [meeting["id"] for meeting in meetings]


@pytest.mark.django_db
def test_modified_of_an_embedding_object_follows_its_embedded_objects(get_json, data):
    # The held meeting itself was not edited after T_CREATED, but one of its items was deleted at T_DELETED.
    assert get_json(url_of("meeting", data.held.pk))["modified"] == "2026-03-03T12:00:00+01:00"
    # The motion's consultation was deleted at T_DELETED after its own change at T_CHANGED.
    assert get_json(url_of("paper", data.motion.pk))["modified"] == "2026-03-03T12:00:00+01:00"
    # The member's deleted council membership moves the member.
    assert get_json(url_of("person", data.member.pk))["modified"] == "2026-03-03T12:00:00+01:00"
    # An object without embedded changes keeps its own time.
    assert get_json(url_of("person", data.commissioner.pk))["modified"] == "2025-11-20T10:00:00+01:00"


def test_a_changed_auxiliary_file_moves_its_item_everywhere_the_item_appears(get_json, data):
    """The item's `modified` is built in two places (in SQL for the list, from the links for the meeting's
    embedded items): both follow a change of an auxiliary file, a non-public one too."""
    changed = dataset.T_DELETED + dt.timedelta(days=30)
    dataset._stamp(File, [data.item_secret_annex.pk], modified=changed)
    expected = "2026-04-02T13:00:00+02:00"
    item_url = url_of("agendaitem", data.motion_item.pk)

    assert get_json(item_url)["modified"] == expected
    meeting = get_json(url_of("meeting", data.held.pk))
    assert meeting["modified"] == expected
    assert [item["modified"] for item in meeting["agendaItem"] if item["id"] == item_url] == [expected]
    since = quote("2026-04-01T00:00:00+02:00")
    listed = get_json(body_url(data.neuss, "agendaitem") + f"?modified_since={since}")["data"]
    assert [item["id"] for item in listed] == [item_url]
