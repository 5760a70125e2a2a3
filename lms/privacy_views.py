"""Mes données: what the platform holds about the member, its download, and
erasing the account."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from members.browser import browser_forget

from . import privacy


class EraseForm(forms.Form):
    """The member retypes their username: erasing cannot be undone."""

    mismatch = gettext_lazy("Ce n'est pas votre identifiant. Écrivez-le exactement.")

    username = forms.CharField(
        label=gettext_lazy("Votre identifiant"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_username(self) -> str:
        typed = self.cleaned_data["username"].strip()
        if typed.lower() != self.user.username.lower():
            raise ValidationError(self.mismatch)
        return typed


class StaffEraseForm(EraseForm):
    """Staff retype the account's username, so the wrong row is never erased."""

    mismatch = gettext_lazy(
        "Ce n'est pas l'identifiant de ce compte. Écrivez-le exactement."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Identifiant du compte")


def _summary(data: dict) -> dict:
    """How many things of each kind, for the page in plain words."""
    courses = data.get("courses", {})
    quizzes = data.get("quizzes", {})
    h5p = data.get("h5p", {})
    certificates = data.get("certificates", {})
    members = data.get("members", {})
    return {
        "enrollments": len(courses.get("enrollments", [])),
        "quiz_attempts": len(quizzes.get("quiz_attempts", [])),
        "h5p_attempts": len(h5p.get("h5p_attempts", [])),
        "certificates": len(certificates.get("certificates", [])),
        "certificate_outcomes": len(certificates.get("certificate_outcomes", [])),
        "groups": len(members.get("groups", [])),
        "login_cards": len(members.get("login_cards", [])),
        "skills": len(data.get("skills", {}).get("skills", [])),
        "stories": len(data.get("stories", {}).get("stories", [])),
        "interests": len(data.get("interests", {}).get("interests_received", [])),
    }


@login_required
@require_GET
def my_data(request):
    """What the platform holds, the consent log, the download and erase buttons."""
    data = privacy.member_export(request.user)
    return render(
        request,
        "privacy/my_data.html",
        {
            "account": data["members"]["account"],
            "age_band": request.user.get_age_band_display(),
            "summary": _summary(data),
            "consent_log": data["consent_log"],
            "refusal": privacy.member_erase_refusal(request.user),
        },
    )


@login_required
@require_GET
def my_data_download(request):
    """Everything as one JSON file, never cached."""
    data = privacy.member_export(request.user)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"mes-donnees-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_data_erase(request):
    """Asks the username again, erases everything, logs the member out."""
    refusal = privacy.member_erase_refusal(request.user)
    form = EraseForm(request.POST or None, user=request.user)
    if refusal is None and request.method == "POST" and form.is_valid():
        privacy.member_erase(request.user)
        logout(request)
        messages.success(
            request,
            _("Votre compte et vos données personnelles ont été effacés."),
        )
        response = redirect("home")
        browser_forget(response)  # nothing of an erased member stays behind
        return response
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "privacy/my_data_erase.html",
        {"form": form, "refusal": refusal},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_erase(request, pk: int):
    """The team erases another person's account at their request (trainers and
    team members cannot erase themselves): same erasure, hand-over checked."""
    if not privacy.may_erase_others(request.user):
        raise Http404
    account = get_object_or_404(get_user_model(), pk=pk)
    refusal = privacy.staff_erase_refusal(user=account, staff=request.user)
    form = StaffEraseForm(request.POST or None, user=account)
    if refusal is None and request.method == "POST" and form.is_valid():
        privacy.member_erase_by_staff(user=account, staff=request.user)
        messages.success(
            request, _("Le compte et ses données personnelles ont été effacés.")
        )
        return redirect("admin:members_user_changelist")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "privacy/staff_erase.html",
        {"form": form, "refusal": refusal, "account": account},
        status=status,
    )
