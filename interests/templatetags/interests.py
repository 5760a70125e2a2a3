"""{% interest_button %}: the partner's "Je suis intéressé·e" form on a portfolio
or a story page (one query, for partners only); {% interests_notice %}: the
member's notice of new interests."""

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from ..selectors import interest_counts, interest_recent

register = template.Library()


@register.inclusion_tag("interests/_interest_form.html", takes_context=True)
def interest_button(context, *, portfolio=None, story=None) -> dict:
    """The form, or the date the organisation already said so; nothing for
    visitors, members, trainers and the member themselves."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if story:
        if not story.is_published:
            return {"show": False}
        member_id = story.author_id
        action = reverse("interests:express-story", args=[story.slug])
    elif portfolio:
        member_id = portfolio.user_id
        action = reverse("interests:express-portfolio", args=[portfolio.slug])
    else:
        return {"show": False}
    if not (
        user is not None
        and user.is_authenticated
        and user.is_partner
        and user.organisation_id
        and user.pk != member_id
    ):
        return {"show": False}
    return {
        "show": True,
        "action": action,
        "recent": interest_recent(
            organisation_id=user.organisation_id, member_id=member_id
        ),
        "csrf_token": context.get("csrf_token"),
        # A story's article carries the story's language; this is the interface's.
        "language": get_language(),
    }


@register.inclusion_tag("interests/_interest_notice.html", takes_context=True)
def interests_notice(context) -> dict:
    """On the learner's home: how many organisations are interested and not yet
    seen, and the way to "Qui s'intéresse à moi" once any is (one query)."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"counts": None}
    return {"counts": interest_counts(member=user)}
