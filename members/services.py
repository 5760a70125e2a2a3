"""Writes on members: trainer-created learner accounts, log-in cards and secrets."""

import logging
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import cards, selectors
from .models import LearnerGroup, LoginCard, User
from .signals import email_wanted
from .validators import pin_normalise, validate_pin

logger = logging.getLogger(__name__)

USERNAME_MAX = 24
CARD_REFUSED = gettext_lazy(
    "Ce lien de connexion ne fonctionne plus. "
    "Demandez une nouvelle carte à votre formateur ou formatrice."
)


@dataclass(frozen=True)
class PersonName:
    """One line of a trainer's list: a name, an optional e-mail, its line number."""

    first_name: str
    last_name: str
    email: str = ""
    line: int = 0


@dataclass(frozen=True)
class PrintedCard:
    user: User
    token: str


def _username_base(person: PersonName) -> str:
    """lea.dupont for Léa Dupont; non-Latin names fall back to 'apprenant'."""
    parts = [slugify(person.first_name), slugify(person.last_name)]
    base = ".".join(p.replace("-", "") for p in parts if p)
    return base[: USERNAME_MAX - 4] or "apprenant"


def _unique_username(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate.lower())
    return candidate


def _emails_refused(people: list[PersonName]) -> list[ValidationError]:
    """A line whose e-mail another account already has: refused, never shared."""
    emails = {p.email.lower(): p for p in people if p.email}
    if not emails:
        return []
    taken = set(
        User.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .values_list("address", flat=True)
    )
    return [
        ValidationError(
            _(
                "Ligne %(line)s : l'adresse %(email)s est déjà celle d'un autre "
                "compte. Ajoutez ce compte au groupe, ou laissez l'adresse vide."
            ),
            params={"line": person.line, "email": person.email},
            code="email_taken",
        )
        for email, person in emails.items()
        if email in taken
    ]


@transaction.atomic
def learner_group_create(
    *,
    trainer: User,
    name: str,
    people: list[PersonName],
    consent_confirmed: bool,
    under_13: bool = False,
    language: str = "",
    existing: list[User] | None = None,
) -> LearnerGroup:
    """Creates a group with a learner account per person (an e-mail if given, no
    password), and adds the existing learners the trainer chose instead of
    creating a second account for them; nothing is created if a line is refused."""
    existing = existing or []
    if not consent_confirmed:
        raise ValidationError(
            _("Confirmez que les personnes sont d'accord pour avoir un compte."),
            code="consent",
        )
    if not people and not existing:
        raise ValidationError(_("Ajoutez au moins une personne."), code="empty")
    visible = set(
        selectors.learners_visible_to(trainer)
        .filter(pk__in=[u.pk for u in existing])
        .values_list("pk", flat=True)
    )
    if any(u.pk not in visible for u in existing):
        raise ValidationError(
            _("Vous ne pouvez ajouter que des apprenant·es de vos groupes."),
            code="not_visible",
        )
    refused = _emails_refused(people)
    if refused:
        raise ValidationError(refused)
    group = LearnerGroup.objects.create(name=name, trainer=trainer, language=language)
    bases = [_username_base(p) for p in people]
    starts_with = Q(pk__in=[])  # matches nothing when every person already exists
    for base in set(bases):
        starts_with |= Q(username__istartswith=base)
    taken = {
        u.lower()
        for u in User.objects.filter(starts_with).values_list("username", flat=True)
    }
    now = timezone.now()
    learners = []
    for person, base in zip(people, bases, strict=True):
        learner = User(
            username=_unique_username(base, taken),
            first_name=person.first_name,
            last_name=person.last_name,
            email=person.email,
            role=User.Role.LEARNER,
            created_by=trainer,
            consent_confirmed_at=now,
            must_choose_secret=True,
            under_13=under_13,
        )
        learner.set_unusable_password()
        learners.append(learner)
    try:
        with transaction.atomic():
            User.objects.bulk_create(learners)
    except IntegrityError:
        # Another trainer gave one of these addresses to an account just now.
        raise ValidationError(
            _("Une de ces adresses e-mail vient d'être donnée à un autre compte."),
            code="email_taken",
        ) from None
    _email_addresses_add([u for u in learners if u.email])
    group.learners.add(*learners, *existing)
    return group


def _email_addresses_add(users: list[User]) -> None:
    """allauth's record of each new address (unverified until the learner uses
    it), so the e-mailed log-in code and the password reset find the account."""
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, primary=True, verified=False) for u in users
    )


