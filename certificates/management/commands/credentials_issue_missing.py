"""Signs the Open Badge of issued certificates that predate badges (safe to rerun)."""

from django.core.management.base import BaseCommand

from certificates import badges


class Command(BaseCommand):
    help = "Signs the Open Badge of every issued certificate that has none yet."

    def handle(self, *args, **options):
        count = badges.credentials_issue_missing()
        self.stdout.write(f"{count} badge(s) signed.")
