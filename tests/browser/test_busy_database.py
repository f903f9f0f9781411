"""A ballot sent while the database is busy (SQLite's write lock, a PostgreSQL deadlock): htmx swaps the German 503
message in place of the ballot instead of leaving the voter with a button that seems to do nothing; nothing is
counted, and after a reload the vote goes through."""

import pytest
from django.db import OperationalError
from playwright.sync_api import expect

from querschnitt.participation import services
from querschnitt.participation.models import Ballot

from .conftest import follow
from .test_dot_vote import ballot_on_phone

pytestmark = pytest.mark.browser


def test_a_busy_database_answers_the_ballot_with_a_message_and_counts_nothing(browser, live_server, demo, monkeypatch):
    vote, phone = ballot_on_phone(browser, live_server.url, title="Punktabfrage unter Last", points=1)
    phone.get_by_role("button", name="Ein Punkt mehr für Bildung").click()
    expect(phone.get_by_text("0 von 1 Punkten übrig")).to_be_visible()

    real_cast = services.dot_vote_cast

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "dot_vote_cast", locked)  # the live server runs in this process
    phone.get_by_role("button", name="Stimme abgeben").click()
    expect(phone.get_by_role("alert")).to_contain_text("Gerade ist sehr viel los")
    expect(phone.get_by_role("alert")).to_contain_text("nichts halb gespeichert")
    assert phone.get_by_role("heading", level=1).count() == 1  # the message, not a second page inside the page
    assert not Ballot.objects.filter(dot_vote=vote).exists()

    monkeypatch.setattr(services, "dot_vote_cast", real_cast)
    follow(phone.get_by_role("link", name="Seite neu laden"))  # the new ballot must be there before it is used
    phone.get_by_role("button", name="Ein Punkt mehr für Bildung").click()
    # htmx drops a click on the form while the form's previous request is still out: wait for the step's answer.
    expect(phone.get_by_text("0 von 1 Punkten übrig")).to_be_visible()
    phone.get_by_role("button", name="Stimme abgeben").click()
    expect(phone.get_by_text("Danke, Ihre Stimme wurde gezählt.")).to_be_visible()
    assert Ballot.objects.filter(dot_vote=vote).count() == 1
    phone.context.close()
