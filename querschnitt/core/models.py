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
