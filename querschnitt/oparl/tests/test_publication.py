"""OParl is public: nothing non-public may appear, for anyone (the rules are in the docstring of `selectors`)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser

from querschnitt.committees.models import AgendaItem, File, Paper, Person
from querschnitt.committees.selectors import is_visible
from querschnitt.oparl.selectors import COUNCIL_KINDS
from querschnitt.tenancy.models import Role

from . import conformance
from .conftest import SYSTEM_URL, body_url, url_of
from .dataset import SECRET


def _everything(client, get_json, data) -> conformance.Walk:
    """The walk from the System object, plus every list again with modified_since (deleted objects), plus the
    contents of every file URL found."""
    result = conformance.walk(client, SYSTEM_URL)
    since = "?modified_since=" + quote("2000-01-01T00:00:00+00:00")
    starts = [
        get_json(body_url(body))[key] + since
        for body in (data.neuss, data.duesseldorf)
        for key in conformance.BODY_LISTS
    ]
    deleted_walk = conformance.walk(client, *starts)
    result.responses.update(deleted_walk.responses)
    for group in ("standalone", "embedded", "listed"):
        for object_id, value in getattr(deleted_walk, group).items():
            getattr(result, group).setdefault(object_id, value)
    result.file_urls |= deleted_walk.file_urls
    for url in sorted(result.file_urls):
        result.responses[url] = client.get(url)
    return result


def _content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_no_non_public_item_paper_file_person_or_unpublished_body_appears_anywhere(client, get_json, data):
    result = _everything(client, get_json, data)

    leaks = [url for url, response in result.responses.items() if SECRET in _content(response).decode().lower()]
    assert leaks == []
    assert len(result.file_urls) >= 10
    statuses = {url: response.status_code for url, response in result.responses.items()}
    gone = {url_of("file", data.deleted_file.pk) + "access/"}  # a deleted file keeps its accessUrl (schema)
    assert {url: status for url, status in statuses.items() if status != 200} == dict.fromkeys(gone, 410)

    seen = {obj["id"] for obj in result.all_objects()}
    hidden = {
        url_of("agendaitem", data.secret_item.pk),
        url_of("agendaitem", data.d_secret_item.pk),
        url_of("agendaitem", data.o_item.pk),
        url_of("paper", data.secret_paper.pk),
        url_of("paper", data.d_secret_paper.pk),
        url_of("paper", data.o_paper.pk),
        url_of("consultation", data.secret_consultation.pk),
        url_of("file", data.meeting_secret_annex.pk),
        url_of("file", data.item_secret_annex.pk),
        url_of("file", data.paper_secret_annex.pk),
        url_of("file", data.question.main_file.pk),
        url_of("file", data.d_secret_file.pk),
        url_of("person", data.expert.pk),
        url_of("person", data.revoked.pk),
        url_of("person", data.o_member.pk),
        url_of("organization", data.o_aci.pk),
        url_of("meeting", data.o_meeting.pk),
        url_of("location", data.o_location.pk),
        url_of("legislativeterm", data.o_term.pk),
        body_url(data.dormagen),
    }
    assert seen & hidden == set()
    for url in hidden:
        assert client.get(url).status_code == 404, url
    # ... while the public objects around them are there.
    assert {
        url_of("agendaitem", data.motion_item.pk),
        url_of("agendaitem", data.d_public_item.pk),
        url_of("paper", data.motion.pk),
        url_of("paper", data.d_paper.pk),
        url_of("person", data.member.pk),
        url_of("person", data.commissioner.pk),
        url_of("file", data.item_annex.pk),
    } <= seen


def _pk(object_id: str) -> int:
    return int(object_id.rstrip("/").rsplit("/", 1)[1])


@pytest.mark.django_db
def test_everything_shown_is_allowed_by_the_committee_rules_for_an_anonymous_visitor(client, get_json, data):
    result = _everything(client, get_json, data)
    anonymous = AnonymousUser()
    checked = {"AgendaItem": 0, "Paper": 0, "File": 0, "Person": 0}
    for obj in result.all_objects():
        kind = conformance.type_name(obj)
        if obj.get("deleted") or kind not in checked:
            continue
        checked[kind] += 1
        if kind == "Person":
            person = Person.objects.get(pk=_pk(obj["id"]))
            council_member = person.memberships.filter(
                deleted=False, organization__deleted=False, organization__kind__in=COUNCIL_KINDS
            ).exists()
            assert person.has_public_consent or council_member, obj["id"]
            if not person.has_public_consent:
                assert {"email", "phone", "life"} & set(obj) == set(), obj["id"]
        else:
            model = {"AgendaItem": AgendaItem, "Paper": Paper, "File": File}[kind]
            assert is_visible(anonymous, model.objects.get(pk=_pk(obj["id"]))), obj["id"]
    assert all(checked.values()), checked


@pytest.mark.django_db
def test_a_signed_in_member_gets_the_same_public_answers(client, get_json, data, make_user):
    anonymous = {url: get_json(url) for url in (url_of("meeting", data.held.pk), url_of("paper", data.motion.pk))}
    office = make_user(data.neuss, Role.OFFICE)
    client.force_login(office)
    for url, payload in anonymous.items():
        assert get_json(url) == payload
    assert client.get(url_of("agendaitem", data.secret_item.pk)).status_code == 404


@pytest.mark.django_db
def test_members_names_are_public_contact_data_only_with_consent(get_json, data):
    member = get_json(url_of("person", data.member.pk))
    assert (member["name"], member["familyName"], member["givenName"]) == ("Jonas Becker", "Becker", "Jonas")
    assert {"email", "phone", "life"} & set(member) == set()
    assert [membership["organization"] for membership in member["membership"]] == [url_of("organization", data.aci.pk)]
    assert member["membership"][0]["onBehalfOf"] == url_of("organization", data.council.pk)

    chair = get_json(url_of("person", data.chair.pk))
    assert chair["name"] == "Dr. Ayşe Yılmaz"
    assert chair["title"] == ["Dr."]
    assert chair["email"] == ["ayse.yilmaz@example.org"]
    assert chair["phone"] == ["02131 90-0"]
    assert chair["life"] == "Vorsitzende seit 2025."
    assert chair["membership"][0]["role"] == "Vorsitz"
    # Her working group membership is shown (she is public), the expert's is not (he is not).
    groups = get_json(url_of("organization", data.working_group.pk))["membership"]
    assert groups == [url_of("membership", data.chair_group_membership.pk)]

    commissioner = get_json(url_of("person", data.commissioner.pk))
    assert commissioner["email"] == ["integration@example.org"]
    assert "membership" not in commissioner


@pytest.mark.django_db
def test_agenda_order_counts_public_items_only(get_json, data):
    meeting = get_json(url_of("meeting", data.held.pk))
    assert [(item["order"], item["name"]) for item in meeting["agendaItem"]] == [
        (0, "Eröffnung und Feststellung der Beschlussfähigkeit"),
        (1, "Antrag: Niederschwellige Sprachkurse"),
    ]
    item = get_json(url_of("agendaitem", data.motion_item.pk))
    assert item["order"] == 1
    assert item["meeting"] == url_of("meeting", data.held.pk)
    assert item["consultation"] == url_of("consultation", data.aci_consultation.pk)
    assert item["resolutionFile"]["id"] == url_of("file", data.resolution.pk)
    assert [annex["id"] for annex in item["auxiliaryFile"]] == [url_of("file", data.item_annex.pk)]
    assert meeting["invitation"]["id"] == url_of("file", data.invitation.pk)
    assert meeting["resultsProtocol"]["id"] == url_of("file", data.protocol.pk)
    assert [annex["id"] for annex in meeting["auxiliaryFile"]] == [url_of("file", data.meeting_annex.pk)]
    assert meeting["location"]["id"] == url_of("location", data.town_hall.pk)
    assert meeting["meetingState"] == "durchgeführt"


@pytest.mark.django_db
def test_papers_show_public_references_only(get_json, data):
    motion = get_json(url_of("paper", data.motion.pk))
    assert "relatedPaper" not in motion  # the only related paper is not public
    assert motion["subordinatedPaper"] == [url_of("paper", data.question.pk)]
    assert motion["originatorPerson"] == [url_of("person", data.chair.pk)]  # not the expert
    assert motion["originatorOrganization"] == [url_of("organization", data.aci.pk)]
    assert [consultation["id"] for consultation in motion["consultation"]] == [
        url_of("consultation", data.aci_consultation.pk),
        url_of("consultation", data.council_consultation.pk),
    ]
    assert motion["consultation"][1]["authoritative"] is True
    assert "meeting" not in motion["consultation"][1]
    assert [annex["id"] for annex in motion["auxiliaryFile"]] == [url_of("file", data.paper_annex.pk)]

    question = get_json(url_of("paper", data.question.pk))
    # Its main file is not public: `is_visible` would let it through with the paper, OParl does not.
    assert "mainFile" not in question
    assert question["superordinatedPaper"] == [url_of("paper", data.motion.pk)]

    annex = get_json(url_of("file", data.item_annex.pk))
    assert annex["agendaItem"] == [url_of("agendaitem", data.motion_item.pk)]
    report = get_json(url_of("file", data.motion_file.pk))
    assert report["paper"] == [url_of("paper", data.motion.pk)]


@pytest.mark.django_db
def test_references_to_another_body_are_not_given(get_json, data):
    meeting = get_json(url_of("meeting", data.d_meeting.pk))
    assert meeting["organization"] == [url_of("organization", data.d_aci.pk)]
    assert [item["id"] for item in meeting["agendaItem"]] == [url_of("agendaitem", data.d_public_item.pk)]
    neuss_meetings = get_json(url_of("organization", data.aci.pk) + "meeting/")
    assert url_of("meeting", data.d_meeting.pk) not in [meeting["id"] for meeting in neuss_meetings["data"]]
    assert url_of("meeting", data.held.pk) in [meeting["id"] for meeting in neuss_meetings["data"]]
    location = get_json(url_of("location", data.town_hall.pk))
    assert location["organizations"] == [url_of("organization", data.aci.pk)]
    assert location["meetings"] == [url_of("meeting", data.held.pk)]


@pytest.mark.django_db
def test_a_body_opens_its_feed_with_its_first_publication(get_json, data):
    from querschnitt.committees.tests.factories import PaperFactory

    assert body_url(data.dormagen) not in [body["id"] for body in get_json(SYSTEM_URL + "body/")["data"]]
    PaperFactory(body=data.dormagen, name="Erste öffentliche Vorlage", public=True)
    assert body_url(data.dormagen) in [body["id"] for body in get_json(SYSTEM_URL + "body/")["data"]]
    # Now its committee and its members are public; its non-public paper still is not.
    assert url_of("organization", data.o_aci.pk) in [
        obj["id"] for obj in get_json(body_url(data.dormagen, "organization"))["data"]
    ]
    assert get_json(url_of("paper", data.o_paper.pk), status=404)["type"].endswith("/Error")


@pytest.mark.django_db
def test_results_of_an_item_appear_only_with_signed_minutes(get_json, data):
    item = data.motion_item
    item.result, item.resolution_text = "angenommen", "Der Ausschuss empfiehlt Sprachkurse."
    item.save()
    meeting = item.meeting
    meeting.minutes_signed_by_chair_at = meeting.minutes_signed_by_writer_at = None
    meeting.save()
    served = get_json(url_of("agendaitem", item.pk))
    assert "result" not in served and "resolutionText" not in served

    from django.utils import timezone

    meeting.minutes_signed_by_chair_at = meeting.minutes_signed_by_writer_at = timezone.now()
    meeting.save()
    served = get_json(url_of("agendaitem", item.pk))
    assert served["result"] == "angenommen" and served["resolutionText"].startswith("Der Ausschuss")
