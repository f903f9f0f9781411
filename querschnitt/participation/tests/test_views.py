"""Participation in the browser's terms (Django test client): plan a workshop, run a dot vote, vote by code."""

import re
from datetime import date

import pytest
from django.urls import reverse

from querschnitt.participation import models as m
from querschnitt.participation import services
from querschnitt.participation.tests.factories import DotVoteFactory, WorkshopProcessFactory
from querschnitt.strategy.tests.factories import ConceptFactory, FieldOfActionFactory


def url(name, body, **kwargs):
    return reverse(f"participation:{name}", kwargs={"body": body.slug, **kwargs})


@pytest.fixture
def moderator(make_user, body):
    return make_user(body, "moderator")


@pytest.fixture
def concept(body):
    concept = ConceptFactory(body=body, title="Integrationskonzept 2027")
    for order, title in enumerate(("Bildung", "Arbeit", "Sprache"), start=1):
        FieldOfActionFactory(concept=concept, title=title, order=order)
    return concept


@pytest.mark.django_db
def test_moderator_plans_a_process_from_the_template(client, body, moderator, concept):
    client.force_login(moderator)
    response = client.post(
        url("process_create", body),
        {"title": "Integrationsworkshop 2027", "start_date": "2027-01-31", "concept": concept.pk},
    )
    process = m.WorkshopProcess.objects.get(body=body)
    assert response.url == url("process", body, workshopprocess=process.pk)
    page = client.get(response.url).content.decode()
    # Four phases at their usual distance; the 31st becomes the last day of February.
    assert "31.01.2027" in page and "28.02.2027 – 01.03.2027" in page
    assert "28.08.2027" in page and "28.02.2028" in page
    assert "Tag 1: Sensibilisieren und Positionieren" in page and "Tag 2: Realisieren" in page
    assert "Welche Handlungsfelder sind bei uns relevant? Worauf sind wir stolz? Wo liegt Veränderungsbedarf?" in page
    assert "Welche Kennzahlen sind relevant, um den Erfolg zu messen?" in page
    assert "Punktabfrage durchführen und das Ergebnis in das Integrationskonzept übernehmen" in page
    assert reverse("strategy:concept", kwargs={"body": body.slug, "concept": concept.pk}) in page

    phase = process.phases.get(kind=m.PhaseKind.WORKSHOP)
    client.post(
        url("phase_edit", body, workshopphase=phase.pk),
        {"title": phase.title, "start_date": "2027-03-04", "end_date": "2027-03-05", "location": "Kreishaus"},
    )
    assert [day.date for day in phase.days.all()] == [date(2027, 3, 4), date(2027, 3, 5)]
    day = phase.days.first()
    client.post(
        url("day_edit", body, workshopday=day.pk),
        {"date": "2027-03-04", "title": day.title, "programme": "Begrüßung\nWas verstehen wir unter Integration?"},
    )
    assert list(day.items.values_list("text", flat=True)) == ["Begrüßung", "Was verstehen wir unter Integration?"]
    item = phase.checklist.first()
    client.post(url("checklist_toggle", body, checklistitem=item.pk), {"done": "1"})
    item.refresh_from_db()
    assert item.done_at is not None and item.done_by == moderator
    client.post(url("checklist_add", body, workshopphase=phase.pk), {"text": "Raum buchen"})
    assert phase.checklist.filter(text="Raum buchen").exists()


@pytest.mark.django_db
def test_reader_sees_workshops_but_cannot_plan(client, body, make_user):
    process = WorkshopProcessFactory(body=body)
    client.force_login(make_user(body, "reader"))
    assert client.get(url("process", body, workshopprocess=process.pk)).status_code == 200
    assert client.get(url("process_create", body)).status_code == 403
    assert client.post(url("process_edit", body, workshopprocess=process.pk), {"title": "x"}).status_code == 403


