"""The navigation of a body in two rows: its areas, then the pages of the area the visitor is in."""

import re

import pytest
from django.urls import reverse

from querschnitt.committees.tests.factories import MeetingFactory
from querschnitt.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _navigation(client, path):
    html = client.get(path).content.decode()
    found = re.search(r'<nav class="q-nav".*?</nav>', html, re.S)
    assert found, path
    nav = found.group(0)
    areas_html = re.search(r'<ul class="q-nav__areas">(.*?)</ul>', nav, re.S).group(1)
    pages_html = re.search(r'<div class="q-nav__pages">.*?<ul aria-label="([^"]*)">(.*?)</ul>', nav, re.S)

    def links(fragment):
        return [
            (label, current or "")
            for current, label in re.findall(
                r'<a class="kern-link" href="[^"]+"(?: aria-current="(\w+)")?>([^<]+)</a>', fragment
            )
        ]

    return links(areas_html), (pages_html.group(1), links(pages_html.group(2))) if pages_html else None


def _url(name, body, **kwargs):
    return reverse(name, kwargs={"body": body.slug, **kwargs})


def test_the_office_sees_the_areas_and_the_pages_of_the_area_it_is_in(client, body, make_user):
    client.force_login(make_user(body, Role.OFFICE))
    areas, pages = _navigation(client, _url("tenancy:dashboard", body))
    labels = [label for label, _current in areas]
    assert labels[:5] == ["Start", "Gremienarbeit", "Netzwerk", "Konzept", "Beteiligung"]
    assert "Berichte und Daten" in labels and "Personen und Rollen" in labels
    assert ("Start", "page") in areas and pages is None  # the start page is an area of one page

    areas, pages = _navigation(client, _url("committees:meetings", body))
    assert ("Gremienarbeit", "true") in areas  # the area, not the page: that is marked in the second row
    assert pages == ("Gremienarbeit", [("Gremien", ""), ("Sitzungen", "page"), ("Drucksachen", "")])


def test_a_page_below_a_list_keeps_the_area_of_its_app(client, body, make_user):
    client.force_login(make_user(body, Role.OFFICE))
    meeting = MeetingFactory(body=body)
    areas, pages = _navigation(client, _url("committees:meeting", body, meeting=meeting.pk))
    assert ("Gremienarbeit", "true") in areas
    assert pages[0] == "Gremienarbeit" and all(current == "" for _label, current in pages[1])


def test_an_area_with_one_page_for_the_visitor_is_named_after_that_page(client, body):
    areas, _pages = _navigation(client, _url("tenancy:dashboard", body))
    labels = [label for label, _current in areas]
    assert "Netzwerk" not in labels and "Angebote" in labels  # the public sees only the offers of the network
    assert "Konzept" not in labels and "Personen und Rollen" not in labels


def test_a_page_outside_the_body_marks_no_area(client, body, make_user):
    client.force_login(make_user(body, Role.OFFICE))
    client.get(_url("tenancy:dashboard", body))  # the body becomes the current one
    areas, pages = _navigation(client, reverse("tenancy:body_list"))
    assert all(current == "" for _label, current in areas) and pages is None


def test_a_page_of_a_related_app_keeps_the_area_it_belongs_to(client, body, make_user):
    client.force_login(make_user(body, Role.OFFICE))
    areas, _pages = _navigation(client, reverse("statistics:imports", kwargs={"body": body.slug}))
    assert ("Berichte und Daten", "true") in areas
