"""Makes a new key the Open Badges signing key, or withdraws a compromised one."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certificates import badges
from certificates.credentials.keys import secret_multikey_encode
from certificates.models import SigningKey


class Command(BaseCommand):
    help = (
        "Makes a new key the signing key (older keys stay in did.json so what they "
        "signed still verifies); --compromised <id> withdraws a key from did.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--compromised",
            metavar="ID",
            help="the key's id (e.g. key-0123abcd4567): withdrawn from did.json",
        )

    def handle(self, *args, compromised=None, **options):
        if compromised:
            self._compromised(compromised)
            return
        self._rotate()

    def _rotate(self) -> None:
        with transaction.atomic():
            row, key = badges.key_rotate()
        self.stdout.write(
            f"New signing key: {row.fragment} ({row.public_key_multibase})"
        )
        if settings.CREDENTIAL_SIGNING_KEY:
            self.stdout.write(
                "CREDENTIAL_SIGNING_KEY is set in the environment: replace it with "
                "the secret below and restart the web and worker processes.\n"
                + secret_multikey_encode(key)
            )
        else:
            self.stdout.write(f"Written to {badges.signing_key_path()}.")

    def _compromised(self, fragment: str) -> None:
        try:
            with transaction.atomic():
                row, signed = badges.key_compromised(fragment)
        except SigningKey.DoesNotExist:
            raise CommandError(f"No published key has the id {fragment!r}.") from None
        self.stdout.write(
            f"{row.fragment} is withdrawn from did.json. The {signed} credential(s) it "
            "signed no longer verify anywhere: re-issue those certificates."
        )
        if not SigningKey.objects.filter(state=SigningKey.State.ACTIVE).exists():
            self._rotate()
