"""The platform's signing key: from the settings, generated for development,
required by `check --deploy`, rotated by a command with old keys kept in did.json."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from certificates import badges
from certificates.checks import credential_signing_key_check
from certificates.credentials.keys import (
    key_generate,
    public_multikey_encode,
    secret_multikey_encode,
)
from certificates.models import SigningKey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys(settings, tmp_path):
    settings.SITE_URL = "https://sirius.example"
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_DEV_KEY_FILE = tmp_path / "dev" / "signing-key"


def _listed() -> list[str]:
    return [
        m["publicKeyMultibase"] for m in badges.did_document()["verificationMethod"]
    ]


def test_signing_key_from_environment_is_published(settings):
    key = key_generate()
    settings.CREDENTIAL_SIGNING_KEY = secret_multikey_encode(key)
    signer = badges.signer_current()
    assert _listed() == [public_multikey_encode(key.public_key())]
    assert signer.verification_method.startswith("did:web:sirius.example#key-")


def test_signing_key_from_file(settings, tmp_path):
    key = key_generate()
    path = tmp_path / "secret"
    path.write_text(secret_multikey_encode(key) + "\n")
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(path)
    badges.signer_current()
    assert _listed() == [public_multikey_encode(key.public_key())]


def test_signing_key_generated_once_for_development(settings):
    """Without a configured key, one is generated into an owner-only file and kept."""
    first = badges.signer_current()
    second = badges.signer_current()
    assert first.row == second.row
    assert settings.CREDENTIAL_DEV_KEY_FILE.stat().st_mode & 0o077 == 0


def test_check_deploy_fails_in_production_without_key(settings):
    settings.DEBUG = False
    assert [e.id for e in credential_signing_key_check()] == ["certificates.E001"]
    settings.CREDENTIAL_SIGNING_KEY = secret_multikey_encode(key_generate())
    assert credential_signing_key_check() == []
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.DEBUG = True
    assert credential_signing_key_check() == []


def test_rotate_key_keeps_old_key_published():
    """After a rotation the new key signs and the old one still verifies."""
    old = badges.signer_current()
    call_command("credentials_rotate_key", stdout=io.StringIO())
    new = badges.signer_current()
    assert new.row != old.row
    assert _listed() == [new.row.public_key_multibase, old.row.public_key_multibase]
    old.row.refresh_from_db()
    assert old.row.state == SigningKey.State.RETIRED


def test_compromised_key_leaves_did_json_and_a_new_key_signs():
    old = badges.signer_current()
    out = io.StringIO()
    call_command("credentials_rotate_key", compromised=old.row.fragment, stdout=out)
    assert "no longer verify" in out.getvalue()
    assert old.row.public_key_multibase not in _listed()
    assert badges.signer_current().row.state == SigningKey.State.ACTIVE


def test_compromised_unknown_id_is_refused():
    with pytest.raises(CommandError):
        call_command("credentials_rotate_key", compromised="key-nope")


def test_check_deploy_fails_on_an_unreadable_key(settings, tmp_path):
    settings.DEBUG = False
    settings.CREDENTIAL_SIGNING_KEY_FILE = str(tmp_path / "missing")
    assert [e.id for e in credential_signing_key_check()] == ["certificates.E002"]
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_SIGNING_KEY = "z3u2notakey"
    errors = credential_signing_key_check()
    assert [e.id for e in errors] == ["certificates.E002"]
    assert "z3u2notakey" not in errors[0].msg
