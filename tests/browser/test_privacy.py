"""Issue 9, point 6 in the browser: the office of Stadt Neuss answers a request of the member Maria Kowalski — it
searches the demo, downloads the copy as JSON, and erases with confirmation; the signed minutes that name her stay."""

import json

import pytest
from django.utils import translation
from django.utils.translation import gettext

from querschnitt.committees.models import Meeting, Membership, Person
from querschnitt.core.models import PrivacyRequestLog
from querschnitt.tenancy.models import RoleAssignment

from .conftest import axe_violations, follow, login

pytestmark = pytest.mark.browser


def german(msgid: str) -> str:
    """The German text of one of our strings, as the catalogue has it."""
    with translation.override("de"):
        return gettext(msgid)


def test_office_searches_downloads_and_erases_with_confirmation(page):
    person = Person.objects.get(body__slug="neuss", given_name="Maria", family_name="Kowalski")
    signed = Meeting.objects.filter(body__slug="neuss", minutes_signed_by_writer_at__isnull=False).first()
    minutes = signed.minutes_text

    login(page, "neuss@querschnitt.example")
    page.goto("/k/neuss/datenschutz/")
    page.get_by_role("heading", level=1, name=german("Data protection requests")).wait_for()
    assert axe_violations(page) == []

    main = page.get_by_role("main")
    main.get_by_label(german("E-mail address or full name")).fill("kowalski, MARIA")
    follow(main.get_by_role("button", name=german("Search for the person")))
    page.locator("#ergebnisse").wait_for()
    assert "§ 52 GO NRW" in main.inner_text()  # why the minutes stay
    assert page.locator("[data-record^='committees.person:']").count() == 1
    assert page.locator("[data-record^='accounts.user:']").count() == 1
    chosen = page.locator("input[name='record']:checked").count()  # also her seminar registration in the demo
    assert axe_violations(page) == []

    with page.expect_download() as download:
        main.get_by_role("button", name=german("Download as JSON")).click()
    assert download.value.suggested_filename.startswith("querschnitt-auskunft-neuss-")
    with open(download.value.path(), encoding="utf-8") as handle:
        copy = json.load(handle)
    areas = {area["source"]: area for area in copy["areas"]}
    assert areas["committees.person"]["records"][0]["family_name"] == "Kowalski"
    assert areas["committees.person"]["records"][0]["memberships"]
    assert areas["accounts.user"]["records"][0]["email"] == "mitglied@querschnitt.example"

    follow(main.get_by_role("button", name=german("Erase or anonymise …")))
    page.get_by_role("heading", level=1, name=german("Erase or anonymise")).wait_for()
    assert page.locator("[data-record]").count() == chosen
    assert axe_violations(page) == []
    assert RoleAssignment.objects.filter(body__slug="neuss", user__email="mitglied@querschnitt.example").exists()

    follow(page.get_by_role("button", name=german("Erase or anonymise now")))
    page.get_by_role("heading", level=1, name=german("Data protection requests")).wait_for()
    page.locator(".kern-alert--success").wait_for()
    assert axe_violations(page) == []

    person.refresh_from_db()
    signed.refresh_from_db()
    assert person.family_name == "Kowalski" and person.user_id is None and person.email == ""
    assert Membership.objects.filter(person=person, deleted=False).exists()
    assert signed.minutes_text == minutes and signed.minutes_signed
    assert not RoleAssignment.objects.filter(body__slug="neuss", user__email="mitglied@querschnitt.example").exists()
    # She still works in the Kreis: her account stays.
    assert RoleAssignment.objects.filter(user__email="mitglied@querschnitt.example").exists()
    log = PrivacyRequestLog.objects.get(body__slug="neuss", kind="erasure")
    assert log.counts["accounts.user"] == 1 and log.counts["committees.person"] == 1 and log.total == chosen
