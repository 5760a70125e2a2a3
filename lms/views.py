"""Pages that belong to no single app: home, accessibility statement, media files."""

from django.conf import settings
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults

from certificates import selectors as certificate_selectors
from certificates.forms import VerifyForm
from core.files import public_file_response
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
        context["certificates_news"] = certificate_selectors.certificates_news(
            user=user, enrollments=context["home"].enrollments
        )
    else:
        template = "home/visitor.html"
    return render(request, template, context)


def accessibility(request):
    return render(request, "home/accessibility.html")


# Served only by their own views, which check who asks: H5P packages and their
# files (h5p:file), certificate PDFs (the holder's page, or /v/<code>/pdf),
# portfolio photos (/m/<slug>/photo) and stories' photos and recordings.
PRIVATE_MEDIA = ("h5p/", "certificates/", "portfolios/", "stories/", "reports/")


def media(request, path: str):
    """Uploaded files, read through the configured storage (a disk or a private
    bucket), when no web server serves them. Names are generated and contents
    checked at upload."""
    if not settings.SERVE_MEDIA or path.startswith(PRIVATE_MEDIA):
        raise Http404
    return public_file_response(request, path)


def bad_request(request, exception=None):
    """Django's 400 page, worded for the page that refused: a partner who pasted
    too many codes is not told to cut a lesson. A page gets its own wording with a
    template 400/<namespace>_<url name>.html; the others share 400.html."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
    names = []
    if match is not None and match.view_name:
        names.append(f"400/{match.view_name.replace(':', '_')}.html")
    template = select_template([*names, "400.html"])
    return HttpResponseBadRequest(template.render({}, request))


def page_not_found(request, exception=None):
    """Django's 404 page; under /api/ the JSON every API answer has, so a client
    reading an address no route matches gets the same shape as any other 404."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Cette ressource n’existe pas.")}, status=404)
    return defaults.page_not_found(request, exception)
