"""Demo of the coaching (issue 7): the committee of Stadt Neuss is coached by the Landesintegrationsrat. The research
and the on-site meeting are done, the materials are being prepared, two topics are agreed and the next follow-up
is in January 2027. Idempotent: nothing is added once Neuss has an engagement."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from querschnitt.tenancy.models import Body

from . import services_coaching as services
from .models import CoachingDocumentKind, CoachingEngagement, CoachingStepKind, CoachingTopic, StepStatus
from .topics import add_default_topics

NEUSS_SLUG = "neuss"
TOPICS = ["Strukturen für die Integrationsratsarbeit", "Idee und Selbstverständnis eines Integrationsrates"]

MODEL_AGENDA = """Muster-Tagesordnung für eine Sitzung des Ausschusses für Chancengerechtigkeit und Integration

Öffentlicher Teil
1. Eröffnung, Feststellung der ordnungsgemäßen Einladung und der Beschlussfähigkeit
2. Genehmigung der Niederschrift der letzten Sitzung
3. Mitteilungen der Verwaltung und der Vorsitzenden
4. Bericht aus den Arbeitskreisen
5. Anträge der Mitglieder
6. Stellungnahmen zu Vorlagen der Fachausschüsse (Beratungsfolge)
7. Anfragen
8. Verschiedenes
"""


def _user(context: dict[str, Any], local: str) -> Any:
    from querschnitt.accounts.models import User

    users = context.get("users") or {}
    return users.get(local) or User.objects.get(email=f"{local}@querschnitt.example")


def load(context: dict[str, Any]) -> None:
    # The catalogue comes with a data migration; a database emptied since (a flushed test database) gets it back.
    add_default_topics(CoachingTopic)
    neuss = (context.get("municipalities") or {}).get("Neuss") or Body.objects.get(slug=NEUSS_SLUG)
    if CoachingEngagement.objects.filter(body=neuss).exists():
        return
    office, coach = _user(context, "neuss"), _user(context, "lir")
    topics = list(CoachingTopic.objects.filter(title__in=TOPICS))
    engagement = services.coaching_engagement_request(
        actor=office,
        body=neuss,
        request_text=(
            "Unser Ausschuss hat sich nach der Kommunalwahl 2025 neu konstituiert. Wir möchten klären, wie wir "
            "in die Beratungsfolgen des Rates kommen, und unsere Geschäftsordnung und die Geschäftsführung neu "
            "aufstellen."
        ),
        topics=topics,
        other_topics="Zusammenarbeit mit dem Kommunalen Integrationszentrum des Rhein-Kreises Neuss",
        requested_on=date(2026, 9, 10),
        notify=False,
    )
    services.coaching_engagement_decide(actor=coach, engagement=engagement, accept=True, coach=coach)
    services.coaching_engagement_update(
        actor=coach,
        engagement=engagement,
        coach=coach,
        topics=topics,
        other_topics=engagement.other_topics,
        follow_up_on=date(2027, 1, 20),
    )
    steps = {step.kind: step for step in engagement.steps.all()}
    services.coaching_step_update(
        actor=coach,
        step=steps[CoachingStepKind.RESEARCH],
        status=StepStatus.DONE,
        planned_on=date(2026, 9, 20),
        done_on=date(2026, 9, 24),
        note=(
            "Hauptsatzung (§ 8) und Internetauftritt der Stadt gelesen. Eine eigene Zuständigkeitsordnung für den "
            "Ausschuss gibt es nicht; die Geschäftsstelle ist beim Amt für Integration angesiedelt."
        ),
        statutes=list(neuss.statutes.all()),
    )
    services.coaching_step_update(
        actor=coach,
        step=steps[CoachingStepKind.MEETING],
        status=StepStatus.DONE,
        planned_on=date(2026, 10, 8),
        done_on=date(2026, 10, 8),
        note="Kennenlernen mit Vorsitz und Geschäftsstelle; Themen der Vertiefung vereinbart.",
    )
    services.coaching_step_update(
        actor=coach,
        step=steps[CoachingStepKind.MATERIALS],
        status=StepStatus.RUNNING,
        planned_on=date(2026, 12, 15),
        note="Überarbeitungsvorschlag für die Geschäftsordnung und eine Muster-Tagesordnung in Arbeit.",
    )
    services.coaching_session_create(
        actor=coach,
        engagement=engagement,
        date=date(2026, 10, 8),
        place="Rathaus Neuss, Raum 2.14",
        participants="Vorsitzende, stellvertretender Vorsitzender, Geschäftsstelle (Nadia Haddad), Leonie Wagner (LIR)",
        notes=(
            "Der Ausschuss wird bisher nur selten in der Beratungsfolge beteiligt; Vorlagen der Fachausschüsse "
            "kommen oft erst nach der Entscheidung. Ziel: Festschreibung in Hauptsatzung und Geschäftsordnung.\n"
            "Die Geschäftsstelle hat eine halbe Stelle; Wunsch nach einem Modell der Geschäftsführung.\n"
            "Vereinbart: Vertiefung „Strukturen für die Integrationsratsarbeit“ und „Idee und Selbstverständnis“ "
            "in einer Klausurtagung im Frühjahr."
        ),
        follow_up_on=date(2027, 1, 20),
    )
    services.coaching_document_create(
        actor=coach,
        engagement=engagement,
        kind=CoachingDocumentKind.MODEL_AGENDA,
        title="Muster-Tagesordnung (Entwurf)",
        upload=SimpleUploadedFile("muster-tagesordnung.txt", MODEL_AGENDA.encode(), content_type="text/plain"),
    )
