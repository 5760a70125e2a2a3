"""manage.py restore DIR: a backup into an empty database and storage (make restore)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restores a folder made by `manage.py backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, **options):
        try:
            summary = backup_restore(folder=options["folder"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored from {summary.folder}: {summary.vendor} database, "
            f"{summary.files} files checked ({summary.bytes} bytes)."
        )
