from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.backup import backup_restore
from querschnitt.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Replaces the database and the files by a backup written by `querschnitt backup`."

    def add_arguments(self, parser):
        parser.add_argument("source", help="The backup zip file.")
        parser.add_argument("--no-input", action="store_false", dest="interactive", help="Do not ask before replacing.")

    def handle(self, *args, **options):
        source = Path(options["source"])
        if not source.is_file():
            raise CommandError(_("%(file)s does not exist.") % {"file": source})
        if options["interactive"]:
            answer = input(_("This replaces ALL data of this installation by the backup. Type „ja“ to go on: "))
            if answer.strip().lower() != "ja":
                raise CommandError(_("Nothing has been changed."))
        try:
            summary = backup_restore(source)
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        objects = ngettext("%(count)s object", "%(count)s objects", summary.objects) % {"count": summary.objects}
        files = ngettext("%(count)s file", "%(count)s files", summary.files) % {"count": summary.files}
        self.stdout.write(
            _("Restored %(objects)s and %(files)s from %(file)s.")
            % {"objects": objects, "files": files, "file": source}
        )
