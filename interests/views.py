"""Interest pages: the partner's button, the member's "Qui s'intéresse à moi"
and its decisions, the organisation's list of the people it signalled."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from members.permissions import partner_required
from skills import selectors as skills_selectors
from stories import selectors as stories_selectors

from . import selectors, services
from .forms import DecisionForm
from .models import Interest

PAGE_SIZE = 50


def _express(request, *, member, story=None) -> None:
    """Calls the service; a second press within the week says when it was."""
    try:
        services.interest_express(partner=request.user, member=member, story=story)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "C'est envoyé. La personne est prévenue, et elle choisit si elle "
                "partage son portfolio avec votre organisation."
            ),
        )


@partner_required
@require_POST
def interest_express_portfolio(request, slug: str):
    """ "Je suis intéressé·e" on a portfolio the partner may see; 404 otherwise."""
    portfolio = skills_selectors.portfolio_visible(slug=slug, viewer=request.user)
    _express(request, member=portfolio.user)
    return redirect(portfolio.get_absolute_url())


@partner_required
@require_POST
def interest_express_story(request, slug: str):
    """ "Je suis intéressé·e" on a published story; 404 for any other story."""
    story = stories_selectors.story_visible(slug=slug, viewer=request.user)
    _express(request, member=story.author, story=story)
    return redirect(story.get_absolute_url())


@login_required
@require_GET
def interest_list(request):
    """ "Qui s'intéresse à moi": opening it marks every interest seen."""
    interests = list(selectors.interests_received(member=request.user))
    # Read first so "Nouveau" still shows this once. Opening the page is reading
    # it: marking seen on GET only clears the member's own notice.
    services.interests_mark_seen(member=request.user)
    response = render(
        request,
        "interests/interest_list.html",
        {"interests": interests, "form": DecisionForm()},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def interest_decide(request, pk: int):
    """The member shares their portfolio with the organisation, or not; someone
    else's interest is a 404."""
    interest = get_object_or_404(
        Interest.objects.select_related("organisation"), pk=pk, member=request.user
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez « Partager » ou « Ne pas partager »."))
        return redirect("interests:mine")
    share = form.cleaned_data["share"]
    try:
        services.interest_decide(member=request.user, interest=interest, share=share)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("interests:mine")
    name = interest.organisation.name
    if share:
        messages.success(
            request,
            _(
                "Votre portfolio est partagé avec %(organisation)s. Vous pouvez "
                "retirer ce partage à tout moment dans « Mon portfolio »."
            )
            % {"organisation": name},
        )
    else:
        messages.success(
            request,
            _(
                "C'est noté : vous ne partagez pas votre portfolio avec "
                "%(organisation)s. L'organisation n'est pas prévenue."
            )
            % {"organisation": name},
        )
    return redirect("interests:mine")


@partner_required
@require_GET
def partner_interest_list(request):
    """The people the partner's organisation signalled, and whether each shares
    their portfolio with it now; never a contact detail."""
    interests = selectors.interests_of_organisation(
        organisation_id=request.user.organisation_id or 0
    )
    page = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(request, "interests/partner_interest_list.html", {"page": page})
    response["Cache-Control"] = "private, no-store"
    return response
