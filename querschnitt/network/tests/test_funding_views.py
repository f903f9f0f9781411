"""Funding in the browser's terms: the public form without an account and its e-mails, the deadline, the applicant's
page by its secret link, who sees which page, reviews hidden until one's own is in, overviews with their sums and
CSV, the link to measures, and pages whose number of queries does not grow with their rows."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from querschnitt.network import models as m
from querschnitt.network import services_funding as funding
from querschnitt.network.models_funding import ApplicationStatus, CallStatus
from querschnitt.network.tests.factories import (
    ActorFactory,
    FundingApplicationFactory,
    FundingAttachmentFactory,
    FundingCallFactory,
    FundingCriterionFactory,
    FundingGuidelineFactory,
)
from querschnitt.strategy import services as strategy_services
from querschnitt.strategy.tests.factories import MeasureFactory
from querschnitt.tenancy.models import Role

BERLIN = ZoneInfo("Europe/Berlin")


def url(name, body=None, **kwargs):
    if body is not None:
        kwargs["body"] = body.slug
    return reverse(f"funding:{name}", kwargs=kwargs)


def text(response):
    return response.content.decode()


@pytest.fixture
def call(body):
    guideline = FundingGuidelineFactory(body=body, title="Richtlinie MSO")
    FundingCriterionFactory(guideline=guideline, name="Beitrag zu den Zielen", weight=60, order=1)
    FundingCriterionFactory(guideline=guideline, name="Finanzplan", weight=40, order=2)
    return FundingCallFactory(guideline=guideline, title="Aufruf 2027", public=True, status=CallStatus.OPEN)


@pytest.fixture
def office(make_user, body):
    return make_user(body, Role.OFFICE, email="office@querschnitt.example")


@pytest.fixture
def ki(make_user, body):
    return make_user(body, Role.INTEGRATION_CENTRE)


FORM = {
    "organisation_name": "Kulturverein Brücke e. V.",
    "contact_name": "Erika Beispiel",
    "contact_email": "erika@example.org",
    "title": "Sprachcafé für Frauen",
    "description": "Wöchentliches Treffen mit Kinderbetreuung.",
    "area": "Sprache",
    "requested_amount": "2400",
    "own_contribution": "240",
    "period_start": "2027-05-01",
    "period_end": "2027-10-31",
    "consent": "on",
}


def submit(call, **changes):
    fields = {
        "organisation_name": "Verein Brücken e. V.",
        "contact_name": "Erika Beispiel",
        "contact_email": "erika@example.org",
        "title": "Sprachcafé",
        "description": "Wöchentliches Sprachcafé.",
        "area": "Sprache",
        "requested_amount": Decimal("2000"),
        "period_start": date(2027, 5, 1),
        "period_end": date(2027, 10, 31),
    }
    fields.update(changes)
    return funding.funding_application_submit(
        call=call, data=funding.ApplicationData(**fields), consent=True, notify=False
    )


def score(application, reviewer, points):
    review = funding.funding_reviewer_assign(actor=reviewer, application=application, reviewer=reviewer)
    criteria = list(application.call.guideline.criteria.order_by("order"))
    return funding.funding_review_submit(
        actor=reviewer, review=review, scores={c.pk: p for c, p in zip(criteria, points, strict=True)}
    )


# --- Public -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_lists_only_open_public_calls(client, body, call):
    FundingCallFactory(guideline=call.guideline, title="Interner Aufruf", public=False, status=CallStatus.OPEN)
    FundingCallFactory(guideline=call.guideline, title="Entwurf", public=True, status=CallStatus.DRAFT)
    FundingCallFactory(
        guideline=call.guideline,
        title="Vorbei",
        public=True,
        status=CallStatus.OPEN,
        deadline=timezone.now() - timedelta(days=1),
    )
    page = text(client.get(url("public_calls", body)))
    assert "Aufruf 2027" in page
    assert "Interner Aufruf" not in page and "Entwurf" not in page and "Vorbei" not in page
    draft = m.FundingCall.objects.get(title="Entwurf")
    assert client.get(url("public_call", body, fundingcall=draft.pk)).status_code == 404
    assert client.get(url("apply", body, fundingcall=draft.pk)).status_code == 404
    page = text(client.get(url("public_call", body, fundingcall=call.pk)))
    assert "Beitrag zu den Zielen" in page and "Jetzt Antrag stellen" in page


@pytest.mark.django_db
def test_the_public_applies_without_an_account_and_gets_an_e_mail(client, body, call, office):
    pdf = SimpleUploadedFile("Kostenplan 2027.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    response = client.post(url("apply", body, fundingcall=call.pk), {**FORM, "uploads": [pdf]})
    application = m.FundingApplication.objects.get()
    assert response.status_code == 302
    assert response.url == url("status", fundingapplication_token=application.token)
    assert application.status == ApplicationStatus.SUBMITTED and application.applicant is None
    assert application.attachments.get().file_name == "Kostenplan 2027.pdf"
    confirmation = next(message for message in mail.outbox if message.to == ["erika@example.org"])
    assert application.reference in confirmation.subject
    assert f"http://testserver/foerderantrag/{application.token}/" in confirmation.body
    assert any(message.to == [office.email] for message in mail.outbox)
    page = text(client.get(response.url))
    assert application.reference in page and "Eingereicht" in page and "Sprachcafé für Frauen" in page


@pytest.mark.django_db
def test_the_form_refuses_after_the_deadline_in_german(client, body, call):
    call.deadline = datetime(2026, 3, 31, 23, 59, tzinfo=BERLIN)
    call.opens_on = date(2026, 1, 1)
    call.save()
    expected = "Die Antragsfrist ist am 31.03.2026 um 23:59 Uhr abgelaufen."
    page = text(client.get(url("apply", body, fundingcall=call.pk)))
    assert expected in page and "Antrag absenden" not in page
    page = text(client.post(url("apply", body, fundingcall=call.pk), FORM))
    assert expected in page
    assert not m.FundingApplication.objects.exists() and not mail.outbox


@pytest.mark.django_db
def test_the_form_checks_attachments_and_the_consent(client, body, call):
    disguised = SimpleUploadedFile("satzung.pdf", b"MZ\x90\x00" + bytes(range(256)), content_type="application/pdf")
    page = text(client.post(url("apply", body, fundingcall=call.pk), {**FORM, "uploads": [disguised]}))
    assert "satzung.pdf" in page and not m.FundingApplication.objects.exists()
    without_consent = {key: value for key, value in FORM.items() if key != "consent"}
    page = text(client.post(url("apply", body, fundingcall=call.pk), without_consent))
    assert "Dieses Feld ist zwingend erforderlich." in page and not m.FundingApplication.objects.exists()
    # A program that fills the hidden field gets nothing through.
    client.post(url("apply", body, fundingcall=call.pk), {**FORM, "homepage": "http://spam.example"})
    assert not m.FundingApplication.objects.exists()


@pytest.mark.django_db
def test_the_status_page_shows_only_its_own_application(client, body, call):
    mine = submit(call, title="Mein Projekt", contact_name="Erika Beispiel")
    other = submit(call, title="Fremdes Projekt", contact_name="Max Fremd", contact_email="max@example.org")
    page = text(client.get(url("status", fundingapplication_token=mine.token)))
    assert "Mein Projekt" in page and mine.reference in page
    assert "Fremdes Projekt" not in page and "Max Fremd" not in page and other.reference not in page
    assert client.get(url("status", fundingapplication_token="falsch")).status_code == 404
    assert client.get(url("status", fundingapplication_token="x" * 65)).status_code == 404
    # Nothing to post while no proof is expected.
    client.post(url("status", fundingapplication_token=mine.token), {"note": "Hallo"})
    assert not m.FundingAttachment.objects.exists()


@pytest.mark.django_db
def test_the_applicant_sends_the_proof_of_use_by_the_link(client, body, call, office, ki):
    application = submit(call)
    score(application, office, [8, 8])
    score(application, ki, [6, 6])
    funding.funding_application_decide(
        actor=office, application=application, approve=True, approved_amount=Decimal("2000"), reason="Gut."
    )
    funding.proof_of_use_create(actor=office, application=application, due_on=date(2027, 12, 31))
    link = url("status", fundingapplication_token=application.token)
    page = text(client.get(link))
    assert "bis zum 31.12.2027" in page and "Verwendungsnachweis senden" in page
    report = SimpleUploadedFile("sachbericht.txt", b"12 Treffen, 30 Teilnehmende", content_type="text/plain")
    response = client.post(link, {"note": "Alles erledigt.", "uploads": [report]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PROOF_SUBMITTED
    proof = application.proofs.get()
    assert proof.applicant_note == "Alles erledigt." and proof.files.get().file_name == "sachbericht.txt"


# --- Internal pages: who sees what ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.OFFICE, 200),
        (Role.INTEGRATION_CENTRE, 200),
        (Role.MODERATOR, 403),
        (Role.MEMBER, 403),
        (Role.READER, 403),
    ],
)
def test_only_office_and_centre_run_funding(client, body, call, make_user, role, status):
    application = submit(call)
    attachment = FundingAttachmentFactory(application=application)
    client.force_login(make_user(body, role))
    assert client.get(url("home", body)).status_code == status
    expected = 200 if status == 200 else 404
    assert client.get(url("application", body, fundingapplication=application.pk)).status_code == expected
    assert client.get(url("attachment", body, fundingattachment=attachment.pk)).status_code == expected
    assert client.get(url("call", body, fundingcall=call.pk)).status_code == expected


@pytest.mark.django_db
def test_state_staff_and_other_bodies_see_no_application(client, body, other_body, call, state_council, make_user):
    application = submit(call, contact_name="Erika Geheim")
    for user in (make_user(state_council, Role.STATE_STAFF), make_user(other_body, Role.OFFICE)):
        client.force_login(user)
        assert client.get(url("home", body)).status_code in (403, 404)
        response = client.get(url("application", body, fundingapplication=application.pk))
        assert response.status_code == 404 and "Erika Geheim" not in text(response)
    client.logout()
    anonymous = client.get(url("application", body, fundingapplication=application.pk))
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous.url


@pytest.mark.django_db
def test_navigation_shows_funding_to_those_who_run_it(client, body, office, make_user):
    client.force_login(office)
    assert "Förderung" in text(client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})))
    client.force_login(make_user(body, Role.READER))
    assert f'href="{url("home", body)}"' not in text(
        client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug}))
    )


@pytest.mark.django_db
def test_a_reviewer_sees_the_other_scores_only_after_their_own(client, body, call, office, ki):
    application = submit(call)
    score(application, office, [10, 5])  # 60*10 + 40*5 = 800 of 1000 → 80
    review = funding.funding_reviewer_assign(actor=office, application=application, reviewer=ki)
    page_url = url("application", body, fundingapplication=application.pk)

    client.force_login(ki)
    page = text(client.get(page_url))
    assert "Die Punkte erscheinen, sobald Sie Ihr eigenes Gutachten abgegeben haben." in page
    assert "10 von 10" not in page and "Gutachten schreiben" in page
    # The office, who wrote the first review, sees it (and no total before both are in).
    client.force_login(office)
    page = text(client.get(page_url))
    assert "10 von 10" in page and "1 von 2 Gutachten abgegeben" in page

    client.force_login(ki)
    form = text(client.get(url("review", body, fundingreview=review.pk)))
    assert "Beitrag zu den Zielen (0 bis 10 Punkte, Gewicht 60)" in form
    criteria = list(call.guideline.criteria.order_by("order"))
    response = client.post(
        url("review", body, fundingreview=review.pk),
        {f"criterion_{criteria[0].pk}": "5", f"criterion_{criteria[1].pk}": "10", "comment": "Solide"},
    )
    assert response.status_code == 302
    page = text(client.get(page_url))
    assert "10 von 10" in page and "Gewichtete Bewertung beider Gutachten: 75 von 100" in page
    # The office cannot write the other's review.
    client.force_login(office)
    assert client.get(url("review", body, fundingreview=review.pk)).status_code == 403


@pytest.mark.django_db
def test_the_office_decides_pays_and_checks_through_the_pages(client, body, call, office, ki):
    application = submit(call, organisation_name="Afrikanischer Kulturverein e. V.")
    client.force_login(office)
    # Deciding before two reviews is refused with the reason at its field.
    page = text(
        client.post(
            url("decide", body, fundingapplication=application.pk),
            {"decision": "approve", "approved_amount": "1800", "reason": "Gut.", "decided_on": "2026-06-01"},
        )
    )
    assert "Vor der Entscheidung braucht es zwei Gutachten (0 abgegeben)." in page
    client.post(
        url("decide", body, fundingapplication=application.pk),
        {
            "decision": "approve",
            "approved_amount": "1800",
            "reason": "Gut.",
            "decided_on": timezone.localdate().isoformat(),
            "without_reviews_reason": "Eilfall: Projekt beginnt sofort.",
        },
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PARTLY_APPROVED and application.approved_amount == 1800

    # One click on the application's page adds the organisation to the network.
    page = text(client.get(url("application", body, fundingapplication=application.pk)))
    assert "Als Akteur ins Netzwerk aufnehmen" in page
    client.post(url("link_actor", body, fundingapplication=application.pk), {"network_actor": "", "kind": ""})
    application.refresh_from_db()
    assert application.applicant.name == "Afrikanischer Kulturverein e. V."
    assert application.applicant.kind.name == "Migrantenselbstorganisation"

    tranche_url = url("tranche_create", body, fundingapplication=application.pk)
    client.post(tranche_url, {"amount": "1000", "due_on": "2026-07-01", "paid_on": timezone.localdate().isoformat()})
    page = text(client.post(tranche_url, {"amount": "900", "due_on": "2026-09-01"}))
    assert "Die Raten würden den bewilligten Betrag von 1.800" in page
    client.post(tranche_url, {"amount": "800", "due_on": "2026-09-01"})
    assert m.PaymentTranche.objects.filter(application=application).count() == 2
    application.refresh_from_db()
    assert application.status == ApplicationStatus.FUNDED

    client.post(url("proof_create", body, fundingapplication=application.pk), {"due_on": "2027-03-31"})
    proof = application.proofs.get()
    client.post(url("proof_receive", body, proofofuse=proof.pk), {"submitted_on": timezone.localdate().isoformat()})
    client.post(
        url("proof_check", body, proofofuse=proof.pk),
        {"result": "ok", "note": "Vollständig", "checked_on": timezone.localdate().isoformat()},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.CLOSED
    page = text(client.get(url("application", body, fundingapplication=application.pk)))
    assert "In Ordnung" in page and "1.000\u00a0€ von 1.800\u00a0€ ausgezahlt" in page


@pytest.mark.django_db
def test_the_ki_sets_up_a_guideline_and_a_call(client, body, ki):
    client.force_login(ki)
    response = client.post(
        url("guideline_create", body),
        {
            "title": "Richtlinie Kleinprojekte",
            "valid_from": "2026-01-01",
            "total_budget": "30000",
            "max_amount": "3000",
            "areas": "Bildung\nSprache",
            "budget_line": "1.05.01",
        },
    )
    guideline = m.FundingGuideline.objects.get(body=body)
    assert response.url == url("guideline", body, fundingguideline=guideline.pk)
    page = text(client.post(url("guideline_activate", body, fundingguideline=guideline.pk), follow=True))
    assert "mindestens ein Kriterium" in page
    client.post(
        url("criterion_create", body, fundingguideline=guideline.pk),
        {"name": "Ziele", "weight": "100", "max_score": "5"},
    )
    client.post(url("guideline_activate", body, fundingguideline=guideline.pk))
    guideline.refresh_from_db()
    assert guideline.status == "active"
    client.post(
        url("call_create", body, fundingguideline=guideline.pk),
        {
            "title": "Aufruf Herbst",
            "opens_on": "2026-01-01",
            "deadline": "2099-10-31T23:59",
            "budget": "10000",
            "public": "on",
            "status": "open",
        },
    )
    call = m.FundingCall.objects.get(guideline=guideline)
    assert timezone.localtime(call.deadline).strftime("%d.%m.%Y %H:%M") == "31.10.2099 23:59"
    assert "Aufruf Herbst" in text(client.get(url("public_calls", body)))


# --- Overviews ------------------------------------------------------------------------------------------------------


def _grow(call, office, ki, kind_actor=None):
    """One approved application with a paid tranche, one rejected, one submitted."""
    approved = submit(call, area="Bildung", requested_amount=Decimal("3000"))
    score(approved, office, [8, 8])
    score(approved, ki, [8, 8])
    funding.funding_application_decide(
        actor=office, application=approved, approve=True, approved_amount=Decimal("2500"), reason="Gut."
    )
    if kind_actor is not None:
        funding.funding_application_link_actor(actor=office, application=approved, network_actor=kind_actor)
    funding.payment_tranche_create(
        actor=office, application=approved, amount=Decimal("1000"), due_on=date(2026, 6, 1), paid_on=date(2026, 6, 1)
    )
    rejected = submit(call, area="Sprache", requested_amount=Decimal("1000"))
    funding.funding_application_decide(
        actor=office, application=rejected, approve=False, reason="Nein.", without_reviews_reason="Formfehler."
    )
    submit(call, area="Sprache", requested_amount=Decimal("500"))


@pytest.mark.django_db
def test_overview_sums_by_status_area_and_kind_and_the_csv(client, body, call, office, ki):
    _grow(call, office, ki, kind_actor=ActorFactory(body=body))
    from querschnitt.network import selectors_funding as selectors

    overview = selectors.funding_overview(call.applications.all(), areas=call.guideline.area_list)
    assert (overview.total.count, overview.total.requested, overview.total.approved, overview.total.paid) == (
        3,
        Decimal("4500"),
        Decimal("2500"),
        Decimal("1000"),
    )
    by_area = {row.label: (row.count, row.requested, row.approved, row.paid) for row in overview.by_area}
    assert by_area == {
        "Bildung": (1, Decimal("3000"), Decimal("2500"), Decimal("1000")),
        "Arbeit": (0, Decimal("0"), Decimal("0"), Decimal("0")),  # every area of the guideline has its row
        "Sprache": (2, Decimal("1500"), Decimal("0"), Decimal("0")),
    }
    assert [row.label for row in overview.by_area] == ["Bildung", "Arbeit", "Sprache"]
    by_kind = {row.label: row.count for row in overview.by_kind}
    assert by_kind == {"Sonstige": 1, "noch keinem Akteur zugeordnet": 2}
    assert [row.label for row in overview.by_status] == ["Eingereicht", "Abgelehnt", "Gefördert (ausgezahlt)"]

    client.force_login(office)
    page = text(client.get(url("call", body, fundingcall=call.pk)))
    assert "3 Anträge: 4.500\u00a0€ beantragt, 2.500\u00a0€ bewilligt, 1.000\u00a0€ ausgezahlt." in page
    filtered = text(client.get(url("call", body, fundingcall=call.pk) + "?status=rejected"))
    assert filtered.count("FÖ-") < page.count("FÖ-")
    csv = client.get(url("call_export", body, fundingcall=call.pk))
    content = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert content.splitlines()[0].startswith("Aktenzeichen;Aufruf;Organisation")
    assert "3000,00;0,00;2500,00;1000,00" in content and "erika@example.org" not in content
    guideline_csv = client.get(url("guideline_export", body, fundingguideline=call.guideline.pk))
    assert guideline_csv.content.decode("utf-8-sig").count("\r\n") == 4


@pytest.mark.django_db
def test_funding_pages_pin_their_queries(client, body, call, office, ki, django_assert_max_num_queries):
    guideline = call.guideline
    client.force_login(office)
    application = None

    def pages():
        return [
            url("home", body),
            url("guideline", body, fundingguideline=guideline.pk),
            url("call", body, fundingcall=call.pk),
            url("public_calls", body),
            url("public_call", body, fundingcall=call.pk),
            url("application", body, fundingapplication=application.pk),
        ]

    _grow(call, office, ki, kind_actor=ActorFactory(body=body))
    application = call.applications.order_by("pk").first()
    counts = {}
    for page in pages():
        with django_assert_max_num_queries(40) as queries:
            assert client.get(page).status_code == 200
        counts[page] = len(queries)
    for _ in range(3):
        _grow(call, office, ki, kind_actor=ActorFactory(body=body))
        FundingCallFactory(guideline=guideline, public=True, status=CallStatus.OPEN)
        FundingAttachmentFactory(application=application)
    for page in pages():
        with django_assert_max_num_queries(counts[page]):
            assert client.get(page).status_code == 200


# --- Measures -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_funded_project_is_linked_to_a_measure_of_the_same_body(client, body, other_body, call, office, ki):
    _grow(call, office, ki)
    funded = call.applications.get(status=ApplicationStatus.FUNDED)
    measure = MeasureFactory(body=body)
    client.force_login(office)
    measure_url = reverse("strategy:measure", kwargs={"body": body.slug, "measure": measure.pk})
    page = text(client.get(measure_url))
    assert f"{funded.reference}: {funded.title}" in page  # offered in the form
    client.post(
        reverse("strategy:measure_funding_link", kwargs={"body": body.slug, "measure": measure.pk}),
        {"funding_application": funded.pk},
    )
    assert list(measure.funding_applications.all()) == [funded]
    page = text(client.get(url("application", body, fundingapplication=funded.pk)))
    assert measure.title in page
    # Another body's measure refuses the link.
    foreign = MeasureFactory(body=other_body)
    with pytest.raises(Exception, match="derselben Körperschaft"):
        strategy_services.measure_link_funding(actor=None, measure=foreign, application=funded)
    client.post(
        reverse(
            "strategy:measure_funding_unlink",
            kwargs={"body": body.slug, "measure": measure.pk, "fundingapplication": funded.pk},
        )
    )
    assert not measure.funding_applications.exists()
    assert measure.history.count() >= 1


@pytest.mark.django_db
def test_a_reader_cannot_link_funded_projects(client, body, call, make_user):
    application = FundingApplicationFactory(call=call)
    measure = MeasureFactory(body=body)
    client.force_login(make_user(body, Role.READER))
    response = client.post(
        reverse("strategy:measure_funding_link", kwargs={"body": body.slug, "measure": measure.pk}),
        {"funding_application": application.pk},
    )
    assert response.status_code == 403 and not measure.funding_applications.exists()
