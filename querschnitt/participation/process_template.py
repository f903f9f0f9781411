"""The standard workshop process of seed 003 (Integrationsworkshop für Kommunen), copied into every new process.

Phases and their usual distance: a half-day preparation workshop with the decision makers; about a month later the
two-day workshop; about half a year after the workshop a follow-up meeting with the decision makers; about a year
after the workshop the council decision. The guiding questions of the two workshop days are the seed's own words.
Checklists and the short programmes of the other phases are suggestions drawn from seeds 003 and 004; everything
copied is editable in the process.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .models import PhaseKind


@dataclass(frozen=True)
class DayTemplate:
    title: str
    subtitle: str
    programme: tuple[str, ...]
    offset_days: int = 0  # from the phase's first day


@dataclass(frozen=True)
class PhaseTemplate:
    kind: str
    title: str
    offset_months: int
    after: str | None  # the phase the offset counts from; None: the start of the process
    duration_days: int
    days: tuple[DayTemplate, ...]
    checklist: tuple[str, ...]


DAY_1 = DayTemplate(
    title="Tag 1: Sensibilisieren und Positionieren",
    subtitle="Von der Bestandsaufnahme zur strategischen Ausrichtung",
    programme=(
        "Was verstehen wir unter dem Begriff Integration?",
        "Wie gelingt das Miteinander der Menschen vor Ort?",
        "Welche subjektiven Sichtweisen sind jeweils vorhanden? Welche Dialogstrukturen gibt es bereits?",
        "Welche Handlungsfelder sind bei uns relevant? Worauf sind wir stolz? Wo liegt Veränderungsbedarf?",
        "Welche Bedeutung haben die Daten und Fakten in Hinblick auf Bevölkerung, Wirtschaft und Gesellschaft?",
        "Welche Leitziele werden in den jeweiligen kommunalpolitischen Handlungsfeldern verfolgt?",
    ),
)
DAY_2 = DayTemplate(
    title="Tag 2: Realisieren",
    subtitle="Vom Nischenthema zum Standortfaktor",
    programme=(
        "Welche Potenziale haben Zuwanderer?",
        "Wie kann Integrationspolitik strategisch geplant werden?",
        "Wie können Leitziele, Jahresziele und Projektideen für ausgewählte Handlungsfelder lauten?",
        "Welche Kennzahlen sind relevant, um den Erfolg zu messen?",
        "Wie können kommunales Projektmanagement und Netzwerkarbeit vor Ort aussehen?",
        "Welche konkreten Schritte sind zu planen?",
    ),
    offset_days=1,
)

PHASES: tuple[PhaseTemplate, ...] = (
    PhaseTemplate(
        kind=PhaseKind.PREPARATION,
        title="Vorbereitungsworkshop mit den Entscheidern",
        offset_months=0,
        after=None,
        duration_days=1,
        days=(
            DayTemplate(
                title="Vorbereitungsworkshop (halbtägig)",
                subtitle="Mit den Entscheidern aus Rat und Verwaltung",
                programme=(
                    "Welche Ziele verfolgen wir mit dem Integrationsworkshop?",
                    "Wer nimmt teil? Kommunalpolitiker, Verwaltung, Migrantenorganisationen und Verbände "
                    "(höchstens 40 Teilnehmende)",
                    "Welche Daten und Fakten bereiten wir für den Workshop auf?",
                ),
            ),
        ),
        checklist=(
            "Termin und Ort des Vorbereitungsworkshops festlegen",
            "Entscheider aus Rat und Verwaltung einladen",
            "Teilnehmerkreis des zweitägigen Workshops festlegen (höchstens 40 Teilnehmende)",
            "Daten und Fakten zu Bevölkerung, Wirtschaft und Gesellschaft zusammenstellen",
            "Termin des zweitägigen Workshops festlegen",
        ),
    ),
    PhaseTemplate(
        kind=PhaseKind.WORKSHOP,
        title="Integrationsworkshop",
        offset_months=1,
        after=PhaseKind.PREPARATION,
        duration_days=2,
        days=(DAY_1, DAY_2),
        checklist=(
            "Einladungen versenden",
            "Trainingsunterlagen für alle Teilnehmenden bereitstellen",
            "Handlungsfelder für die Punktabfrage vorbereiten",
            "Punktabfrage durchführen und das Ergebnis in das Integrationskonzept übernehmen",
            "Ergebnisse der Arbeitsgruppen festhalten",
            "Kurzfassung der Ergebnisse an die Teilnehmenden versenden",
        ),
    ),
    PhaseTemplate(
        kind=PhaseKind.FOLLOW_UP,
        title="Nachbereitungstreffen mit den Entscheidern",
        offset_months=6,
        after=PhaseKind.WORKSHOP,
        duration_days=1,
        days=(
            DayTemplate(
                title="Nachbereitungstreffen",
                subtitle="Mit den Entscheidern",
                programme=(
                    "Wie realistisch ist die Umsetzung der erarbeiteten Ziele?",
                    "Soll das Ergebnis des Workshops als Votum in den Rat gegeben werden?",
                    "Wie wird der Umsetzungsprozess gesteuert, und wer gehört der Steuerungsgruppe an?",
                ),
            ),
        ),
        checklist=(
            "Stand der Umsetzung der Jahresziele zusammenstellen",
            "Entscheider zum Nachbereitungstreffen einladen",
            "Gesamtdokumentation des Workshops erstellen",
        ),
    ),
    PhaseTemplate(
        kind=PhaseKind.COUNCIL_DECISION,
        title="Ratsbeschluss über das Integrationskonzept",
        offset_months=12,
        after=PhaseKind.WORKSHOP,
        duration_days=0,
        days=(),
        checklist=(
            "Beschlussvorlage erstellen",
            "Beratung im Ausschuss für Chancengerechtigkeit und Integration",
            "Beschluss des Rats bzw. Kreistags",
            "Integrationskonzept als beschlossen eintragen",
        ),
    ),
)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the last day of the month where that day does not exist (31.01. + 1 → 28.02.)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_dates(start: date) -> dict[str, tuple[date, date | None]]:
    """Start and end of every phase for a process starting on `start` (the preparation workshop)."""
    dates: dict[str, tuple[date, date | None]] = {}
    for phase in PHASES:
        anchor = start if phase.after is None else dates[phase.after][0]
        first = add_months(anchor, phase.offset_months)
        last = first + timedelta(days=phase.duration_days - 1) if phase.duration_days > 1 else None
        dates[phase.kind] = (first, last)
    return dates
