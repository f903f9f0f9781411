"""Demo of the report builder: the „Integrationsbericht Rhein-Kreis Neuss“ on the demo concept, with texts drawn
from seed 004, one version built (its PDF and DOCX generated at once) and published. Idempotent."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from querschnitt.core.documents import document_build_run, latest_document_build
from querschnitt.core.models import DocumentBuildStatus

from .models import Report, ReportSection, ReportVersion
from .report_documents import KIND
from .services_reports import report_create, report_text_set, report_version_build, report_version_publish

TITLE = "Integrationsbericht Rhein-Kreis Neuss"
PERIOD_START = date(2010, 9, 20)  # the first day of the integration workshop (seed 004)

TEXTS = {
    ReportSection.INTRODUCTION: (
        "Raus aus der „Nische“ – Integrationspolitik strategisch steuern! Mit dem Integrationsworkshop am 20.09.2010, "
        "05.11.2010, 06.11.2010 und 05.04.2011 hat der Rhein-Kreis Neuss Leitziele, Jahresziele und Maßnahmen für "
        "die Integrationsarbeit entwickelt. Der Kreistag hat am 08.12.2010 die Durchführung eines Integrationsgipfels "
        "im Jahre 2012 begrüßt und einstimmig der Einrichtung einer Steuerungsgruppe Integration zugestimmt.\n\n"
        "Zu den Aufgaben der Steuerungsgruppe gehört die **Herausgabe eines Integrationsberichtes** mit "
        "Zielgruppenbeschreibung unter Nutzung der Geodaten. Dieser Bericht zeigt, was aus den Zielen geworden ist:\n\n"
        "- die Themenprioritäten des Workshops,\n"
        "- je Handlungsfeld die Leitziele, Jahresziele, Indikatoren mit ihren Werten und die Maßnahmen,\n"
        "- die Evaluation, die Beteiligung, die Beschlüsse und die Förderung.\n\n"
        "Die Werte der Indikatoren und die Bewertung sind Demodaten (fiktiv)."
    ),
    ReportSection.PRIORITIES: (
        "Im Verlauf des Integrationsworkshops haben sich folgende Themenprioritäten ergeben. Optionen mit gleicher "
        "Punktzahl teilen sich einen Rang."
    ),
    ReportSection.FIELDS: (
        "Zielorientierung vor Maßnahmenentwicklung: Der Entwurf der Leitbilder steht an erster Stelle des "
        "Strategiezirkels. In Gruppenarbeit wurden die nachfolgenden Leitziele, Jahresziele und Maßnahmen für die "
        "weitere Integrationsarbeit im Rhein-Kreis Neuss entwickelt."
    ),
    ReportSection.EVALUATION: (
        "Um die Wirkung der Maßnahmen und die Erreichung der Ziele zu überprüfen, ist im letzten Schritt eine "
        "Evaluation notwendig. Je nach Ergebnis sind die Maßnahmen zu hinterfragen, nachzubessern, zu verändern oder "
        "zu verstärken."
    ),
    ReportSection.PARTICIPATION: (
        "Alle Teilnehmer haben das Ergebnis des Workshops einstimmig mitgetragen. Einmal im Jahr soll eine "
        "Integrationskonferenz oder ein Integrationsgipfel zu einem bestimmten Thema mit einem größeren "
        "Teilnehmerkreis stattfinden."
    ),
}


def load(context: dict[str, Any]) -> None:
    concept = context["concept"]
    kreis = context["kreis"]
    actor = context.get("users", {}).get("ki")
    report = Report.objects.filter(body=kreis, title=TITLE).first()
    if report is None:
        report = report_create(
            actor=actor,
            body=kreis,
            concept=concept,
            title=TITLE,
            period_start=PERIOD_START,
            period_end=date(timezone.localdate().year, 12, 31),
        )
        for section, text in TEXTS.items():
            report_text_set(actor=actor, report=report, section=section, text=text)
    version = report.versions.order_by("-number").first()
    if version is None:
        version = report_version_build(actor=actor, report=report, note="Demo: erste Fassung")
    build_now(version)
    if not version.published:
        report_version_publish(actor=actor, version=version)
    context["report"] = report
    context["report_version"] = version


def build_now(version: ReportVersion) -> None:
    """Generate the version's files at once when no worker has done it yet (the demo has no worker running)."""
    build = latest_document_build(KIND, version)
    if build is not None and build.status == DocumentBuildStatus.QUEUED:
        document_build_run(build_id=build.pk)
