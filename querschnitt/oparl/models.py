"""The OParl import: where a body's council information system is (`OParlSource`), what each import did
(`ImportRun`), and what of an imported paper has no place in `committees.Paper` (`ImportedPaper`).

The imported objects themselves are ordinary committee objects (Organization, Person, Meeting, Paper …) whose
`external_id` holds their OParl id in the source system; see `services.oparl_import_run`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from querschnitt.committees.models import Paper
from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

# The kinds of objects an import counts, in the order they are imported (and shown).
COUNTED_TYPES = (
    "organization",
    "person",
    "membership",
    "location",
    "meeting",
    "agendaItem",
    "paper",
    "consultation",
    "file",
)
COUNTERS = ("created", "updated", "unchanged", "deleted", "skipped")


class OParlSource(TimeStampedModel):
    """The OParl system (or one body in it) that a body imports from: usually the council information system
    (Ratsinformationssystem) of the municipality."""

    body = models.OneToOneField(Body, on_delete=models.CASCADE, related_name="oparl_source", verbose_name=_("body"))
    url = models.URLField(
        _("address of the OParl interface"),
        max_length=500,
        help_text=_(
            "The address of the body in the council information system (OParl “Body”), or of the whole system "
            "(OParl “System”): then the body with the same municipality key is chosen."
        ),
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("For example “Ratsinformationssystem”."))
    body_url = models.URLField(_("body in the source system"), max_length=500, blank=True, editable=False)
    active = models.BooleanField(
        _("import regularly"),
        default=True,
        help_text=_("Active sources are imported by the regular run of the command “oparl_import”."),
    )
    last_success_at = models.DateTimeField(
        _("last complete import"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The next import asks only for what changed since then."),
    )

    class Meta:
        verbose_name = _("OParl source")
        verbose_name_plural = _("OParl sources")
        ordering = ["body__name"]

    def __str__(self) -> str:
        return self.name or self.url


class ImportRun(TimeStampedModel):
    """One import: when, by whom, how it ended, what it did per kind of object, and its log.

    `counters` maps a type of `COUNTED_TYPES` to counts of `COUNTERS`. `log` is a list of entries
    `{"level": "info"|"warning"|"error", "message": <English msgid>, "params": {...}, "url": <str>}`; the message is
    translated when it is shown (`log_lines`), so that each reader sees it in their language.
    """

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        OK = "ok", _("Successful")
        PARTIAL = "partial", _("With problems")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(OParlSource, on_delete=models.CASCADE, related_name="runs", verbose_name=_("source"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    started = models.DateTimeField(_("started"), default=timezone.now)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    full = models.BooleanField(_("full import"), default=True)
    modified_since = models.DateTimeField(_("changes since"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    requests = models.PositiveIntegerField(_("requests"), default=0)
    counters = models.JSONField(_("counters"), default=dict, blank=True)
    log = models.JSONField(_("log"), default=list, blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} {timezone.localtime(self.started):%d.%m.%Y %H:%M}"

    def count(self, kind: str, counter: str) -> int:
        return int(self.counters.get(kind, {}).get(counter, 0))

    def total(self, counter: str) -> int:
        return sum(int(counts.get(counter, 0)) for counts in self.counters.values())

    def counter_rows(self) -> list[dict[str, Any]]:
        """One row per type that was counted, in import order: {"kind", "label", "created", "updated", …}."""
        rows = []
        for kind in COUNTED_TYPES:
            counts = self.counters.get(kind)
            if counts and any(counts.values()):
                rows.append({"kind": kind, "label": str(TYPE_LABELS[kind]), **{c: counts.get(c, 0) for c in COUNTERS}})
        return rows

    def log_lines(self, level: str | None = None) -> list[dict[str, str]]:
        """The log, translated: a list of {"level", "text", "url"}."""
        lines = []
        for entry in self.log:
            if level is not None and entry.get("level") != level:
                continue
            lines.append(
                {"level": entry.get("level", "info"), "text": render_message(entry), "url": entry.get("url", "")}
            )
        return lines


def render_message(entry: dict[str, Any]) -> str:
    """A log entry in the active language (its msgid is marked with gettext_noop where it is written)."""
    text = gettext(entry.get("message", ""))
    params = entry.get("params") or {}
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return f"{text} {params}"


# Labels of the counted types (plural, for the counter table).
TYPE_LABELS = {
    "organization": _("Committees and groups"),
    "person": _("Persons"),
    "membership": _("Memberships"),
    "location": _("Locations"),
    "meeting": _("Meetings"),
    "agendaItem": _("Agenda items"),
    "paper": _("Papers"),
    "consultation": _("Consultations"),
    "file": _("Files (not downloaded)"),
}


class ImportedPaper(models.Model):
    """What an imported paper brings that `Paper` has no field for: its page in the source system (`web`), the
    type as the source names it, and its reference as given (stored here also when it could not go into
    `Paper.reference`, which is unique per body — e.g. when the council uses the committee's number)."""

    paper = models.OneToOneField(
        Paper, on_delete=models.CASCADE, primary_key=True, related_name="oparl_origin", verbose_name=_("paper")
    )
    source = models.ForeignKey(OParlSource, on_delete=models.CASCADE, related_name="+", verbose_name=_("source"))
    web = models.URLField(_("page in the council information system"), max_length=500, blank=True)
    paper_type = models.CharField(_("type in the source system"), max_length=200, blank=True)
    reference = models.CharField(_("number in the source system"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("origin of an imported paper")
        verbose_name_plural = _("origins of imported papers")

    def __str__(self) -> str:
        return self.reference or str(self.paper_id)
