"""The tenant crawler over the funding URLs (and the measure's links to funded projects): no other body's guideline,
call, application, review, tranche, proof or file shows or changes, and a wrong secret link reveals nothing."""

import pytest

from querschnitt.core import tenant_crawler
from querschnitt.core.tenant_crawler import MARKER, TenantCrawler
from querschnitt.network.access import BODY_PATH
from querschnitt.tenancy.models import Role


def _body_of(instance):
    from querschnitt.strategy.access import BODY_PATH as STRATEGY_PATHS

    for step in {**BODY_PATH, **STRATEGY_PATHS}[type(instance)].split("__"):
        instance = getattr(instance, step)
    return instance


@pytest.mark.django_db
def test_no_funding_url_shows_or_changes_another_bodys_data(body, other_body, make_user, monkeypatch):
    all_endpoints = tenant_crawler.endpoints
    ours = [
        endpoint
        for endpoint in all_endpoints()
        if endpoint.name.startswith("funding:") or endpoint.name.startswith("strategy:measure_funding")
    ]
    monkeypatch.setattr(tenant_crawler, "endpoints", lambda urlconf=None: ours)
    make_user(other_body, Role.OFFICE, first_name=MARKER.capitalize(), last_name=f"{MARKER}-b")
    visitors = {"anonymous": None, "signed in without role": make_user()}
    for role in Role.values:
        if role != Role.STATE_STAFF:
            visitors[f"{role} of A"] = make_user(body, role)
    crawler = TenantCrawler(body_a=body, body_b=other_body, visitors=visitors)

    findings = crawler.run()

    assert findings == [], "\n".join(map(str, findings))
    assert {
        "fundingguideline",
        "fundingcriterion",
        "fundingcall",
        "fundingapplication",
        "fundingapplication_token",
        "fundingreview",
        "paymenttranche",
        "proofofuse",
        "fundingattachment",
        "measure",
    } <= set(crawler.objects)
    assert len(ours) >= 35
    for instance, _field in crawler.objects.values():
        assert _body_of(instance) == other_body, instance
