"""Every URL of the project, requested by everyone who is not entitled, must not show another body's data."""

from pathlib import Path

import pytest

from querschnitt.core.tenant_crawler import MARKER, TenantCrawler, endpoints, model_for_parameter
from querschnitt.tenancy.models import Role


def body_of_object(instance):
    """Every object the crawler made belongs to body B (through its parents where it has no body itself)."""
    from querschnitt.committees.access import BODY_PATH as COMMITTEE_PATHS
    from querschnitt.network.access import BODY_PATH as NETWORK_PATHS
    from querschnitt.reporting.access import BODY_PATH as REPORTING_PATHS
    from querschnitt.statewide.access import BODY_PATH as STATEWIDE_PATHS
    from querschnitt.strategy.access import BODY_PATH as STRATEGY_PATHS

    paths = {**COMMITTEE_PATHS, **NETWORK_PATHS, **STRATEGY_PATHS, **STATEWIDE_PATHS, **REPORTING_PATHS}
    if type(instance) in paths and paths[type(instance)] is None:
        return None  # the state council's own objects (series, courses): no body, only state staff reach them
    path = paths.get(type(instance), "body")
    for step in path.split("__"):
        instance = getattr(instance, step)
    return instance


def visitors_of(body_a, make_user):
    visitors = {"anonymous": None, "signed in without role": make_user()}
    for role in Role.values:
        if role != Role.STATE_STAFF:
            visitors[f"{role} of {body_a.name}"] = make_user(body_a, role)
    return visitors


# The crawl takes 80 s on SQLite and 160 s on PostgreSQL: too long for one test, which pytest-xdist cannot split. The
# sorted endpoints are dealt into PARTS parts (endpoint i goes to part i % PARTS); each part is a test of its own in a
# file of its own (tests/test_tenant_crawler_<n>.py, as `make test` distributes whole files), with its own bodies,
# visitors and objects of B. test_the_parts_cover_every_endpoint_once proves that no endpoint is left out.
PARTS = 4


def endpoints_of_part(part: int, urlconf: str | None = None) -> list:
    return endpoints(urlconf)[part::PARTS]


def objects_for(endpoints_: list) -> set[str]:
    """The URL parameters the crawler makes an object of B for (as TenantCrawler._object_for does)."""
    return {p for endpoint in endpoints_ for p in endpoint.parameters if p != "body" and model_for_parameter(p)}


def crawl_part(part: int, *, body, other_body, make_user, monkeypatch) -> None:
    """No URL of the part shows or changes another body's internal data."""
    from querschnitt.core import tenant_crawler

    monkeypatch.setattr(tenant_crawler, "endpoints", lambda urlconf=None: endpoints_of_part(part, urlconf))
    # B has people in every role, so that its internal pages have something to leak.
    for role in (Role.OFFICE, Role.MEMBER, Role.READER):
        make_user(other_body, role, first_name=MARKER.capitalize(), last_name=f"{MARKER}-b-{role}")
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors_of(body, make_user))

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    # The crawler really went through every object URL of the part, not just the static pages.
    assert set(crawler.objects) == objects_for(endpoints_of_part(part))
    for instance, _field in crawler.objects.values():
        assert body_of_object(instance) in (other_body, None), instance


@pytest.mark.django_db
def test_no_url_of_part_0_shows_or_changes_another_bodys_internal_data(body, other_body, make_user, monkeypatch):
    crawl_part(0, body=body, other_body=other_body, make_user=make_user, monkeypatch=monkeypatch)


def test_the_parts_cover_every_endpoint_once():
    parts = [endpoints_of_part(part) for part in range(PARTS)]
    crawled = [endpoint.name for part in parts for endpoint in part]
    assert sorted(crawled) == [endpoint.name for endpoint in endpoints()], "an endpoint is missing or crawled twice"
    assert {"accounts:role_revoke", "accounts:invitation_revoke", "accounts:invitation_accept"} <= set(crawled)
    assert {"roleassignment", "invitation", "invitation_token", "measure", "indicator"} <= objects_for(endpoints())
    # Every part but part 0 (above) is the one test of its own file.
    here = Path(__file__).parent
    for part in range(1, PARTS):
        source = (here / f"test_tenant_crawler_{part}.py").read_text(encoding="utf-8")
        assert f"crawl_part({part}," in source, f"test_tenant_crawler_{part}.py does not crawl part {part}"
    assert not (here / f"test_tenant_crawler_{PARTS}.py").exists(), "a part file beyond PARTS would crawl nothing"


@pytest.mark.django_db
def test_crawler_catches_a_leaking_view(body, other_body, make_user, settings):
    settings.ROOT_URLCONF = "tests.leaky_urls"
    make_user(other_body, Role.OFFICE, first_name=MARKER.capitalize(), last_name="geheim")
    visitors = {"anonymous": None}

    findings = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors).run()

    leaks = [finding for finding in findings if "/leck/" in finding.url]
    assert leaks, "the crawler missed a view that lists another body's people"
    people = [finding for finding in leaks if finding.url.endswith("/leck/")]
    assert people and all(finding.problem == "shows internal data of another body" for finding in people)
    writes = [finding for finding in leaks if finding.problem == "changed data of another body"]
    assert writes and all(finding.method == "POST" for finding in writes)


def test_crawler_refuses_url_parameters_it_cannot_fill():
    from querschnitt.core.tenant_crawler import model_for_parameter

    assert model_for_parameter("roleassignment")[1] == "pk"
    assert model_for_parameter("invitation_token")[1] == "token"
    assert model_for_parameter("gibtsnicht") is None
