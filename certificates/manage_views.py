"""Certificates of a course for its trainers (staff: every course): revoke with an
internal reason, re-issue after a name correction or a retake."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.selectors import course_for_teacher
from members.permissions import trainer_required

from . import selectors, services
from .models import Certificate


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Raison de la révocation (interne, jamais publiée)"),
        max_length=services.REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _list_url(certificate: Certificate) -> str:
    return reverse("certificates:course-certificates", args=[certificate.course_id])


@trainer_required
def course_certificates(request, pk: int):
    """The course's certificates: holder, code, status, date, and the actions."""
    course = course_for_teacher(request.user, pk)
    context = {"course": course, "certificates": selectors.course_certificates(course)}
    return render(request, "certificates/manage/course_certificates.html", context)


@trainer_required
def certificate_revoke(request, pk: int):
    """Asks for the reason, then revokes from today."""
    certificate = selectors.certificate_for_teacher(request.user, pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Certificat %(code)s révoqué.") % {"code": certificate.display_code},
            )
            return redirect(_list_url(certificate))
    context = {"certificate": certificate, "course": certificate.course, "form": form}
    return render(request, "certificates/manage/certificate_revoke.html", context)


@trainer_required
def certificate_reissue(request, pk: int):
    """Asks for confirmation, then replaces the certificate by a new one."""
    certificate = selectors.certificate_for_teacher(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            new = services.certificate_reissue(certificate=certificate, by=request.user)
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(
                request,
                _(
                    "Nouveau certificat %(new)s : il remplace %(old)s. "
                    "Son PDF sera prêt dans quelques instants."
                )
                % {"new": new.display_code, "old": certificate.display_code},
            )
            return redirect(_list_url(certificate))
    context = {"certificate": certificate, "course": certificate.course, "error": error}
    return render(request, "certificates/manage/certificate_reissue.html", context)
