"""System checks: production signs Open Badges with a key an operator configured."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def credential_signing_key_check(app_configs=None, **kwargs) -> list[Error]:
    """`check --deploy` fails when production would sign with a generated key."""
    if settings.DEBUG:
        return []
    if settings.CREDENTIAL_SIGNING_KEY or settings.CREDENTIAL_SIGNING_KEY_FILE:
        return []
    return [
        Error(
            "No Open Badges signing key is configured.",
            hint=(
                "Set CREDENTIAL_SIGNING_KEY (a secret Multikey, z3u2...) or "
                "CREDENTIAL_SIGNING_KEY_FILE (a file holding one); "
                "`manage.py credentials_rotate_key` makes one."
            ),
            id="certificates.E001",
        )
    ]
