"""`querschnitt oparl_import [--body SLUG] [--full]`: import from the council information systems.

Without `--body`, every active source is imported (the regular run, e.g. nightly from cron or a systemd timer); with
`--body`, that body's source, active or not. Prints a German summary per source and its error lines. Exits with an
error when an import failed, so that a scheduler notices.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.exceptions import ApplicationError
from querschnitt.oparl import services
from querschnitt.oparl.models import ImportRun, OParlSource

MAX_ERROR_LINES = 20


class Command(BaseCommand):
    help = "Imports committees, persons, meetings and papers from the OParl interfaces of the bodies' council systems."

    def add_arguments(self, parser):
        parser.add_argument("--body", metavar="SLUG", help="Only this body (its short name in addresses).")
        parser.add_argument("--full", action="store_true", help="Read everything, not only the changes.")

    def handle(self, *args, body=None, full=False, **options):
        with translation.override(settings.LANGUAGE_CODE):
            failed = self._run(body, full)
            if failed:
                raise CommandError(_("Failed imports: %(count)s.") % {"count": failed})

    def _run(self, slug, full) -> int:
        sources = OParlSource.objects.select_related("body").order_by("body__name")
        if slug:
            sources = sources.filter(body__slug=slug)
            if not sources.exists():
                raise CommandError(_("The body “%(slug)s” has no OParl source.") % {"slug": slug})
        else:
            sources = sources.filter(active=True)
            if not sources.exists():
                self.stdout.write(_("No active OParl source."))
                return 0
        failed = 0
        for source in sources:
            try:
                run = services.oparl_import_run(actor=None, source=source, full=full)
            except ApplicationError as error:
                self.stderr.write(f"{source.body.name}: {error.message}")
                failed += 1
                continue
            summary = _(
                "%(body)s: %(status)s – %(created)s new, %(updated)s changed, %(deleted)s deleted, "
                "%(skipped)s skipped (%(requests)s requests)."
            ) % {
                "body": source.body.name,
                "status": run.get_status_display(),
                "created": run.total("created"),
                "updated": run.total("updated"),
                "deleted": run.total("deleted"),
                "skipped": run.total("skipped"),
                "requests": run.requests,
            }
            style = {ImportRun.Status.OK: self.style.SUCCESS, ImportRun.Status.PARTIAL: self.style.WARNING}
            self.stdout.write(style.get(run.status, self.style.ERROR)(summary))
            errors = run.log_lines("error")
            for line in errors[:MAX_ERROR_LINES]:
                self.stdout.write(f"  {line['text']}" + (f" ({line['url']})" if line["url"] else ""))
            if len(errors) > MAX_ERROR_LINES:
                self.stdout.write(
                    "  "
                    + ngettext(
                        "… and %(count)s more error in the log.",
                        "… and %(count)s more errors in the log.",
                        len(errors) - MAX_ERROR_LINES,
                    )
                    % {"count": len(errors) - MAX_ERROR_LINES}
                )
            if run.status == ImportRun.Status.FAILED:
                failed += 1
        return failed
