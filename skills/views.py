"""Portfolio pages: the member's page at /m/<slug>, its editing, PDF and JSON,
and the partners' list of members who shared with their organisation."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.files import private_file_response
from core.pdf import render_pdf
from core.qr import qr_data_uri
from members.models import User
from members.permissions import partner_required, trainer_required

from . import selectors, services
from .forms import AttestForm, PartnerFilterForm, PortfolioForm
from .sections import portfolio_sections

PARTNER_PAGE_SIZE = 50
# Geometry of the areas chart, in SVG user units: one horizontal bar per area.
CHART_WIDTH = 500
CHART_LABEL = 40
CHART_ROW = 36
CHART_BAR = 22
MAX_LEVEL = 8


def _chart(areas: list[dict]) -> dict:
    """Each area's bar: its length is the highest level reached, out of 8."""
    span = CHART_WIDTH - CHART_LABEL - 40
    bars = []
    for index, row in enumerate(areas):
        y = index * CHART_ROW + 8
        bars.append(
            {
                **row,
                "y": y,
                "text_y": y + CHART_BAR - 6,
                "width": span * row["highest"] // MAX_LEVEL,
                "value_x": CHART_LABEL + span * row["highest"] // MAX_LEVEL + 6,
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": len(areas) * CHART_ROW + 8,
        "label_x": CHART_LABEL - 8,
        "bar_x": CHART_LABEL,
        "bar_height": CHART_BAR,
        "bars": bars,
    }


def _portfolio_context(request, portfolio) -> dict:
    summaries = selectors.member_skill_summaries(user=portfolio.user)
    url = request.build_absolute_uri(portfolio.get_absolute_url())
    return {
        "portfolio": portfolio,
        "member": portfolio.user,
        "photo_url": reverse("skills:portfolio-photo", args=[portfolio.slug])
        if portfolio.photo
        else "",
        "summaries": summaries,
        "certified": [s for s in summaries if s.certified],
        "attested": [s for s in summaries if s.attested],
        "chart": _chart(selectors.area_levels(summaries)),
        "certificates": selectors.portfolio_certificates(summaries),
        "page_url": url,
        "qr": qr_data_uri(url),
        "is_owner": request.user.is_authenticated
        and request.user.pk == portfolio.user_id,
        "indexable": portfolio.visibility == "public" and portfolio.search_engines,
    }


def _robots(
    response: HttpResponse, context: dict, *, referrer: str = "no-referrer"
) -> HttpResponse:
    """The slug in the URL never leaves for another site. A page that posts a
    form (log-out, language, "Je suis intéressé·e") passes "same-origin": under
    no-referrer browsers send "Origin: null", which CSRF protection refuses."""
    if not context["indexable"]:
        response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = referrer
    return response


def portfolio_detail(request, slug: str):
    """The portfolio as the member chose to show it; 404 to whoever may not see it."""
    portfolio = selectors.portfolio_visible(slug=slug, viewer=request.user)
    context = _portfolio_context(request, portfolio)
    context["sections"] = portfolio_sections(portfolio=portfolio, request=request)
    response = render(request, "skills/portfolio_detail.html", context)
    response["Cache-Control"] = "private, no-store"
    return _robots(response, context, referrer="same-origin")


@require_safe
def portfolio_photo(request, slug: str):
    """The photo, to whoever may see the page, and to nobody once it is private."""
    portfolio = selectors.portfolio_visible(slug=slug, viewer=request.user)
    return private_file_response(request, portfolio.photo)


def portfolio_pdf(request, slug: str):
    """The "passeport numérique" as an A4 PDF, for whoever may see the page."""
    portfolio = selectors.portfolio_visible(slug=slug, viewer=request.user)
    context = _portfolio_context(request, portfolio)
    # The PDF engine fetches nothing but data: URLs and static files.
    context["photo_url"] = ""
    html = render_to_string("skills/pdf/passport.html", context)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="passeport-numerique.pdf"'
    response["Cache-Control"] = "private, no-store"
    return _robots(response, context)


def portfolio_export_data(portfolio) -> dict:
    """The portfolio as JSON-ready data: only this member's own data."""
    summaries = selectors.member_skill_summaries(user=portfolio.user)
    return {
        "name": str(portfolio.user),
        "headline": portfolio.headline,
        "languages": portfolio.languages,
        "region": portfolio.region,
        "about": portfolio.about,
        "job_sought": portfolio.job_sought,
        "visibility": portfolio.visibility,
        "skills": [
            {
                "competence": summary.competence.code,
                "name": summary.competence.name,
                "level": summary.level,
                "evidence": [
                    {
                        "source": skill.source,
                        "level": skill.level,
                        "date": skill.awarded_on.isoformat(),
                        "certificate": skill.certificate.display_code
                        if skill.certificate
                        else None,
                        "note": skill.note,
                    }
                    for skill in summary.evidence
                ],
            }
            for summary in summaries
        ],
        "shared_with": [
            {
                "organisation": share.organisation.name,
                "shared_at": share.shared_at.isoformat(),
            }
            for share in selectors.portfolio_active_shares(portfolio=portfolio)
        ],
    }


@login_required
def portfolio_export(request):
    """The member's own portfolio as a JSON file."""
    portfolio = services.portfolio_get_or_create(user=request.user)
    response = JsonResponse(
        portfolio_export_data(portfolio), json_dumps_params={"ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="portfolio.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_edit(request):
    """ "Mon portfolio": what shows, to whom; the levels come from evidence only."""
    portfolio = services.portfolio_get_or_create(user=request.user)
    shares = selectors.portfolio_active_shares(portfolio=portfolio)
    initial = {"organisations": [share.organisation_id for share in shares]}
    form = PortfolioForm(
        request.POST or None,
        request.FILES or None,
        instance=portfolio,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {
            name: data[name]
            for name in PortfolioForm.Meta.fields
            if name != "visibility"
        }
        try:
            # Both or neither: a refused share must not leave a half-saved page.
            with transaction.atomic():
                services.portfolio_update(
                    portfolio=portfolio,
                    user=request.user,
                    photo=data.get("photo_upload"),
                    **fields,
                )
                services.portfolio_audience_set(
                    member=request.user,
                    visibility=data["visibility"],
                    organisations=list(data["organisations"]),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre portfolio est enregistré."))
            return redirect(reverse("skills:portfolio-edit"))
    context = {
        "form": form,
        "portfolio": portfolio,
        "shares": shares,
        "page_url": request.build_absolute_uri(portfolio.get_absolute_url()),
    }
    return render(request, "skills/portfolio_edit.html", context)


@partner_required
def partner_members(request):
    """Members who shared their portfolio with the partner's organisation, and
    nobody else; filtered by competence and minimum level."""
    form = PartnerFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        # An invalid filter (competence=9.9, min_level=abc) lists nobody: listing
        # everyone would read as "all these members match".
        context = {"form": form, "page": None, "rows": [], "invalid_filter": True}
        response = render(request, "skills/partner_members.html", context, status=400)
        response["Cache-Control"] = "private, no-store"
        return response
    competence = min_level = None
    if form.is_bound:
        competence = form.cleaned_data["competence"] or None
        min_level = form.cleaned_data["min_level"]
    portfolios = selectors.partner_shared_portfolios(
        organisation_id=request.user.organisation_id or 0,
        competence_code=competence,
        min_level=min_level,
    )
    page = Paginator(portfolios, PARTNER_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"portfolio": p, "skills": selectors.skill_summaries(p.user.active)}
        for p in page
    ]
    context = {"form": form, "page": page, "rows": rows, "site": settings.SITE_URL}
    response = render(request, "skills/partner_members.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@trainer_required
@require_http_methods(["GET", "POST"])
def skill_attest(request, pk: int):
    """A trainer attests a skill of a learner of one of their groups; any other
    member is a 404 (their existence is not confirmed)."""
    learner = get_object_or_404(
        User.objects.filter(learner_groups__trainer=request.user).distinct(), pk=pk
    )
    form = AttestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.skill_attest(
                trainer=request.user, learner=learner, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La compétence est attestée."))
            return redirect(reverse("skills:skill-attest", args=[learner.pk]))
    return render(
        request, "skills/skill_attest.html", {"form": form, "learner": learner}
    )