@pytest.mark.django_db
def test_a_dot_vote_from_start_to_adoption(client, body, moderator, concept):
    client.force_login(moderator)
    response = client.post(
        url("dot_vote_create", body),
        {
            "title": "Prioritäten",
            "concept": concept.pk,
            "options_from_concept": "on",
            "points_per_voter": 3,
            "anonymous": "on",
            "visibility": "live",
        },
    )
    vote = m.DotVote.objects.get(body=body)
    assert response.url == url("dot_vote", body, dotvote=vote.pk)
    assert list(vote.options.values_list("label", flat=True)) == ["Bildung", "Arbeit", "Sprache"]
    client.post(url("dot_vote_voters", body, dotvote=vote.pk), {"count": 3})
    codes = list(vote.voters.values_list("token", flat=True))
    assert len(codes) == 3
    cards = client.get(url("dot_vote_cards", body, dotvote=vote.pk)).content.decode()
    assert all(f"{code[:4]}-{code[4:]}" in cards for code in codes) and cards.count("<svg") == 3
    client.post(url("dot_vote_open", body, dotvote=vote.pk))
    vote.refresh_from_db()
    assert vote.status == "open"

    # Voters by code, without an account: the join page, then +/− steps (not saved) and casting.
    voter_client = client_class()
    response = voter_client.post(reverse("participation:join"), {"code": codes[0].lower()[:4] + " " + codes[0][4:]})
    ballot_url = reverse("participation:ballot", kwargs={"voter_token": codes[0]})
    assert response.url == ballot_url
    options = {o.label: o.pk for o in vote.options.all()}
    draft = {f"option_{pk}": 0 for pk in options.values()}
    page = voter_client.post(ballot_url, {**draft, "step": f"+{options['Bildung']}"}).content.decode()
    assert "2 von 3 Punkten übrig" in page and "Noch nicht abgegeben" in page
    assert not m.Ballot.objects.exists()
    voter_client.post(ballot_url, {**draft, f"option_{options['Bildung']}": 2, f"option_{options['Arbeit']}": 1})
    for code, points in ((codes[1], {"Arbeit": 2, "Sprache": 1}), (codes[2], {"Sprache": 2, "Bildung": 1})):
        client_class().post(
            reverse("participation:ballot", kwargs={"voter_token": code}),
            {**draft, **{f"option_{options[label]}": value for label, value in points.items()}},
        )
    page = client.get(url("dot_vote", body, dotvote=vote.pk)).content.decode()
    assert "3 von 3 Code-Inhabern haben abgestimmt." in page
    assert re.search(
        r"<strong>1\.</strong> Bildung <strong>3</strong> · Arbeit <strong>3</strong> · "
        r"Sprache <strong>3</strong>",
        page,
    )

    client.post(
        url("dot_vote_paper", body, dotvote=vote.pk),
        {"origin": "Flipchart A", "participants": 2, f"option_{options['Bildung']}": 2},
    )
    client.post(url("dot_vote_close", body, dotvote=vote.pk))
    csv_text = client.get(url("dot_vote_export", body, dotvote=vote.pk)).content.decode("utf-8-sig")
    assert (
        csv_text.splitlines()[0]
        == "Rang;Option;Punkte gesamt;Punkte per Code;Papierpunkte;Papier: Flipchart A;Stichentscheid"
    )
    assert csv_text.splitlines()[1:] == ["1;Bildung;5;3;2;2;", "2;Arbeit;3;3;0;0;", "2;Sprache;3;3;0;0;"]

    # The tie at rank 2 is decided by the moderation, then the ranking goes into the concept.
    arbeit, sprache = options["Arbeit"], options["Sprache"]
    client.post(
        url("dot_vote_tie_break", body, dotvote=vote.pk),
        {"rank": 2, "rank2-place_" + str(arbeit): 2, "rank2-place_" + str(sprache): 1, "rank2-reason": "Los"},
    )
    assert m.TieBreak.objects.get(dot_vote=vote, rank=2).option_order == [sprache, arbeit]
    preview = client.get(url("dot_vote_adopt", body, dotvote=vote.pk)).content.decode()
    assert "Priorit" in preview and "Sprache" in preview
    response = client.post(url("dot_vote_adopt", body, dotvote=vote.pk), {"concept": concept.pk})
    assert response.url == reverse("strategy:concept", kwargs={"body": body.slug, "concept": concept.pk})
    points = dict(concept.fields.values_list("title", "priority_points"))
    assert points == {"Bildung": 5, "Arbeit": 3, "Sprache": 3}


def client_class():
    from django.test import Client

    return Client()


