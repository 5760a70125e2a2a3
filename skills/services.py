"""Writes on members' skills and portfolios: award, withdraw, attest, share."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.uploads import image_check, upload_store
from members.models import LearnerGroup, Organisation, User

from .models import Competence, MemberSkill, Portfolio, PortfolioShare

logger = logging.getLogger(__name__)

NOTE_MAX_LENGTH = 300
PORTFOLIO_FIELDS = ("headline", "languages", "region", "about", "job_sought")


@transaction.atomic
def member_skills_award(*, certificate) -> list[MemberSkill]:
    """An issued certificate awards one certified skill per competence of its
    snapshot; the skills of the certificate it replaces are withdrawn. Awarding
    twice does nothing."""
    if certificate.user_id is None or certificate.status != "issued":
        return []
    if MemberSkill.objects.filter(certificate_id=certificate.pk).exists():
        return []
    MemberSkill.objects.filter(
        certificate__superseded_by_id=certificate.pk, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    levels = {item["code"]: item["level"] for item in certificate.competences or []}
    competences = Competence.objects.in_framework().filter(code__in=levels)
    skills = MemberSkill.objects.bulk_create(
        MemberSkill(
            user_id=certificate.user_id,
            competence=competence,
            level=levels[competence.code],
            source=MemberSkill.Source.CERTIFIED,
            certificate_id=certificate.pk,
            awarded_on=certificate.issued_on,
        )
        for competence in competences
        if 1 <= int(levels[competence.code]) <= 8
    )
    return skills


@transaction.atomic
def member_skills_withdraw(*, certificate) -> int:
    """A revoked or replaced certificate no longer proves its skills."""
    return MemberSkill.objects.filter(
        certificate_id=certificate.pk, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())


@transaction.atomic
def skill_attest(
    *, trainer: User, learner: User, competence: Competence, level: int, note: str
) -> MemberSkill:
    """A trainer attests a level seen in a workshop, for a learner of one of their
    groups only (Http404 otherwise: the learner's existence is not confirmed)."""
    if not (trainer.is_trainer or trainer.is_staff_member):
        raise PermissionDenied
    if not LearnerGroup.objects.filter(trainer=trainer, learners=learner).exists():
        raise Http404
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            ngettext(
                "La note est trop longue : %(max)s signe au plus.",
                "La note est trop longue : %(max)s signes au plus.",
                NOTE_MAX_LENGTH,
            )
            % {"max": NOTE_MAX_LENGTH},
            code="note_too_long",
        )
    if not isinstance(level, int) or not 1 <= level <= 8:
        raise ValidationError(_("Le niveau va de 1 à 8."), code="level")
    return MemberSkill.objects.create(
        user=learner,
        competence=competence,
        level=level,
        source=MemberSkill.Source.ATTESTED,
        attested_by=trainer,
        note=note,
    )


def portfolio_get_or_create(*, user: User) -> Portfolio:
    """The member's portfolio, created private the first time."""
    portfolio, _created = Portfolio.objects.get_or_create(user=user)
    return portfolio


def _guardian_consent_check(user: User) -> None:
    """I5: under 13, no one else sees the profile without a guardian's consent."""
    if user.needs_guardian_consent:
        raise ValidationError(
            _(
                "Avant 13 ans, votre portfolio reste privé jusqu'à l'accord d'un "
                "représentant légal. Parlez-en à votre formateur ou votre formatrice."
            ),
            code="guardian_consent",
        )


@transaction.atomic
def portfolio_update(
    *,
    portfolio: Portfolio,
    user: User,
    photo: UploadedFile | None = None,
    **fields,
) -> Portfolio:
    """The member changes what shows and to whom; never anyone else's portfolio."""
    if portfolio.user_id != user.pk:
        raise Http404
    allowed = {*PORTFOLIO_FIELDS, "visibility", "search_engines"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Ces champs ne peuvent pas être changés : %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="not_writable",
        )
    if fields.get("visibility", Portfolio.Visibility.PRIVATE) != (
        Portfolio.Visibility.PRIVATE
    ):
        _guardian_consent_check(user)
    for name, value in fields.items():
        setattr(portfolio, name, value)
    if photo is not None:
        extension = image_check(photo)
        portfolio.photo = upload_store(
            upload=photo, folder="portfolios", extension=extension
        )
    portfolio.full_clean(exclude=["user", "slug"])
    portfolio.save()
    return portfolio


@transaction.atomic
def portfolio_shares_set(
    *, portfolio: Portfolio, user: User, organisations: list[Organisation]
) -> None:
    """Shares with exactly these organisations: new consents are dated now,
    withdrawn ones are dated now and stop at once."""
    if portfolio.user_id != user.pk:
        raise Http404
    wanted = {organisation.pk for organisation in organisations}
    if wanted:
        _guardian_consent_check(user)
    active = PortfolioShare.objects.select_for_update().filter(
        portfolio=portfolio, withdrawn_at__isnull=True
    )
    current = set(active.values_list("organisation_id", flat=True))
    active.filter(organisation_id__in=current - wanted).update(
        withdrawn_at=timezone.now()
    )
    PortfolioShare.objects.bulk_create(
        PortfolioShare(portfolio=portfolio, organisation_id=pk)
        for pk in wanted - current
    )
    logger.info(
        "portfolio %s shares: +%s -%s",
        portfolio.pk,
        len(wanted - current),
        len(current - wanted),
    )
