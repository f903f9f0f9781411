"""Demo funding of the Rhein-Kreis Neuss: a guideline for the funding of migrant organisations, a call of 2026 whose
deadline has passed and an open call, with applications in every state of their path.

Everything here is invented for the demo and marked so: the wording of the guideline („Demo-Fassung“), the budget
line, the projects, the organisations that are not actors of the seed (marked „(fiktiv)“) and every contact person
(`@example.org`). Where a seed actor fits, it applies (Migrantenselbstorganisationen im Rhein-Kreis Neuss,
Kreissportbund). The funding areas are the fields of action of the demo concept. The office (Gabriele Schmitz) and
the integration centre (Kemal Yılmaz) are the reviewers; the integration centre's review of the open call's first
application is still to be written, so that the KI demo login finds it on its funding page.

Dates are relative to the day the demo is loaded, so that the open call is always open and the proof of use is due
soon. Running the demo again changes nothing (the guideline is found by its title).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from . import services_funding as funding
from .models import Actor
from .models_funding import CallStatus, FundingApplication, FundingGuideline, FundingReview

BERLIN = ZoneInfo("Europe/Berlin")
GUIDELINE_TITLE = "Richtlinie zur Förderung von Migrantenselbstorganisationen"
PAST_CALL = "Förderaufruf 2026"
OPEN_CALL = "Förderaufruf 2027: Kleinprojekte"

GUIDELINE_TEXT = """Demo-Fassung – erfundener Wortlaut, keine geltende Richtlinie.

§ 1 Zweck: Der Rhein-Kreis Neuss fördert Projekte von Migrantenselbstorganisationen, die zu den Zielen des
Integrationskonzepts beitragen und die Teilhabe von Menschen mit Einwanderungsgeschichte stärken.

§ 2 Antragsberechtigt sind gemeinnützige Vereine und Initiativen mit Sitz im Rhein-Kreis Neuss, in denen
Menschen mit Einwanderungsgeschichte sich selbst organisieren.

§ 3 Gefördert werden Sach- und Honorarkosten bis 5.000 € je Antrag. Ein Eigenanteil von 10 % (Geld oder
ehrenamtliche Arbeit) ist erwünscht.

§ 4 Jeder Antrag wird von zwei Personen nach den veröffentlichten Kriterien bewertet. Über die Förderung
entscheidet die Geschäftsstelle.

