"""Every URL of the project, requested by everyone who is not entitled, must not show another body's data."""

import pytest

from querschnitt.core.tenant_crawler import MARKER, TenantCrawler, endpoints
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


@pytest.mark.django_db
def test_no_url_shows_or_changes_another_bodys_internal_data(body, other_body, make_user):
    # B has people in every role, so that its internal pages have something to leak.
    for role in (Role.OFFICE, Role.MEMBER, Role.READER):
        make_user(other_body, role, first_name=MARKER.capitalize(), last_name=f"{MARKER}-b-{role}")
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors_of(body, make_user))

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    # The crawler really went through our own object URLs, not just the static pages.
    crawled = {endpoint.name for endpoint in endpoints()}
    assert {"accounts:role_revoke", "accounts:invitation_revoke", "accounts:invitation_accept"} <= crawled
    assert {"roleassignment", "invitation", "invitation_token", "measure", "indicator"} <= set(crawler.objects)
    for instance, _field in crawler.objects.values():
        assert body_of_object(instance) in (other_body, None), instance


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
