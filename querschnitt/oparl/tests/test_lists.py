"""Lists: pagination with links, the four date filters with UTC offsets, omit_internal, and the error objects."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from querschnitt.committees.tests import factories as f

from .conftest import SYSTEM_URL, body_url, url_of

ERROR_TYPE = "https://schema.oparl.org/1.1/Error"


def _ids(listing):
    return [obj["id"] for obj in listing["data"]]


def _q(value: str) -> str:
    return quote(value, safe="")


@pytest.mark.django_db
def test_pages_follow_next_to_the_end_with_right_totals_and_stable_order(get_json, data):
    # Enough persons for three pages of two.
    for number in range(3):
        f.PersonFactory(body=data.neuss, given_name=f"Erika {number}", consent_given_on=data.motion.created)
    first = get_json(body_url(data.neuss, "person") + "?limit=2")
    total = first["pagination"]["totalElements"]
    assert first["pagination"] == {"totalElements": total, "elementsPerPage": 2, "currentPage": 1, "totalPages": 3}
    assert total == 6
    assert "prev" not in first["links"]
    assert first["links"]["first"] == first["links"]["self"] == body_url(data.neuss, "person") + "?limit=2"

    seen, page, pages = [], first, 1
    while True:
        assert page["pagination"]["currentPage"] == pages
        assert page["links"]["last"] == body_url(data.neuss, "person") + "?limit=2&page=3"
        seen += _ids(page)
        if "next" not in page["links"]:
            break
        following = get_json(page["links"]["next"])
        assert following["links"]["prev"] == page["links"]["self"]
        page, pages = following, pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == total
    # Stable order: by id, the same on every call.
    numbers = [int(object_id.rstrip("/").rsplit("/", 1)[1]) for object_id in seen]
    assert numbers == sorted(numbers)
    assert _ids(get_json(body_url(data.neuss, "person")))[:total] == seen


@pytest.mark.django_db
def test_page_size_is_100_by_default_and_at_most(get_json, data):
    listing = get_json(body_url(data.neuss, "file") + "?limit=500")
    assert listing["pagination"]["elementsPerPage"] == 100
    assert get_json(body_url(data.neuss, "file"))["pagination"]["elementsPerPage"] == 100


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("page=9", 404),
        ("page=0", 400),
        ("page=zwei", 400),
        ("limit=0", 400),
        ("limit=-5", 400),
        ("omit_internal=vielleicht", 400),
    ],
)
def test_bad_paging_parameters_answer_an_error_object(get_json, data, query, status):
    error = get_json(body_url(data.neuss, "paper") + "?" + query, status=status)
    assert error["type"] == ERROR_TYPE
    assert error["message"] and error["debug"]


@pytest.mark.django_db
def test_modified_since_respects_the_utc_offset(get_json, data):
    files = body_url(data.neuss, "file")
    # The annual report was changed at 2026-01-01 00:30 in Berlin, which is 2025-12-31 23:30 UTC.
    report = url_of("file", data.loose_file.pk)
    assert report in _ids(get_json(files + "?modified_since=" + _q("2026-01-01T00:00:00+01:00")))
    assert report not in _ids(get_json(files + "?modified_since=" + _q("2026-01-01T00:00:00+00:00")))
    assert report in _ids(get_json(files + "?modified_since=" + _q("2025-12-31T23:30:00Z")))
    assert report in _ids(get_json(files + "?modified_until=" + _q("2026-01-01T00:30:00+01:00")))
    assert report not in _ids(get_json(files + "?modified_until=" + _q("2026-01-01T00:29:59+01:00")))


@pytest.mark.django_db
def test_the_four_date_filters_work_together_and_stay_in_the_links(get_json, data):
    papers = body_url(data.neuss, "paper")
    since = "2026-01-01T00:00:00+01:00"
    changed = get_json(papers + f"?modified_since={_q(since)}&modified_until={_q('2026-02-28T00:00:00+01:00')}")
    # The motion changed on 2 February (and its consultation was deleted in March, which moves it to March).
    assert _ids(changed) == []
    changed = get_json(papers + f"?modified_since={_q(since)}")
    assert set(_ids(changed)) == {url_of("paper", data.motion.pk), url_of("paper", data.withdrawn.pk)}
    assert changed["links"]["self"] == papers + "?modified_since=2026-01-01T00%3A00%3A00%2B01%3A00"

    created = get_json(
        papers + f"?created_since={_q('2025-11-20T10:00:00+01:00')}&created_until={_q('2025-11-20T10:00:00+01:00')}"
    )
    assert url_of("paper", data.motion.pk) in _ids(created)
    assert _ids(get_json(papers + "?created_since=" + _q("2025-11-20T10:00:01+01:00"))) == []
    assert _ids(get_json(papers + "?created_until=" + _q("2025-11-20T09:59:59+01:00"))) == []

    paged = get_json(papers + f"?modified_since={_q('2000-01-01T00:00:00+01:00')}&limit=1&omit_internal=true")
    assert paged["links"]["next"] == (
        papers + "?modified_since=2000-01-01T00%3A00%3A00%2B01%3A00&limit=1&omit_internal=true&page=2"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value",
    ["gestern", "2026-01-01", "2026-01-01T00:00:00", "2026-13-01T00:00:00+01:00", "1767222000"],
)
def test_a_bad_date_answers_400_with_an_oparl_error_object_in_german(get_json, data, value):
    error = get_json(body_url(data.neuss, "meeting") + "?modified_since=" + _q(value), status=400)
    assert error["type"] == ERROR_TYPE
    assert error["message"].startswith("Der Parameter „modified_since“ braucht Datum und Uhrzeit mit Zeitzone")
    assert "modified_since" in error["debug"]


@pytest.mark.django_db
def test_an_unencoded_plus_of_the_offset_is_read_as_plus(get_json, data):
    listing = get_json(body_url(data.neuss, "file") + "?modified_since=2026-01-01T00:00:00+01:00")
    assert url_of("file", data.loose_file.pk) in _ids(listing)


@pytest.mark.django_db
def test_omit_internal_leaves_out_the_lists_that_have_lists_of_their_own(get_json, data):
    full_paper = get_json(url_of("paper", data.motion.pk))
    paper = get_json(url_of("paper", data.motion.pk) + "?omit_internal=true")
    assert "auxiliaryFile" in full_paper
    assert "auxiliaryFile" not in paper
    assert paper["mainFile"] == full_paper["mainFile"]
    assert paper["consultation"] == full_paper["consultation"]

    person = get_json(body_url(data.neuss, "person") + "?omit_internal=true")["data"][0]
    assert "membership" not in person

    meeting = get_json(url_of("meeting", data.held.pk) + "?omit_internal=true")
    assert "auxiliaryFile" not in meeting
    assert meeting["agendaItem"], "the agenda stays: its order matters"
    assert all("auxiliaryFile" not in item for item in meeting["agendaItem"])
    assert "legislativeTerm" in get_json(body_url(data.neuss) + "?omit_internal=true")


@pytest.mark.django_db
def test_unknown_objects_and_paths_answer_404_error_objects_with_cors(client, get_json, data):
    for url in [
        url_of("meeting", 999999),
        url_of("paper", data.secret_paper.pk),
        body_url(data.dormagen),
        body_url(data.dormagen, "meeting"),
        "http://testserver/oparl/v1.1/gibtsnicht/",
        "http://testserver/oparl/v1.1/body/neuss/gibtsnicht/",
    ]:
        error = get_json(url, status=404)
        assert error["type"] == ERROR_TYPE
        assert error["message"] == "Das angefragte Objekt gibt es nicht, oder es ist nicht öffentlich."
        assert error["debug"]
    # A path without the slash is redirected to the canonical one first.
    assert client.get("/oparl/v1.1/body").status_code == 301


@pytest.mark.django_db
def test_error_messages_are_german_whatever_language_the_visitor_chose(client, data):
    client.cookies["django_language"] = "en"
    error = client.get(url_of("paper", data.secret_paper.pk)).json()
    assert error["message"] == "Das angefragte Objekt gibt es nicht, oder es ist nicht öffentlich."


@pytest.mark.django_db
def test_oparl_root_leads_to_the_system_object(client, db):
    response = client.get("/oparl/")
    assert response.status_code == 302
    assert response["Location"] == "/oparl/v1.1/"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.django_db
def test_only_get_is_answered(client, data):
    response = client.post(SYSTEM_URL)
    assert response.status_code == 405
    assert response.json()["type"] == ERROR_TYPE
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Allow"]
    preflight = client.options(body_url(data.neuss, "paper"))
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert client.head(SYSTEM_URL).status_code == 200


@pytest.mark.django_db
def test_urls_are_absolute_and_built_from_the_request_host(client, data):
    response = client.get("/oparl/v1.1/", HTTP_HOST="ratsinfo.example.org", secure=True)
    system = response.json()
    assert system["id"] == "https://ratsinfo.example.org/oparl/v1.1/"
    assert system["body"] == "https://ratsinfo.example.org/oparl/v1.1/body/"


def test_timestamps_are_in_the_installations_zone_whatever_zone_a_request_activated():
    import datetime as dt

    from django.utils import timezone

    from querschnitt.oparl.serializers import timestamp

    winter = dt.datetime(2026, 1, 15, 9, 30, 5, 999, tzinfo=dt.UTC)
    summer = dt.datetime(2026, 7, 15, 9, 30, tzinfo=dt.UTC)
    with timezone.override("America/New_York"):
        assert timestamp(winter) == "2026-01-15T10:30:05+01:00"
        assert timestamp(summer) == "2026-07-15T11:30:00+02:00"
    assert timestamp(None) is None
