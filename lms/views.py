"""Pages that belong to no single app: the home page and the accessibility statement."""

from django.shortcuts import render

from certificates.forms import VerifyForm
from courses import selectors as course_selectors
from members import selectors as member_selectors
from members.permissions import is_partner, is_trainer


def home(request):
    """One obvious next step for each role; what the platform offers for visitors."""
    user = request.user
    context = {}
    if is_trainer(user):
        template = "home/trainer.html"
        context["courses"] = course_selectors.courses_taught_by(user)
        context["groups"] = member_selectors.groups_led_by(user).order_by(
            "-created_at"
        )[:5]
    elif is_partner(user):
        template = "home/partner.html"
        context["form"] = VerifyForm()
    elif user.is_authenticated:
        template = "home/learner.html"
        context["home"] = course_selectors.learner_home(user=user)
    else:
        template = "home/visitor.html"
    return render(request, template, context)


def accessibility(request):
    return render(request, "home/accessibility.html")
