"""Staff see the published signing keys in the admin, and cannot edit them there."""

import pytest
from django.urls import reverse

from certificates import badges

pytestmark = pytest.mark.django_db


def test_admin_lists_signing_keys_read_only(admin_client, settings, tmp_path):
    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_DEV_KEY_FILE = tmp_path / "signing-key"
    row = badges.signer_current().row
    page = admin_client.get(reverse("admin:certificates_signingkey_changelist"))
    assert page.status_code == 200
    assert row.fragment in page.content.decode()
    add = admin_client.get(reverse("admin:certificates_signingkey_add"))
    assert add.status_code == 403
