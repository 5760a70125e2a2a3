"""System checks: production signs Open Badges with a key an operator configured."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def credential_signing_key_check(app_configs=None, **kwargs) -> list[Error]:
    """`check --deploy` fails when production would sign with a generated key."""
    if settings.DEBUG:
        return []
    if settings.CREDENTIAL_SIGNING_KEY or settings.CREDENTIAL_SIGNING_KEY_FILE:
        return _readable()
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


def _readable() -> list[Error]:
    """The configured key decodes (the message never shows the secret)."""
    from .badges import signing_secret_load
    from .credentials.errors import CredentialError

    try:
        signing_secret_load()
    except CredentialError as problem:
        return [
            Error(
                f"The Open Badges signing key cannot be used: {problem.code}.",
                hint=(
                    "CREDENTIAL_SIGNING_KEY must hold a secret Multikey (z3u2...); "
                    "CREDENTIAL_SIGNING_KEY_FILE a readable file holding one "
                    "(`manage.py credentials_rotate_key` writes it)."
                ),
                id="certificates.E002",
            )
        ]
    return []