@pytest.mark.django_db
def test_hidden_result_stays_hidden_in_every_view(client, body, moderator):
    vote = DotVoteFactory(body=body, visibility=m.ResultVisibility.AFTER_CLOSE)
    voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
    option = vote.options.get(label="Bildung")
    services.dot_vote_cast(voter=voter, dot_vote=vote, points={option.pk: 3})
    client.force_login(moderator)
    detail = client.get(url("dot_vote", body, dotvote=vote.pk)).content.decode()
    assert "bleibt verborgen" in detail and "<strong>1.</strong>" not in detail
    board = client.get(url("dot_vote_projector", body, dotvote=vote.pk), headers={"HX-Request": "true"})
    assert "wird nach dem Schließen angezeigt" in board.content.decode() and "data-rank" not in board.content.decode()
    export = client.get(url("dot_vote_export", body, dotvote=vote.pk))
    assert export.status_code == 302
    ballot_page = client_class().get(reverse("participation:ballot", kwargs={"voter_token": voter.token}))
    assert "data-rank" not in ballot_page.content.decode()
    # Changing the visibility while open is refused.
    client.post(
        url("dot_vote_edit", body, dotvote=vote.pk),
        {
            "title": vote.title,
            "points_per_voter": 3,
            "anonymous": "",
            "visibility": "live",
            "options": "Bildung\nArbeit\nSprache",
        },
    )
    vote.refresh_from_db()
    assert vote.visibility == m.ResultVisibility.AFTER_CLOSE


@pytest.mark.django_db
def test_projector_shows_shared_ranks_live(client, body, moderator):
    vote = DotVoteFactory(body=body, options=("Bildung", "Arbeit", "Sprache", "Partizipation"))
    options = {o.label: o.pk for o in vote.options.all()}
    for ballot in ({"Bildung": 3}, {"Sprache": 2, "Partizipation": 1}, {"Partizipation": 1, "Arbeit": 1}):
        voter = services.voters_create(actor=None, dot_vote=vote, count=1)[0]
        services.dot_vote_cast(voter=voter, dot_vote=vote, points={options[k]: v for k, v in ballot.items()})
    client.force_login(moderator)
    page = client.get(url("dot_vote_projector", body, dotvote=vote.pk)).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<svg" in page
    ranks = re.findall(r'data-rank="(\d)"', page)
    assert ranks == ["1", "2", "3"]
    assert re.search(r"Bildung <span class=\"q-projector__points\">3</span>", page)
    assert "3 von 3 haben abgestimmt" in page


@pytest.mark.django_db
def test_signed_in_member_votes_in_their_body(client, body, make_user):
    vote = DotVoteFactory(body=body)
    member = make_user(body, "member")
    client.force_login(member)
    option = vote.options.first()
    target = url("dot_vote_ballot", body, dotvote=vote.pk)
    client.post(target, {f"option_{option.pk}": 2, "cast": "1"})
    ballot = m.Ballot.objects.get(voter__user=member)
    assert ballot.points == 2


@pytest.mark.django_db
def test_list_pages_have_a_constant_number_of_queries(client, body, moderator, django_assert_max_num_queries):
    client.force_login(moderator)

    def count(name):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(name, body)).status_code == 200
        return len(queries)

    for _ in range(2):
        WorkshopProcessFactory(body=body)
        DotVoteFactory(body=body)
    few = {name: count(name) for name in ("processes", "dot_votes")}
    for _ in range(5):
        process = services.workshop_process_create(
            actor=moderator, body=body, title="Mehr", start_date=date(2027, 1, 1)
        )
        DotVoteFactory(body=body, process=process)
    many = {name: count(name) for name in ("processes", "dot_votes")}
    assert few == many
    assert many["processes"] <= 10 and many["dot_votes"] <= 10


@pytest.mark.django_db
def test_dot_vote_page_has_a_constant_number_of_queries(client, body, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    vote = DotVoteFactory(body=body, visibility=m.ResultVisibility.LIVE, anonymous=False)
    options = list(vote.options.all())
    client.force_login(moderator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("dot_vote", body, dotvote=vote.pk)).status_code == 200
        return len(queries)

    def add_voters(number):
        for voter in services.voters_create(actor=None, dot_vote=vote, names=[f"P{number}-{i}" for i in range(number)]):
            services.dot_vote_cast(voter=voter, dot_vote=vote, points={options[0].pk: 1, options[1].pk: 2})

    add_voters(2)
    services.paper_tally_set(actor=None, dot_vote=vote, origin="A", counts={options[0].pk: 3})
    few = count()
    add_voters(8)
    services.paper_tally_set(actor=None, dot_vote=vote, origin="B", counts={options[2].pk: 3})
    assert count() == few
