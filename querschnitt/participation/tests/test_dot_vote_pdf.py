"""The dot vote's result as a PDF: tagged, German, the ranking with shared ranks as on the detail page, points by
code and on paper, tie-breaks, and the same visibility rule as the detail page; 404 for another body."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from querschnitt.participation import models as m
from querschnitt.participation import selectors, services
from querschnitt.participation.dot_vote_pdf import dot_vote_pdf_data, ranking_line
from querschnitt.participation.tests.factories import DotVoteFactory

OPTIONS = ("Bildung", "Arbeit", "Sprache", "Partizipation")


def url(name, body, **kwargs):
    return reverse(f"participation:{name}", kwargs={"body": body.slug, **kwargs})


def pdf_text(response):
    reader = PdfReader(BytesIO(response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def flat(text):
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


@pytest.fixture
def vote(body, moderator):
    """Bildung 30, Arbeit 17, Sprache 10 by code + 5 on paper, Partizipation 15 on paper: rank 3 is shared."""
    vote = DotVoteFactory(
        body=body,
        title="Prioritäten der Handlungsfelder",
        question="Welche Handlungsfelder sind uns am wichtigsten?",
        options=OPTIONS,
        points_per_voter=30,
        visibility=m.ResultVisibility.AFTER_CLOSE,
    )
    ids = {option.label: option.pk for option in vote.options.all()}
    first, second, _unused = services.voters_create(actor=moderator, dot_vote=vote, count=3)
    services.dot_vote_cast(voter=first, dot_vote=vote, points={ids["Bildung"]: 30})
    services.dot_vote_cast(voter=second, dot_vote=vote, points={ids["Arbeit"]: 17, ids["Sprache"]: 10})
    services.paper_tally_set(
        actor=moderator,
        dot_vote=vote,
        origin="Flipchart Saal",
        participants=2,
        counts={ids["Sprache"]: 5, ids["Partizipation"]: 15},
    )
    return vote


def close(vote, moderator):
    services.dot_vote_close(actor=moderator, dot_vote=vote)
    vote.refresh_from_db()
    return vote


@pytest.mark.django_db
def test_pdf_shows_the_ranking_as_the_detail_page_with_points_by_code_and_paper(client, body, moderator, vote):
    close(vote, moderator)
    client.force_login(moderator)

    response = client.get(url("dot_vote_export_pdf", body, dotvote=vote.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"] and ".pdf" in response["Content-Disposition"]
    reader, text = pdf_text(response)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de-DE"  # PDF/UA: language and tagged structure
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert reader.metadata.title == "Ergebnis: Prioritäten der Handlungsfelder"
    text = flat(text)
    assert "Welche Handlungsfelder sind uns am wichtigsten?" in text
    for line in ("1. Bildung 30", "2. Arbeit 17", "3. Sprache 15 · Partizipation 15"):
        assert line in text
    # The same lines as the detail page shows.
    detail = client.get(url("dot_vote", body, dotvote=vote.pk)).content.decode()
    assert re.search(r"<strong>3\.</strong> Sprache <strong>15</strong> · Partizipation <strong>15</strong>", detail)
    # Points split by code and on paper per option (rank, option, by code, paper, total), and the sums.
    assert "Sprache 10 5 15" in text and "Partizipation 0 15 15" in text and "Bildung 30 0 30" in text
    assert "57 20 77" in text
    # Participation: digital voters and people on paper; status and dates.
    assert "2 von 3 Code-Inhabern haben abgestimmt." in text
    assert "Papierpunkte von 1 Flipchart." in text
    assert "Geschlossen" in text and f"{vote.closed_at.astimezone().day:02d}." in text


@pytest.mark.django_db
def test_pdf_names_the_recorded_tie_break_and_orders_the_shared_rank_by_it(client, body, moderator, vote):
    close(vote, moderator)
    ids = {option.label: option.pk for option in vote.options.all()}
    services.tie_break_decide(
        actor=moderator,
        dot_vote=vote,
        rank=3,
        option_order=[ids["Partizipation"], ids["Sprache"]],
        reason="Beteiligung ist Schwerpunkt des Rates",
    )
    client.force_login(moderator)

    text = flat(pdf_text(client.get(url("dot_vote_export_pdf", body, dotvote=vote.pk)))[1])

    assert "3. Partizipation 15 · Sprache 15" in text  # shared rank, in the order of the tie-break
    assert "von der Moderation entschieden: Partizipation vor Sprache" in text
    assert "Beteiligung ist Schwerpunkt des Rates" in text


@pytest.mark.django_db
def test_hidden_result_stays_hidden_in_the_pdf(client, body, moderator, vote):
    client.force_login(moderator)
    assert not selectors.results_visible(vote)  # open, visible only after closing

    response = client.get(url("dot_vote_export_pdf", body, dotvote=vote.pk))

    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = flat(pdf_text(response)[1])
    assert "Das Ergebnis bleibt verborgen, bis die Abstimmung geschlossen ist." in text
    assert "Bildung" in text and "Partizipation" in text  # the options, as the detail page lists them
    assert "1. Bildung" not in text and "30" not in text and "Sprache 15" not in text
    data = dot_vote_pdf_data(vote, selectors.dot_vote_result(vote))
    assert data["ranking"] == [] and data["rows"] == [] and data["sums"] == {} and data["tie_breaks"] == []
    # Live visibility shows the ranking while the vote is open, as the detail page and projector do.
    vote.visibility = m.ResultVisibility.LIVE
    vote.save()
    text = flat(pdf_text(client.get(url("dot_vote_export_pdf", body, dotvote=vote.pk)))[1])
    assert "3. Sprache 15 · Partizipation 15" in text


@pytest.mark.django_db
def test_ranking_line_is_the_detail_pages(vote, moderator):
    close(vote, moderator)
    result = selectors.dot_vote_result(vote)
    assert [ranking_line(group) for group in result.groups] == [group.text for group in result.groups]


@pytest.mark.django_db
def test_only_the_body_gets_the_pdf(client, body, other_body, make_user, vote, moderator):
    close(vote, moderator)
    target = url("dot_vote_export_pdf", body, dotvote=vote.pk)
    for role in ("moderator", "office", "member", "reader"):
        client.force_login(make_user(other_body, role))
        assert client.get(target).status_code == 404
    # The same vote under the other body's address is not found either.
    client.force_login(make_user(other_body, "moderator"))
    assert client.get(url("dot_vote_export_pdf", other_body, dotvote=vote.pk)).status_code == 404
    client.logout()
    assert client.get(target).status_code == 302  # to the login
    # Whoever works in the body may download it, as the CSV.
    client.force_login(make_user(body, "reader"))
    assert client.get(target).status_code == 200
