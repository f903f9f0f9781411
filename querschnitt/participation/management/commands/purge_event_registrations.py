"""`querschnitt purge_event_registrations`: delete the registrations of past events (for cron, e.g. nightly).

Registrations of an Integrationskonferenz or -gipfel hold personal data; once the event lies more than
`QUERSCHNITT_REGISTRATION_RETENTION_DAYS` days (default 30) back, only their counts are needed. The command calls
`services_events.event_registrations_purge`, which keeps the counts on the event and deletes the registrations, and
prints in German how many were deleted. Running it again deletes nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext

from querschnitt.participation.services_events import event_registrations_purge


class Command(BaseCommand):
    help = (
        "Deletes the registrations of events that took place more than QUERSCHNITT_REGISTRATION_RETENTION_DAYS days "
        "ago; their counts stay on the event."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            deleted = event_registrations_purge()
            self.stdout.write(
                ngettext(
                    "%(count)s registration of past events deleted; the counts stay on the events.",
                    "%(count)s registrations of past events deleted; the counts stay on the events.",
                    deleted,
                )
                % {"count": deleted}
            )
