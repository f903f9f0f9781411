from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for every domain model: OParl needs `created` and `modified` on all objects."""

    created = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class AccessibilityFeedback(TimeStampedModel):
    """A report of an accessibility barrier, sent from the Barrierefreiheit page (BITV 2.0 feedback mechanism)."""

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    message = models.TextField(_("description of the barrier"), max_length=5000)
    email = models.EmailField(_("e-mail for a reply"), blank=True)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.created:%d.%m.%Y}: {self.message[:40]}"


class DocumentBuildStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DocumentBuild(TimeStampedModel):
    """One generation of a document (PDF and DOCX) in the background, with its progress and its result.

    `kind` names the builder registered in `core.documents`; the target is the object the document is about
    (a workshop process, a concept …). The files are written only when the whole build has succeeded, so a failed
    build never leaves half a file. Downloads go through a view that checks permissions, never through MEDIA_URL.
    """

    kind = models.CharField(_("kind of document"), max_length=100)
    # A string reference: core sits below tenancy and does not import it.
    body = models.ForeignKey(
        "tenancy.Body", verbose_name=_("body"), on_delete=models.CASCADE, related_name="document_builds"
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentBuildStatus.choices, default=DocumentBuildStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress in per cent"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="dokumente/%Y/%m/", blank=True, max_length=300)
    docx = models.FileField(_("Word document"), upload_to="dokumente/%Y/%m/", blank=True, max_length=300)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("document build")
        verbose_name_plural = _("document builds")
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["kind", "target_type", "target_id", "-created"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="documentbuild_progress_percent"),
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(pdf="") | ~models.Q(docx=""),
                name="documentbuild_done_has_files",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        """Queued or running: the progress display keeps asking."""
        return self.status in (DocumentBuildStatus.QUEUED, DocumentBuildStatus.RUNNING)


class PrivacyRequestKind(models.TextChoices):
    EXPORT = "export", _("Copy of the data (Art. 15 GDPR)")
    ERASURE = "erasure", _("Erasure or anonymisation (Art. 17 GDPR)")


class PrivacyRequestLog(models.Model):
    """The record of a request under Art. 15 or 17 GDPR handled by the office of a body: who, when, and which kinds
    of records in what number (`counts`: source key → number). Never the data itself nor what was searched for: the
    log must not keep what the erasure removed."""

    # A string reference: core sits below tenancy and does not import it.
    body = models.ForeignKey(
        "tenancy.Body", verbose_name=_("body"), on_delete=models.CASCADE, related_name="privacy_request_logs"
    )
    kind = models.CharField(_("kind of request"), max_length=10, choices=PrivacyRequestKind.choices)
    at = models.DateTimeField(_("handled at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counts = models.JSONField(_("records by kind"), default=dict)
    total = models.PositiveIntegerField(_("records"), default=0)

    class Meta:
        verbose_name = _("data protection request")
        verbose_name_plural = _("data protection requests")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%d.%m.%Y %H:%M}"
