"""manage.py certificates_sweep: re-queue certificates stuck in preparation."""

from django.core.management.base import BaseCommand

from certificates.services import certificates_sweep


class Command(BaseCommand):
    help = "Re-queues the PDF render of certificates still in preparation."

    def handle(self, *args, **options):
        queued = certificates_sweep()
        self.stdout.write(f"{len(queued)} certificate(s) re-queued.")
