"""Reads on the skills framework: its areas with their competences, its levels."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import (
    Competence,
    CompetenceArea,
    Framework,
    MemberSkill,
    Portfolio,
    PortfolioShare,
    ProficiencyLevel,
)


def competences_by_area(
    *, framework: Framework | None = None
) -> QuerySet[CompetenceArea]:
    """A framework's areas in order, each with its competences in order (2 queries).

    Without a framework, DigComp 2.2, the one courses are tagged with.
    """
    competences = Competence.objects.order_by("position")
    return (
        CompetenceArea.objects.in_framework(framework)
        .order_by("number")
        .prefetch_related(Prefetch("competences", queryset=competences))
    )


def proficiency_levels(
    *, framework: Framework | None = None
) -> QuerySet[ProficiencyLevel]:
    """A framework's proficiency levels, lowest first (DigComp 2.2 by default)."""
    return ProficiencyLevel.objects.in_framework(framework).order_by("level")


@dataclass
class SkillSummary:
    """One competence of a member: the highest active level and all its evidence.

    `level` is the highest of any source (the chart); a page that names a source
    shows `certified_level` or `attested_level`, never one for the other."""

    competence: Competence
    level: int
    evidence: list[MemberSkill] = field(default_factory=list)

    @property
    def certified_level(self) -> int:
        """The highest level a certificate proves (0: none)."""
        return max((e.level for e in self.certified), default=0)

    @property
    def attested_level(self) -> int:
        """The highest level a trainer attests (0: none)."""
        return max((e.level for e in self.attested), default=0)

    @property
    def certified(self) -> list[MemberSkill]:
        return [e for e in self.evidence if e.source == MemberSkill.Source.CERTIFIED]

    @property
    def attested(self) -> list[MemberSkill]:
        return [e for e in self.evidence if e.source == MemberSkill.Source.ATTESTED]


def active_skills(*, user) -> QuerySet[MemberSkill]:
    """The member's skills whose evidence still counts, with what a page shows."""
    return (
        MemberSkill.objects.filter(user=user, withdrawn_at__isnull=True)
        .select_related("competence__area", "certificate", "attested_by")
        .order_by("competence__area__number", "competence__position", "-level")
    )


def member_skill_summaries(*, user) -> list[SkillSummary]:
    """Per competence, the highest active level and all its evidence (1 query)."""
    return skill_summaries(active_skills(user=user))


def skill_summaries(skills) -> list[SkillSummary]:
    """Active skills already fetched, grouped per competence in their order."""
    summaries: dict[int, SkillSummary] = {}
    for skill in skills:
        summary = summaries.get(skill.competence_id)
        if summary is None:
            summary = summaries[skill.competence_id] = SkillSummary(
                competence=skill.competence, level=skill.level
            )
        summary.level = max(summary.level, skill.level)
        summary.evidence.append(skill)
    return list(summaries.values())


def area_levels(summaries: list[SkillSummary]) -> list[dict]:
    """Each DigComp area, its competences reached and highest level (2 queries)."""
    by_competence = {summary.competence.pk: summary for summary in summaries}
    areas = []
    for area in competences_by_area():
        reached = [
            by_competence[c.pk] for c in area.competences.all() if c.pk in by_competence
        ]
        areas.append(
            {
                "area": area,
                "total": len(area.competences.all()),
                "reached": len(reached),
                "highest": max((s.level for s in reached), default=0),
            }
        )
    return areas


def portfolio_certificates(summaries: list[SkillSummary]) -> list:
    """The distinct certificates behind the certified skills: the completed courses."""
    seen = {}
    for summary in summaries:
        for skill in summary.certified:
            seen.setdefault(skill.certificate_id, skill.certificate)
    return sorted(seen.values(), key=lambda c: c.issued_on, reverse=True)


def portfolio_visible(*, slug: str, viewer) -> Portfolio:
    """The portfolio if the viewer may see it, else Http404 (a private page is
    never confirmed to exist): the member always; anyone when public; a partner
    whose organisation the member shares with, while that consent stands."""
    portfolio = get_object_or_404(Portfolio.objects.select_related("user"), slug=slug)
    if getattr(viewer, "is_authenticated", False) and viewer.pk == portfolio.user_id:
        return portfolio
    if portfolio.user.needs_guardian_consent:
        raise Http404
    if portfolio.visibility == Portfolio.Visibility.PUBLIC:
        return portfolio
    if (
        portfolio.visibility == Portfolio.Visibility.SHARED
        and getattr(viewer, "is_authenticated", False)
        and viewer.is_partner
        and viewer.organisation_id
        and portfolio.shares.filter(
            organisation_id=viewer.organisation_id, withdrawn_at__isnull=True
        ).exists()
    ):
        return portfolio
    raise Http404


def portfolio_active_shares(*, portfolio: Portfolio) -> QuerySet[PortfolioShare]:
    """The organisations the member currently shares with, with the consent date."""
    return portfolio.shares.filter(withdrawn_at__isnull=True).select_related(
        "organisation"
    )


def partner_shared_portfolios(
    *,
    organisation_id: int,
    competence_code: str | None = None,
    min_level: int | None = None,
) -> QuerySet[Portfolio]:
    """Portfolios shared with this organisation (consent standing, not made private),
    each with its active skills prefetched (2 queries whatever the number)."""
    portfolios = Portfolio.objects.filter(
        visibility__in=[Portfolio.Visibility.SHARED, Portfolio.Visibility.PUBLIC],
        shares__organisation_id=organisation_id,
        shares__withdrawn_at__isnull=True,
    ).exclude(user__under_13=True, user__guardian_consent_at__isnull=True)
    if competence_code:
        wanted = MemberSkill.objects.filter(
            withdrawn_at__isnull=True, competence__code=competence_code
        )
        if min_level:
            wanted = wanted.filter(level__gte=min_level)
        portfolios = portfolios.filter(user__in=wanted.values("user_id"))
    elif min_level:
        wanted = MemberSkill.objects.filter(
            withdrawn_at__isnull=True, level__gte=min_level
        )
        portfolios = portfolios.filter(user__in=wanted.values("user_id"))
    skills = (
        MemberSkill.objects.filter(withdrawn_at__isnull=True)
        .select_related("competence")
        .order_by("competence__area__number", "competence__position", "-level")
    )
    return (
        portfolios.select_related("user")
        .prefetch_related(Prefetch("user__skills", queryset=skills, to_attr="active"))
        .order_by("user__first_name", "user__last_name", "pk")
        .distinct()
    )


def highest_levels(skills: list[MemberSkill]) -> list[tuple[Competence, int]]:
    """From a member's active skills, each competence once with its highest level."""
    best: dict[int, tuple[Competence, int]] = {}
    for skill in skills:
        current = best.get(skill.competence_id)
        if current is None or skill.level > current[1]:
            best[skill.competence_id] = (skill.competence, skill.level)
    return list(best.values())
