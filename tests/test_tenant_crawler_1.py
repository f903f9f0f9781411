"""Part 1 of the tenant crawl (see test_tenant_crawler.py), in a file of its own so that pytest-xdist runs it apart."""

import pytest

from tests.test_tenant_crawler import crawl_part


@pytest.mark.django_db
def test_no_url_of_part_1_shows_or_changes_another_bodys_internal_data(body, other_body, make_user, monkeypatch):
    crawl_part(1, body=body, other_body=other_body, make_user=make_user, monkeypatch=monkeypatch)
