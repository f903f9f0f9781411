from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from querschnitt.core.backup import backup_write


class Command(BaseCommand):
    help = "Writes a backup of the database and all files into one zip file (consistent; see core/backup.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "target", nargs="?", help="The zip file to write (default: querschnitt-backup-<date-time>.zip)."
        )

    def handle(self, *args, **options):
        target = Path(options["target"] or f"querschnitt-backup-{timezone.localtime():%Y-%m-%d-%H%M%S}.zip")
        if target.exists():
            raise CommandError(_("%(file)s exists already; choose another name.") % {"file": target})
        summary = backup_write(target)
        objects = ngettext("%(count)s object", "%(count)s objects", summary.objects) % {"count": summary.objects}
        files = ngettext("%(count)s file", "%(count)s files", summary.files) % {"count": summary.files}
        self.stdout.write(
            _("Backup written to %(file)s: %(objects)s, %(files)s.")
            % {"file": target, "objects": objects, "files": files}
        )
        for name in summary.missing_files:
            self.stderr.write(_("Missing file (named in the database, not on disk): %(name)s") % {"name": name})
