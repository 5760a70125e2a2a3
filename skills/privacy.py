"""Personal data held by skills: the member's skills, portfolio, photo and the
organisations they shared it with (lms/privacy.py calls these)."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from .models import MemberSkill, Portfolio, PortfolioShare, PortfolioVisibilityChange


def member_data_export(*, user) -> dict:
    skills = (
        MemberSkill.objects.filter(user=user)
        .select_related("competence", "certificate")
        .order_by("awarded_on", "pk")
    )
    portfolio = Portfolio.objects.filter(user=user).first()
    return {
        "skills": [
            {
                "competence": skill.competence.code,
                "level": skill.level,
                "source": skill.source,
                "certificate": skill.certificate.display_code
                if skill.certificate_id
                else None,
                "note": skill.note,
                "awarded_on": skill.awarded_on,
                "withdrawn_at": skill.withdrawn_at,
            }
            for skill in skills
        ],
        "portfolio": None
        if portfolio is None
        else {
            "slug": portfolio.slug,
            "photo": bool(portfolio.photo),
            "headline": portfolio.headline,
            "languages": portfolio.languages,
            "region": portfolio.region,
            "about": portfolio.about,
            "job_sought": portfolio.job_sought,
            "visibility": portfolio.visibility,
            "search_engines": portfolio.search_engines,
        },
        "attested_for_others": MemberSkill.objects.filter(attested_by=user).count(),
    }


def member_consent_log(*, user) -> list[dict]:
    """Each sharing of the portfolio with an organisation, and its withdrawal."""
    entries = []
    shares = PortfolioShare.objects.filter(portfolio__user=user).select_related(
        "organisation"
    )
    for share in shares:
        entries.append(
            {
                "when": share.shared_at,
                "what": _("Portfolio partagé"),
                "who": share.organisation.name,
            }
        )
        if share.withdrawn_at:
            entries.append(
                {
                    "when": share.withdrawn_at,
                    "what": _("Partage du portfolio retiré"),
                    "who": share.organisation.name,
                }
            )
    changes = PortfolioVisibilityChange.objects.filter(portfolio__user=user)
    for change in changes:
        entries.append(
            {
                "when": change.changed_at,
                "what": _("Visibilité du portfolio : %(before)s → %(after)s")
                % {
                    "before": change.get_before_display(),
                    "after": change.get_after_display(),
                },
                "who": "",
            }
        )
    return entries


def member_data_erase(*, user) -> None:
    """The portfolio (and its shares) and the member's skills are deleted, the
    photo file after commit; skills the member attested for others stay,
    without their name."""
    photos = list(
        Portfolio.objects.filter(user=user)
        .exclude(photo="")
        .values_list("photo", flat=True)
    )
    Portfolio.objects.filter(user=user).delete()
    MemberSkill.objects.filter(user=user).delete()
    MemberSkill.objects.filter(attested_by=user).update(attested_by=None)
    for name in photos:
        transaction.on_commit(lambda name=name: default_storage.delete(name))
