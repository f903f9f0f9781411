"""The tenant crawler over the participation URLs only: no other body's workshop or vote shows or changes."""

import pytest

from querschnitt.core import tenant_crawler
from querschnitt.core.tenant_crawler import MARKER, TenantCrawler
from querschnitt.tenancy.models import Role


@pytest.mark.django_db
def test_no_participation_url_shows_or_changes_another_bodys_data(body, other_body, make_user, monkeypatch):
    all_endpoints = tenant_crawler.endpoints
    ours = [endpoint for endpoint in all_endpoints() if endpoint.name.startswith("participation:")]
    monkeypatch.setattr(tenant_crawler, "endpoints", lambda urlconf=None: ours)
    make_user(other_body, Role.MODERATOR, first_name=MARKER.capitalize(), last_name=f"{MARKER}-b")
    visitors = {"anonymous": None, "signed in without role": make_user()}
    for role in (Role.MODERATOR, Role.OFFICE, Role.INTEGRATION_CENTRE, Role.MEMBER, Role.READER):
        visitors[f"{role} of A"] = make_user(body, role)
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors)

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    assert {
        "workshopprocess",
        "workshopphase",
        "workshopday",
        "checklistitem",
        "dotvote",
        "papertally",
        "voter_token",
        "participant",
        "event",
        "eventregistration",
        "eventregistration_token",
        "eventfile",
    } <= set(crawler.objects)
    assert len(ours) >= 45
    for instance, _field in crawler.objects.values():
        assert instance.body == other_body, instance
