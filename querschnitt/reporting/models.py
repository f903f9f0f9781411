"""Reporting (issue 8): the integration report assembled from what a body already keeps, the geodata for its maps,
the log of statistics imports with the remembered names of areas, and the body's public page with open data.

A `Report` is what the office edits: body, concept, period, which sections to include and the texts of its own
(`ReportText`). Building a report freezes the assembled data into a `ReportVersion` (JSON): the versions are kept,
the files (PDF, DOCX) are built in the background from that snapshot (`core.DocumentBuild` with the version as
target), and a published version's web page shows the snapshot, so a published report does not change when the
data does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from querschnitt.core.models import TimeStampedModel
from querschnitt.tenancy.models import Body

# --- Report builder ----------------------------------------------------------------------------------------------


class ReportSection(models.TextChoices):
    """The sections of an integration report, in the order they appear."""

    INTRODUCTION = "introduction", pgettext_lazy("report section", "Introduction")
    PRIORITIES = "priorities", pgettext_lazy("report section", "Priorities")
    FIELDS = "fields", pgettext_lazy("report section", "Fields of action")
    EVALUATION = "evaluation", pgettext_lazy("report section", "Evaluation")
    PARTICIPATION = "participation", pgettext_lazy("report section", "Participation")
    COMMITTEE = "committee", pgettext_lazy("report section", "Motions and decisions")
    FUNDING = "funding", pgettext_lazy("report section", "Funding")
    ANNEX = "annex", pgettext_lazy("report section", "Annex: indicators and data")


def all_sections() -> list[str]:
    return list(ReportSection.values)


class Report(TimeStampedModel):
    """An integration report of a body about one concept version and a period."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="reports")
    concept = models.ForeignKey(
        "strategy.Concept", verbose_name=_("concept"), on_delete=models.PROTECT, related_name="reports"
    )
    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("reporting period from"))
    period_end = models.DateField(_("reporting period to"))
    sections = models.JSONField(
        _("sections"), default=all_sections, help_text=_("The keys of the sections the report includes.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"),
        ]

    def __str__(self) -> str:
        return self.title


class ReportText(TimeStampedModel):
    """A text the office writes for a section of a report (Markdown); for the section of the fields of action, one
    text per field (`field` set) besides the section's own introduction (`field` empty)."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="texts")
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    field = models.ForeignKey(
        "strategy.FieldOfAction",
        verbose_name=_("field of action"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_texts",
    )
    text = models.TextField(_("text"), blank=True, max_length=50000)

    class Meta:
        verbose_name = _("text of a report")
        verbose_name_plural = _("texts of reports")
        ordering = ["report", "section", "field"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "section"], condition=Q(field__isnull=True), name="report_text_unique_section"
            ),
            models.UniqueConstraint(
                fields=["report", "section", "field"],
                condition=Q(field__isnull=False),
                name="report_text_unique_field",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.section} {self.field_id or ''}".strip()


class ReportVersion(TimeStampedModel):
    """A frozen state of a report: the assembled data as JSON, numbered per report. Its files are built from it in
    the background (`core.DocumentBuild` with this version as target); published, its web page is public."""

    report = models.ForeignKey(Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"), default=dict)
    note = models.CharField(_("note on this version"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version of a report")
        verbose_name_plural = _("versions of reports")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.number})"

    @property
    def published(self) -> bool:
        return self.published_at is not None


# --- Geodata for maps --------------------------------------------------------------------------------------------


class GeoLevel(models.TextChoices):
    KREIS = "kreis", _("Districts (Kreise)")
    GEMEINDE = "gemeinde", _("Municipalities (Gemeinden)")
    STADTTEIL = "stadtteil", _("City districts (Stadtteile)")


class GeoLayer(TimeStampedModel):
    """An uploaded GeoJSON FeatureCollection of areas of one level. `key_property` names the feature property that
    holds the area's key, which observations carry in `area_ags` (the AGS for Kreise and Gemeinden, the body's own
    key for Stadtteile); `name_property` the one with its name."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="geo_layers")
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=GeoLevel.choices)
    key_property = models.CharField(_("property with the area key"), max_length=100)
    name_property = models.CharField(_("property with the area name"), max_length=100, blank=True)
    geojson = models.JSONField(_("geometry (GeoJSON)"))
    feature_count = models.PositiveIntegerField(_("number of areas"), default=0)
    source = models.CharField(_("source"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("map layer")
        verbose_name_plural = _("map layers")
        ordering = ["body", "level", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "name"], name="geo_layer_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


# --- Statistics import -------------------------------------------------------------------------------------------


class AreaAlias(TimeStampedModel):
    """A name of an area as statistics files write it („Neuss, Stadt“), mapped once to its key (AGS or Stadtteil
    key) and remembered for the next import of the body."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="area_aliases")
    name = models.CharField(_("name in the file"), max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    area_key = models.CharField(_("area key (AGS)"), max_length=12)

    class Meta:
        verbose_name = _("area name")
        verbose_name_plural = _("area names")
        ordering = ["body", "name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "normalized"], name="area_alias_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.area_key}"


class StatisticsImport(TimeStampedModel):
    """The log of one statistics import (Open SDG-compatible tidy CSV or XLSX): who, when, which file, how many
    values were new, changed or already there. Re-importing the same file changes nothing and says so."""

    body = models.ForeignKey(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="statistics_imports")
    file_name = models.CharField(_("file"), max_length=300)
    sha256 = models.CharField(_("checksum"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_rows = models.PositiveIntegerField(_("new values"), default=0)
    updated_rows = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged_rows = models.PositiveIntegerField(_("unchanged values"), default=0)
    indicators = models.ManyToManyField(
        "strategy.Indicator", verbose_name=_("indicators"), blank=True, related_name="statistics_imports"
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return self.file_name


# --- Public page and open data -----------------------------------------------------------------------------------


class PublicPage(TimeStampedModel):
    """What a body shows the public: its concept with progress, published reports and open data, and a summary in
    Leichte Sprache. Nothing of the body is public until `published` is set."""

    body = models.OneToOneField(Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="public_page")
    published = models.BooleanField(_("published"), default=False)
    concept = models.ForeignKey(
        "strategy.Concept",
        verbose_name=_("concept shown"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    introduction = models.TextField(_("introduction"), blank=True, max_length=20000)
    easy_language_summary = models.TextField(_("summary in Leichte Sprache"), blank=True, max_length=20000)
    data_licence = models.CharField(
        _("licence of the open data"), max_length=100, default="Datenlizenz Deutschland – Namensnennung – 2.0"
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("public page")
        verbose_name_plural = _("public pages")
        ordering = ["body"]

    def __str__(self) -> str:
        return str(self.body)
