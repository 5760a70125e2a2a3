"""Writes on members' skills and portfolios: award, withdraw, attest, share."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.storage_transactions import atomic_with_files, file_written
from core.uploads import image_check, upload_store
from members.models import LearnerGroup, Organisation, User

from .models import (
    Competence,
    MemberSkill,
    Portfolio,
    PortfolioShare,
    PortfolioVisibilityChange,
)

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


@atomic_with_files()
def portfolio_update(
    *,
    portfolio: Portfolio,
    user: User,
    photo: UploadedFile | None = None,
    **fields,
) -> Portfolio:
    """The member changes what shows; never anyone else's portfolio. A new
    visibility goes through portfolio_audience_set with the current shares."""
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
    visibility = fields.pop("visibility", None)
    for name, value in fields.items():
        setattr(portfolio, name, value)
    if photo is not None:
        extension = image_check(photo)
        portfolio.photo = upload_store(
            upload=photo, folder="portfolios", extension=extension
        )
        file_written(portfolio.photo)
    portfolio.full_clean(exclude=["user", "slug"])
    # Never the visibility: a form may have set it on this instance already,
    # and only portfolio_audience_set changes (and logs) it.
    portfolio.save(update_fields=[*fields, "photo", "updated_at"])
    if visibility is not None:
        shares = PortfolioShare.objects.filter(
            portfolio=portfolio, withdrawn_at__isnull=True
        ).select_related("organisation")
        portfolio_audience_set(
            member=user,
            visibility=visibility,
            organisations=[share.organisation for share in shares],
        )
        portfolio.refresh_from_db()
    return portfolio


def shared_without_organisation_error() -> ValidationError:
    """The one message for "partagé" with no organisation: form and API alike."""
    return ValidationError(
        _(
            "Vous avez choisi « partagé » sans organisation : cochez au moins une "
            "organisation, ou choisissez « privé »."
        ),
        code="shared_without_organisation",
    )


@transaction.atomic
def portfolio_audience_set(
    *, member: User, visibility: str, organisations: list[Organisation]
) -> Portfolio:
    """Who sees the member's portfolio, as the choice says: private withdraws
    every share; shared needs at least one organisation; public keeps the
    chosen ones. Each change of visibility is dated in the sharing log."""
    if visibility not in Portfolio.Visibility.values:
        raise ValidationError(_("Visibilité inconnue."), code="visibility")
    if visibility == Portfolio.Visibility.PRIVATE:
        organisations = []
    else:
        _guardian_consent_check(member)
    if visibility == Portfolio.Visibility.SHARED and not organisations:
        raise shared_without_organisation_error()
    portfolio = Portfolio.objects.select_for_update().get(
        pk=portfolio_get_or_create(user=member).pk
    )
    if portfolio.visibility != visibility:
        PortfolioVisibilityChange.objects.create(
            portfolio=portfolio, before=portfolio.visibility, after=visibility
        )
        portfolio.visibility = visibility
        portfolio.save(update_fields=["visibility", "updated_at"])
    portfolio_shares_set(portfolio=portfolio, user=member, organisations=organisations)
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
