"""Personal data held by members: the account, groups, log-in cards, consents."""

import secrets

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from .models import LoginCard, User

ERASED_USERNAME_PREFIX = "effacé-"


def member_data_export(*, user: User) -> dict:
    """The account as the member sees it; never a password, token or card hash."""
    return {
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "role": user.role,
            "organisation": user.organisation.name if user.organisation else None,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "created_by_trainer": user.created_by_id is not None,
            "under_13": user.under_13,
            "language": user.language,
            "age_band": user.age_band,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "groups": [
            {"name": group.name, "created_at": group.created_at}
            for group in user.learner_groups.order_by("created_at", "pk")
        ],
        "login_cards": [
            {
                "created_at": card.created_at,
                "expires_at": card.expires_at,
                "used_at": card.used_at,
                "revoked_at": card.revoked_at,
            }
            for card in LoginCard.objects.filter(user=user).order_by("created_at")
        ],
        "api_token": {
            "exists": Token.objects.filter(user=user).exists(),
        },
        "consents": _consents(user),
    }


def _consents(user: User) -> list[dict]:
    if user.consent_confirmed_at is None:
        return []
    if user.created_by_id is not None:
        what = "account_created_by_trainer_with_consent"
    else:
        what = "age_13_or_over_confirmed_at_signup"
    consents = [{"what": what, "when": user.consent_confirmed_at}]
    if user.guardian_consent_at is not None:
        consents.append(
            {
                "what": "guardian_consent_to_visible_profile",
                "when": user.guardian_consent_at,
            }
        )
    return consents


def member_consent_log(*, user: User) -> list[dict]:
    """Account consents, in words, for the consent log on "Mes données"."""
    entries = []
    for consent in _consents(user):
        if consent["what"] == "guardian_consent_to_visible_profile":
            what = _(
                "Un représentant légal a accepté que votre portfolio puisse être "
                "montré (accord noté par votre formateur ou formatrice)."
            )
        elif consent["what"] == "account_created_by_trainer_with_consent":
            what = _(
                "Votre formateur ou formatrice a confirmé votre accord "
                "(ou celui de vos parents) pour créer ce compte."
            )
        else:
            what = _("Vous avez confirmé avoir 13 ans ou plus en créant ce compte.")
        entries.append({"when": consent["when"], "what": what, "who": ""})
    return entries


def member_data_erase(*, user: User) -> None:
    """Anonymises the account row (kept so shared rows stay consistent) and deletes
    its addresses, tokens, cards, groups memberships and sessions."""
    EmailAddress.objects.filter(user=user).delete()
    Token.objects.filter(user=user).delete()
    LoginCard.objects.filter(user=user).delete()
    user.learner_groups.clear()
    _sessions_delete(user)
    user.username = f"{ERASED_USERNAME_PREFIX}{secrets.token_hex(8)}"
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.created_by = None
    user.consent_confirmed_at = None
    user.guardian_consent_at = None
    user.guardian_consent_by = None
    user.must_choose_secret = False
    user.language = ""
    user.age_band = ""
    # An erased account keeps no power: a former staff member signs nothing.
    user.is_staff = False
    user.is_superuser = False
    user.groups.clear()
    user.user_permissions.clear()
    user.last_login = None
    user.save()


def _sessions_delete(user: User) -> None:
    """Every open session of the member, on every device."""
    user_id = str(user.pk)
    doomed = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()