§ 5 Die Verwendung ist bis drei Monate nach Projektende nachzuweisen (Sachbericht und Belegliste)."""

AREAS = "Bildung\nArbeit\nSprache\nPartizipation\nInterkulturelle Öffnung\nWillkommenskultur"

CRITERIA = [
    ("Beitrag zu den Zielen des Integrationskonzepts", "Passt das Projekt zu Leit- und Jahreszielen?", 35),
    ("Selbstorganisation und Beteiligung der Zielgruppe", "Planen und tragen Betroffene das Projekt selbst?", 25),
    ("Vernetzung und Nachhaltigkeit", "Kooperationen im Netzwerk; was bleibt nach dem Projekt?", 20),
    ("Wirtschaftlichkeit des Finanzplans", "Angemessene Kosten, Eigenanteil, Kostenplan nachvollziehbar.", 20),
]

# Reviews as points per criterion (in the order above).
STRONG = [9, 8, 7, 8]
GOOD = [7, 7, 6, 7]
WEAK = [3, 4, 2, 5]


def _moment(day: Any, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=BERLIN)


def _data(**fields: Any) -> funding.ApplicationData:
    return funding.ApplicationData(**fields)


def _review(application: FundingApplication, reviewer: Any, points: list[int], comment: str, on: Any = None) -> None:
    review = funding.funding_reviewer_assign(actor=reviewer, application=application, reviewer=reviewer)
    criteria = list(application.call.guideline.criteria.order_by("order", "pk"))
    funding.funding_review_submit(
        actor=reviewer,
        review=review,
        scores={criterion.pk: score for criterion, score in zip(criteria, points, strict=True)},
        comment=comment,
    )
    if on is not None:  # a review of the past call was written before its decision, not on the day of the demo
        FundingReview.objects.filter(pk=review.pk).update(submitted_at=_moment(on))


def load_funding(context: dict) -> None:
    kreis = context["kreis"]
    if FundingGuideline.objects.filter(body=kreis, title=GUIDELINE_TITLE).exists():
        return
    users = context["users"]
    office, ki = users["geschaeftsstelle"], users["ki"]
    actors: dict[str, Actor] = context.get("network_actors", {})
    today = timezone.localdate()
    now = timezone.now()

    guideline = funding.funding_guideline_create(
        actor=office,
        body=kreis,
        title=GUIDELINE_TITLE,
        valid_from=today.replace(month=1, day=1),
        total_budget=Decimal("60000"),
        max_amount=Decimal("5000"),
        budget_line="1.05.01.531800 (Demo)",
        areas=AREAS,
        text=GUIDELINE_TEXT,
    )
    for order, (name, description, weight) in enumerate(CRITERIA, start=1):
        funding.funding_criterion_create(
            actor=office,
            guideline=guideline,
            name=name,
            description=description,
            weight=weight,
            max_score=10,
            order=order,
        )
    funding.funding_guideline_activate(actor=office, guideline=guideline)

    # --- The call of 2026: its deadline has passed ---------------------------------------------------------------
    deadline = min(datetime(2026, 3, 31, 23, 59, tzinfo=BERLIN), now - timedelta(days=120))
    opened = timezone.localtime(deadline).date() - timedelta(days=75)
    past = funding.funding_call_create(
        actor=office,
        guideline=guideline,
        title=PAST_CALL,
        opens_on=opened,
        deadline=deadline,
        budget=Decimal("30000"),
        public=True,
        status=CallStatus.OPEN,
        description="Demo: der erste Aufruf nach der Richtlinie. Anträge waren bis zum 31. März möglich.",
    )
    before = timezone.localtime(deadline).date()

    def submit(call: Any, days_before: int, **fields: Any) -> FundingApplication:
        return funding.funding_application_submit(
            call=call,
            data=_data(**fields),
            consent=True,
            now=_moment(timezone.localtime(call.deadline).date() - timedelta(days=days_before)),
            notify=False,
        )

    homework = submit(
        past,
        40,
        organisation_name=actors["mso"].name
        if "mso" in actors
        else "Migrantenselbstorganisationen im Rhein-Kreis Neuss",
        contact_name="Aylin Beispiel",
        contact_email="aylin.beispiel@example.org",
        title="Hausaufgabenhilfe und Elterncafé",
        description="Zweimal wöchentlich Hausaufgabenhilfe für Grundschulkinder, dazu ein Elterncafé mit "
        "Informationen zum Schulsystem (Demo).",
        area="Bildung",
        requested_amount=Decimal("4800"),
        own_contribution=Decimal("600"),
        period_start=before + timedelta(days=30),
        period_end=before + timedelta(days=270),
    )
    sport = submit(
        past,
        30,
        organisation_name=actors["ksb"].name if "ksb" in actors else "Kreissportbund Rhein-Kreis Neuss",
        contact_name="Tobias Muster",
        contact_email="tobias.muster@example.org",
        title="Interkulturelles Sportfest",
        description="Ein Sportfest mit Vereinen und Migrantenselbstorganisationen aus allen Kommunen des Kreises "
        "(Demo).",
        area="Partizipation",
        requested_amount=Decimal("3500"),
        own_contribution=Decimal("1500"),
        period_start=before + timedelta(days=60),
        period_end=before + timedelta(days=90),
    )
    language = submit(
        past,
        20,
        organisation_name="Deutsch-Arabischer Frauenverein Dormagen e. V. (fiktiv)",
        contact_name="Samira Beispiel",
        contact_email="samira.beispiel@example.org",
        title="Sprachcafé für Frauen",
        description="Wöchentliches Sprachcafé mit Kinderbetreuung für neu zugewanderte Frauen (Demo).",
        area="Sprache",
        requested_amount=Decimal("2400"),
        own_contribution=Decimal("240"),
        period_start=before + timedelta(days=30),
        period_end=before + timedelta(days=120),
    )
    festival = submit(
        past,
        10,
        organisation_name="Kulturverein Vielfalt Grevenbroich e. V. (fiktiv)",
        contact_name="Jonas Platzhalter",
        contact_email="jonas.platzhalter@example.org",
        title="Festival der Kulturen",
        description="Ein eintägiges Fest mit Musik und Essen aus aller Welt (Demo).",
        area="Willkommenskultur",
        requested_amount=Decimal("5000"),
        period_start=before + timedelta(days=100),
        period_end=before + timedelta(days=100),
    )
    mentoring = submit(
        past,
        5,
        organisation_name="Verein der Eltern aus Polen im Rhein-Kreis Neuss e. V. (fiktiv)",
        contact_name="Marta Beispiel",
        contact_email="marta.beispiel@example.org",
        title="Ausbildungspatenschaften",
        description="Ehrenamtliche Patinnen und Paten begleiten Jugendliche in die Ausbildung (Demo).",
        area="Arbeit",
        requested_amount=Decimal("3000"),
        own_contribution=Decimal("500"),
        period_start=before + timedelta(days=30),
        period_end=before + timedelta(days=300),
    )
    decided = before + timedelta(days=21)
    reviewed = before + timedelta(days=12)

    # Approved, with two tranches of which one is paid.
    _review(homework, office, STRONG, "Sehr gut begründet, klare Zielgruppe.", on=reviewed)
    _review(homework, ki, GOOD, "Gut; Kooperation mit den Grundschulen ausbauen.", on=reviewed)
    funding.funding_application_decide(
        actor=office,
        application=homework,
        approve=True,
        approved_amount=Decimal("4800"),
        reason="Beide Gutachten empfehlen die Förderung (Demo).",
        decided_on=decided,
    )
    funding.funding_application_link_actor(actor=office, application=homework, network_actor=actors.get("mso"))
    funding.payment_tranche_create(
        actor=office,
        application=homework,
        amount=Decimal("2400"),
        due_on=decided + timedelta(days=14),
        paid_on=decided + timedelta(days=14),
    )
    funding.payment_tranche_create(
        actor=office,
        application=homework,
        amount=Decimal("2400"),
        due_on=today + timedelta(days=30),
        note="nach Zwischenbericht",
    )

    # Rejected after two reviews.
    _review(festival, office, WEAK, "Kaum Bezug zu den Zielen; Eigenanteil fehlt.", on=reviewed)
    _review(festival, ki, WEAK, "Einmaliges Fest ohne nachhaltige Wirkung.", on=reviewed)
    funding.funding_application_decide(
        actor=office,
        application=festival,
        approve=False,
        reason="Die Gutachten sehen keinen ausreichenden Beitrag zu den Zielen des Integrationskonzepts (Demo).",
        decided_on=decided,
    )

    # Partly approved and fully paid; its proof of use is due soon.
    _review(language, office, GOOD, "Wichtiges Angebot.", on=reviewed)
    _review(language, ki, STRONG, "Sehr niedrigschwellig, gute Vernetzung mit den Kursträgern.", on=reviewed)
    funding.funding_application_decide(
        actor=office,
        application=language,
        approve=True,
        approved_amount=Decimal("2000"),
        reason="Gefördert ohne die Kosten für Werbematerial (Demo).",
        decided_on=decided,
    )
    funding.payment_tranche_create(
        actor=office,
        application=language,
        amount=Decimal("2000"),
        due_on=decided + timedelta(days=10),
        paid_on=decided + timedelta(days=10),
    )
    funding.proof_of_use_create(actor=office, application=language, due_on=today + timedelta(days=10))

    # Approved, paid, proof of use received and checked: closed.
    _review(sport, office, GOOD, "Gute Vernetzung im Kreis.", on=reviewed)
    _review(sport, ki, GOOD, "Eigenanteil vorbildlich.", on=reviewed)
    funding.funding_application_decide(
        actor=office,
        application=sport,
        approve=True,
        approved_amount=Decimal("3500"),
        reason="Förderung wie beantragt (Demo).",
        decided_on=decided,
    )
    funding.funding_application_link_actor(actor=office, application=sport, network_actor=actors.get("ksb"))
    funding.payment_tranche_create(
        actor=office,
        application=sport,
        amount=Decimal("3500"),
        due_on=decided + timedelta(days=10),
        paid_on=decided + timedelta(days=10),
    )
    proof = funding.proof_of_use_create(actor=office, application=sport, due_on=today - timedelta(days=20))
    funding.proof_of_use_submit(
        actor=office,
        proof=proof,
        note="Sachbericht und Belegliste per Post (Demo).",
        submitted_on=today - timedelta(days=25),
    )
    funding.proof_of_use_check(
        actor=office, proof=proof, result="ok", note="Belege vollständig.", checked_on=today - timedelta(days=5)
    )

    # Still in review: one review is in.
    _review(mentoring, office, GOOD, "Sinnvoll; Zahl der Patenschaften realistisch?", on=reviewed)
    funding.funding_reviewer_assign(actor=office, application=mentoring, reviewer=ki)

    funding.funding_call_update(actor=office, call=past, status=CallStatus.CLOSED)

    # --- The open call ---------------------------------------------------------------------------------------------
    open_deadline = max(datetime(2027, 1, 31, 23, 59, tzinfo=BERLIN), now + timedelta(days=60))
    open_call = funding.funding_call_create(
        actor=office,
        guideline=guideline,
        title=OPEN_CALL,
        opens_on=today - timedelta(days=14),
        deadline=open_deadline,
        budget=Decimal("20000"),
        public=True,
        status=CallStatus.OPEN,
        description="Demo: Kleinprojekte bis 5.000 € aus allen Handlungsfeldern des Integrationskonzepts. Anträge "
        "ohne Anmeldung über das Formular dieser Seite.",
    )
    newcomers = funding.funding_application_submit(
        call=open_call,
        data=_data(
            organisation_name="Afrikanischer Kulturverein Meerbusch e. V. (fiktiv)",
            contact_name="Kofi Beispiel",
            contact_email="kofi.beispiel@example.org",
            title="Willkommenspaten für Neuzugewanderte",
            description="Ehrenamtliche begleiten neu zugewanderte Familien in den ersten Monaten zu Ämtern, Schulen "
            "und Vereinen (Demo).",
            area="Willkommenskultur",
            requested_amount=Decimal("2500"),
            own_contribution=Decimal("400"),
            period_start=today + timedelta(days=90),
            period_end=today + timedelta(days=300),
        ),
        consent=True,
        files=[ContentFile(b"Kostenplan (Demo)\nHonorare: 1.500 EUR\nSachkosten: 1.000 EUR\n", name="kostenplan.txt")],
        notify=False,
    )
    _review(newcomers, office, STRONG, "Überzeugend, passt zum Handlungsfeld Willkommenskultur.")
    funding.funding_reviewer_assign(actor=office, application=newcomers, reviewer=ki)
    funding.funding_application_submit(
        call=open_call,
        data=_data(
            organisation_name="Türkisch-Deutscher Elternbund Kaarst e. V. (fiktiv)",
            contact_name="Emre Muster",
            contact_email="emre.muster@example.org",
            title="Elternlotsen an weiterführenden Schulen",
            description="Eltern mit Einwanderungsgeschichte informieren andere Eltern über Schulwege und "
            "Abschlüsse (Demo).",
            area="Bildung",
            requested_amount=Decimal("4000"),
            own_contribution=Decimal("800"),
            period_start=today + timedelta(days=120),
            period_end=today + timedelta(days=365),
        ),
        consent=True,
        notify=False,
    )
    context["funding_calls"] = {"past": past, "open": open_call}
