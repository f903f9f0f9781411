"""The tenant crawler over the coaching's URLs only: no other body's engagement, step, session (with its notes),
document or topic shows or changes — for anyone of another body, nor for someone without a role."""

import pytest

from querschnitt.core import tenant_crawler
from querschnitt.core.tenant_crawler import MARKER, TenantCrawler
from querschnitt.statewide.access import BODY_PATH
from querschnitt.tenancy.models import Role


@pytest.mark.django_db
def test_no_coaching_url_shows_or_changes_another_bodys_data(body, other_body, make_user, monkeypatch):
    all_endpoints = tenant_crawler.endpoints
    ours = [endpoint for endpoint in all_endpoints() if endpoint.name.startswith("coaching:")]
    monkeypatch.setattr(tenant_crawler, "endpoints", lambda urlconf=None: ours)
    make_user(other_body, Role.OFFICE, first_name=MARKER.capitalize(), last_name=f"{MARKER}-b")
    visitors = {"anonymous": None, "signed in without role": make_user()}
    for role in Role.values:
        if role != Role.STATE_STAFF:
            visitors[f"{role} of A"] = make_user(body, role)
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors)

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    assert {"coachingengagement", "coachingstep", "coachingsession", "coachingdocument", "coachingtopic"} <= set(
        crawler.objects
    )
    assert len(ours) == 18
    for instance, _field in crawler.objects.values():
        path = BODY_PATH[type(instance)]
        if path is None:
            continue
        for step in path.split("__"):
            instance = getattr(instance, step)
        assert instance == other_body
