"""`querschnitt purge_counselling_data`: remove the personal data of finished counselling requests (for cron, e.g.
nightly).

A counselling request of the integration centre may hold the name and contact of the person asking (with their
consent) and free texts that often name them. Once a request has been referred or closed for more than
`QUERSCHNITT_COUNSELLING_RETENTION_DAYS` days (default 365), only its anonymous record is needed. The command calls
`services_centre.counselling_personal_data_purge`, which blanks name, contact, consent and the free texts — in the
request and in its change history — and keeps date, channel, kind of requester, service, status, referral and time
spent. It prints in German how many requests were cleaned. Running it again cleans nothing more.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import ngettext

from querschnitt.network.services_centre import counselling_personal_data_purge


class Command(BaseCommand):
    help = (
        "Removes name, contact and free texts of counselling requests finished more than "
        "QUERSCHNITT_COUNSELLING_RETENTION_DAYS days ago; the anonymous record stays."
    )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            cleaned = counselling_personal_data_purge()
            self.stdout.write(
                ngettext(
                    "Personal data removed from %(count)s finished counselling request; the anonymous record stays.",
                    "Personal data removed from %(count)s finished counselling requests; the anonymous record stays.",
                    cleaned,
                )
                % {"count": cleaned}
            )
