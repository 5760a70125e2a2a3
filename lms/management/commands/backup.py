"""manage.py backup [--to DIR]: the database and every stored file (make backup)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Saves the database and every stored file into a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, help="the folder (default: backups/<date>)"
        )

    def handle(self, *args, **options):
        try:
            summary = backup_create(folder=options["to"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup in {summary.folder}: {summary.vendor} database, "
            f"{summary.files} files ({summary.bytes} bytes)."
        )
