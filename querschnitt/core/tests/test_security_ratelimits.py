"""Rate limits (core/ratelimits.py and allauth's own): request N+1 gets the German 429 page with Retry-After, other
keys go on; a venue full of voters behind one address is not limited; guessing personal codes is.

The limits are off in the test settings (many tests sign in again and again); each test here switches them on with
small numbers. Periods of a day keep a fixed window from ending in the middle of a test.
"""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from querschnitt.core import ratelimits
from querschnitt.participation.tests.factories import DotVoteFactory, VoterFactory

LIMITS = {
    "login": "2/d",
    "login_failed": None,
    "password_reset": "2/d",
    "password_reset_from_key": None,
    "invitation": "3/d",
    "vote_join": "100/d",
    "vote_ballot": "3/d",
    "vote_ballot_address": "1000/d",
    "vote_ballot_user": "3/d",
    "code_guess": "3/d",
    "public_form": "2/d",
    "token_link": "3/d",
    "api": "3/d",
    "oparl": "3/d",
}
limits_on = override_settings(QUERSCHNITT_RATELIMITS_ENABLED=True, QUERSCHNITT_RATELIMITS=LIMITS)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def assert_limited(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    page = response.content.decode()
    assert "Zu viele Anfragen" in page, page[:500]


@pytest.mark.django_db
@limits_on
def test_the_ballot_is_limited_per_personal_code_not_per_venue(client):
    vote = DotVoteFactory()
    voters = [VoterFactory(dot_vote=vote) for _ in range(5)]
    # Five people behind one address, three requests each: nobody is limited.
    for voter in voters:
        ballot = reverse("participation:ballot", kwargs={"voter_token": voter.token})
        assert [client.get(ballot).status_code for _ in range(3)] == [200, 200, 200]
    # The fourth request with the same code is one too many; the others' codes still work.
    assert_limited(client.get(reverse("participation:ballot", kwargs={"voter_token": voters[0].token})))
    other = VoterFactory(dot_vote=vote)
    assert client.get(reverse("participation:ballot", kwargs={"voter_token": other.token})).status_code == 200


@pytest.mark.django_db
@limits_on
def test_guessing_codes_is_stopped_per_address_and_other_addresses_go_on(client):
    vote = DotVoteFactory()
    voter = VoterFactory(dot_vote=vote)
    join = reverse("participation:join")
    for guess in ("AAAA1111", "AAAA2222", "AAAA3333"):
        assert client.post(join, {"code": guess}).status_code == 200  # the form again: "not known"
    # Over the limit of failures: even the right code is refused from this address for now …
    assert_limited(client.post(join, {"code": voter.token}))
    assert_limited(client.get(reverse("participation:ballot", kwargs={"voter_token": "ZZZZ9999"})))
    # … while a voter at another address goes straight through.
    response = client.post(join, {"code": voter.token}, REMOTE_ADDR="192.0.2.44")
    assert response.status_code == 302


@pytest.mark.django_db
@limits_on
def test_successful_joins_do_not_count_as_guesses(client):
    vote = DotVoteFactory()
    voters = [VoterFactory(dot_vote=vote) for _ in range(6)]
    join = reverse("participation:join")
    assert [client.post(join, {"code": v.token}).status_code for v in voters] == [302] * 6


@pytest.mark.django_db
@limits_on
def test_a_public_form_is_limited_per_address_with_json_and_htmx_answers(client):
    feedback = reverse("core:accessibility")
    for _ in range(2):
        assert client.post(feedback, {"message": "Kontrast", "page_url": "/"}).status_code == 302
    assert_limited(client.post(feedback, {"message": "Kontrast", "page_url": "/"}))
    as_json = client.post(feedback, {"message": "x"}, headers={"Accept": "application/json"})
    assert as_json.status_code == 429 and as_json["Content-Type"] == "application/json"
    assert as_json.json()["retry_after"] >= 1 and as_json.json()["detail"]
    as_htmx = client.post(feedback, {"message": "x"}, headers={"HX-Request": "true"})
    assert as_htmx.status_code == 429 and as_htmx["HX-Retarget"] == "#inhalt"
    assert "<html" not in as_htmx.content.decode()
    # Reading the page is not limited, and another address may still send.
    assert client.get(feedback).status_code == 200
    assert client.post(feedback, {"message": "Kontrast", "page_url": "/"}, REMOTE_ADDR="192.0.2.7").status_code == 302


@pytest.mark.django_db
def test_switched_off_nothing_is_limited(client, settings):
    settings.QUERSCHNITT_RATELIMITS = LIMITS
    settings.QUERSCHNITT_RATELIMITS_ENABLED = False
    feedback = reverse("core:accessibility")
    codes = [client.post(feedback, {"message": "Kontrast", "page_url": "/"}).status_code for _ in range(4)]
    assert codes == [302] * 4


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip", "login_failed": ""})
def test_sign_in_is_limited_per_address_by_allauth_with_our_page(client):
    login = reverse("account_login")
    for number in range(2):
        response = client.post(login, {"login": f"niemand{number}@example.org", "password": "falsch-falsch"})
        assert response.status_code == 200
    assert_limited(client.post(login, {"login": "noch-jemand@example.org", "password": "falsch-falsch"}))


def test_the_client_address_comes_from_the_trusted_proxy_only(rf, settings):
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.9")
    settings.QUERSCHNITT_TRUSTED_PROXY_COUNT = 0
    assert ratelimits.client_ip(request) == "127.0.0.1"
    settings.QUERSCHNITT_TRUSTED_PROXY_COUNT = 1
    assert ratelimits.client_ip(request) == "198.51.100.9"  # the address our proxy saw, not the forged one
    ipv6 = rf.get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    settings.QUERSCHNITT_TRUSTED_PROXY_COUNT = 0
    assert ratelimits.client_ip(ipv6) == "2001:db8:1:2::"


def test_every_limited_view_name_exists():
    from django.urls import NoReverseMatch, reverse

    for name in ratelimits.LIMITS:
        try:
            reverse(name)
        except NoReverseMatch as error:
            # A name with parameters does not reverse without them, but it must be known.
            assert "with no arguments not found" in str(error) or "with arguments '()'" in str(error), error


@pytest.mark.django_db
@limits_on
def test_oparl_and_the_api_count_all_their_endpoints_per_address(client):
    """Request four to OParl gets an OParl error object that any origin may read; the REST API counts on its own."""
    oparl = ["/oparl/v1.1/", "/oparl/v1.1/body/", "/oparl/v1.1/"]
    assert [client.get(path).status_code for path in oparl] == [200, 200, 200]
    limited = client.get("/oparl/v1.1/body/")
    assert limited.status_code == 429 and int(limited["Retry-After"]) >= 1
    assert limited["Access-Control-Allow-Origin"] == "*"
    error = limited.json()
    assert error["type"] == "https://schema.oparl.org/1.1/Error" and "Zu viele Anfragen" in error["message"]
    # Another address goes on.
    assert client.get("/oparl/v1.1/", REMOTE_ADDR="192.0.2.7").status_code == 200

    api = [client.get("/api/openapi.json").status_code for _ in range(3)]
    assert api == [200, 200, 200]
    answer = client.get("/api/openapi.json")
    assert answer.status_code == 429 and "Zu viele Anfragen" in answer.json()["detail"]
