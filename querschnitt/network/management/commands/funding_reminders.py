"""`querschnitt funding_reminders`: remind applicants and the office of proofs of use (Verwendungsnachweise) due
within 14 days or overdue (for cron, e.g. daily at 7:00).

Each reminder is sent once per proof, kind (due soon / overdue) and due date: the command records what it sent in
`FundingReminder`, so running it again the same day (or every day) sends nothing twice. Moving a due date reminds
anew. The applicant's e-mail holds the personal link to their application, built from `--base-url` (default: the
environment variable `QUERSCHNITT_BASE_URL`), e.g. `https://querschnitt.example.org`. See docs/funding.md.
"""

import os
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import translation

from querschnitt.network.services_funding import funding_reminders_send


class Command(BaseCommand):
    help = "E-mails applicants and the office about proofs of use due within 14 days or overdue (each reminder once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default=os.environ.get("QUERSCHNITT_BASE_URL", ""),
            help="Address of the platform for the applicants' links, e.g. https://querschnitt.example.org",
        )
        parser.add_argument("--today", default="", help="The day to remind for (YYYY-MM-DD); default: today.")

    def handle(self, *args, **options):
        base_url = options["base_url"].rstrip("/")
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else None
        except ValueError as error:
            raise CommandError("--today: YYYY-MM-DD") from error

        def status_url(token: str) -> str:
            path = reverse("funding:status", kwargs={"fundingapplication_token": token})
            return f"{base_url}{path}" if base_url else ""

        with translation.override(settings.LANGUAGE_CODE):
            result = funding_reminders_send(today=today, status_url=status_url)
            self.stdout.write(
                translation.gettext(
                    "Reminders sent: %(soon)s for proofs of use due soon, %(overdue)s for overdue ones."
                )
                % {"soon": result.due_soon, "overdue": result.overdue}
            )