@transaction.atomic
def guardian_consent_set(*, trainer: User, learner: User, given: bool) -> User:
    """Records that a legal representative of an under-13 learner agreed (or no
    longer agrees) that the learner's profile may be seen by others; dated and
    signed by the trainer. Without it, the profile stays private."""
    if not learner.under_13:
        raise ValidationError(
            _("Cette personne a 13 ans ou plus : elle décide elle-même."),
            code="not_under_13",
        )
    learner.guardian_consent_at = timezone.now() if given else None
    learner.guardian_consent_by = trainer if given else None
    learner.save(update_fields=["guardian_consent_at", "guardian_consent_by"])
    logger.info(
        "Guardian consent for account %s %s by account %s",
        learner.pk,
        "recorded" if given else "withdrawn",
        trainer.pk,
    )
    return learner


def member_language_set(*, user: User, language: str) -> None:
    """Remembers the language the member reads, for messages sent to them later;
    a code the platform does not offer is ignored."""
    language = (language or "").split("-")[0]
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    user.language = language
    user.save(update_fields=["language"])


def member_age_band_set(*, user: User, age_band: str) -> User:
    """The member's own answer about their age ("" takes it back); an unknown
    band is refused rather than stored."""
    age_band = age_band or ""
    if age_band and age_band not in User.AgeBand.values:
        raise ValidationError(
            _("Choisissez une tranche d'âge de la liste."), code="age_band"
        )
    if user.age_band != age_band:
        user.age_band = age_band
        user.save(update_fields=["age_band"])
    return user


@transaction.atomic
def learner_age_set(*, trainer: User, learner: User, under_13: bool) -> User:
    """Corrects whether a learner is under 13. Either way an earlier guardian's
    consent no longer applies: a child newly marked is private at once, until a
    legal representative agrees."""
    if learner.under_13 == under_13:
        return learner
    learner.under_13 = under_13
    learner.guardian_consent_at = None
    learner.guardian_consent_by = None
    learner.save(
        update_fields=["under_13", "guardian_consent_at", "guardian_consent_by"]
    )
    logger.info(
        "Account %s marked %s by account %s",
        learner.pk,
        "under 13" if under_13 else "13 or over",
        trainer.pk,
    )
    return learner


@transaction.atomic
def login_cards_issue(*, issuer: User, learners: list[User]) -> list[PrintedCard]:
    """Issues a fresh card per learner; their earlier unused cards stop working."""
    now = timezone.now()
    LoginCard.objects.filter(
        user__in=learners, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    expires_at = now + timedelta(days=settings.LOGIN_CARD_TTL_DAYS)
    printed, rows = [], []
    for learner in learners:
        token = cards.token_generate()
        rows.append(
            LoginCard(
                user=learner,
                token_hash=cards.token_hash(token),
                created_by=issuer,
                created_at=now,
                expires_at=expires_at,
            )
        )
        printed.append(PrintedCard(user=learner, token=token))
    LoginCard.objects.bulk_create(rows)
    return printed


@transaction.atomic
def login_card_redeem(*, token: str) -> User:
    """Uses a card once; unknown, used, revoked or expired cards: the same refusal."""
    canonical = cards.token_normalise(token)
    card = (
        LoginCard.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=cards.token_hash(canonical or ""))
        .first()
    )
    if card is None or not card.is_usable or not card.user.is_active:
        raise ValidationError(CARD_REFUSED, code="card_refused")
    card.used_at = timezone.now()
    card.save(update_fields=["used_at"])
    return card.user


@transaction.atomic
def learner_secret_set(*, user: User, kind: str, secret: str) -> User:
    """Sets a learner's password, or a 6-digit PIN (digits of any script, kept as
    ASCII), and forgets their pending cards."""
    if kind == "pin":
        if not user.is_learner:
            raise ValidationError(
                _("Un code à 6 chiffres est réservé aux apprenant·es."), code="pin_role"
            )
        secret = pin_normalise(secret)
        validate_pin(secret)
    else:
        password_validation.validate_password(secret, user)
    user.set_password(secret)
    user.must_choose_secret = False
    user.save(update_fields=["password", "must_choose_secret"])
    login_cards_revoke(user=user)
    return user


def login_cards_revoke(*, user: User) -> int:
    """Cancels a member's unused cards: a printed card never outlives a new secret."""
    return LoginCard.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def email_send(
    *,
    subject: str,
    body: str,
    to: list[str],
    html: str | None = None,
    from_email: str | None = None,
) -> None:
    """Sends an e-mail through the worker once the transaction commits (a rolled-back
    action sends nothing; a slow mail server never holds a request). With the broker
    down it is sent in-process rather than lost."""
    payload = {
        "subject": subject,
        "body": body,
        "from_email": from_email or settings.DEFAULT_FROM_EMAIL,
        "to": to,
        "html": html,
    }
    transaction.on_commit(lambda: email_wanted.send(sender=User, **payload))
