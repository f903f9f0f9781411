"""Writes of the core app."""

from django.conf import settings
from django.core.mail import mail_admins, send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from .models import AccessibilityFeedback


def accessibility_feedback_submit(*, page_url: str, message: str, email: str) -> AccessibilityFeedback:
    """Store a report of a barrier and pass it on to the contact for accessibility. Anyone may send one."""
    feedback = AccessibilityFeedback(page_url=page_url.strip(), message=message.strip(), email=email.strip())
    feedback.full_clean()
    with transaction.atomic():
        feedback.save()
    send_mail(
        subject=_("Accessibility feedback on Querschnitt"),
        message=f"{feedback.page_url}\n\n{feedback.message}\n\n{feedback.email}",
        from_email=None,
        recipient_list=[settings.QUERSCHNITT_FEEDBACK_EMAIL],
        fail_silently=True,
    )
    mail_admins(_("Accessibility feedback"), feedback.message, fail_silently=True)
    return feedback
