"""Pages of members: groups, log-in cards, card log-in, a PIN, the language."""

from allauth.account.views import logout as allauth_logout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from . import selectors, services
from .browser import browser_forget
from .cards import cards_pdf
from .forms import (
    ChooseSecretForm,
    ExistingAccountsForm,
    GuardianConsentForm,
    LearnerAgeForm,
    LearnerGroupForm,
)
from .language import language_at_login
from .permissions import trainer_required

CARD_SESSION_KEY = "members_logged_in_by_card"


@trainer_required
def group_list(request):
    groups = selectors.groups_led_by(request.user).order_by("-created_at")
    return render(request, "members/group_list.html", {"groups": groups})


@trainer_required
def group_create(request):
    """Creates the group's accounts; people who may already have one are shown
    first, and the trainer chooses between their account and a new one."""
    form = LearnerGroupForm(request.POST or None)
    accounts = None
    if request.method == "POST" and form.is_valid():
        people = form.cleaned_data["people"]
        matches = selectors.people_existing_accounts(request.user, people)
        answered = any(key.startswith("existing_") for key in request.POST)
        accounts = ExistingAccountsForm(
            request.POST if answered else None,
            people=people,
            matches=matches,
            trainer=request.user,
        )
        if not matches or accounts.is_valid():
            create, add = accounts.decisions()
            try:
                group = services.learner_group_create(
                    trainer=request.user,
                    name=form.cleaned_data["name"],
                    people=create,
                    existing=add,
                    consent_confirmed=form.cleaned_data["consent"],
                    under_13=form.cleaned_data["under_13"],
                    language=form.cleaned_data["language"],
                )
            except ValidationError as error:
                form.add_error("people", error)
            else:
                messages.success(
                    request,
                    _(
                        "Le groupe est créé. Imprimez maintenant les cartes de "
                        "connexion."
                    ),
                )
                return redirect(group)
    context = {"form": form, "accounts": accounts}
    return render(request, "members/group_form.html", context)


@trainer_required
def group_detail(request, pk: int):
    group = selectors.group_for_trainer(request.user, pk)
    learners = selectors.group_learners(group)
    context = {
        "group": group,
        "learners": learners,
        "ttl_days": settings.LOGIN_CARD_TTL_DAYS,
    }
    return render(request, "members/group_detail.html", context)


def _errors_as_messages(request, form) -> None:
    """A form posted from a table row: its errors show at the top of the page."""
    for errors in form.errors.values():
        messages.error(request, " ".join(errors))


@require_POST
@trainer_required
def guardian_consent(request, pk: int, user_pk: int):
    """Records a legal representative's yes or no for an under-13 learner's profile."""
    group = selectors.group_for_trainer(request.user, pk)
    learner = selectors.group_learner(group, user_pk)
    form = GuardianConsentForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect(group)
    try:
        services.guardian_consent_set(
            trainer=request.user, learner=learner, given=form.cleaned_data["given"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if form.cleaned_data["given"]:
            text = _("Accord enregistré : le portfolio de %(name)s peut être montré.")
        else:
            text = _("Accord retiré : le portfolio de %(name)s reste privé.")
        messages.success(request, text % {"name": learner.get_full_name()})
    return redirect(group)


@require_POST
@trainer_required
def learner_age(request, pk: int, user_pk: int):
    """Corrects one learner's age group: 13 or over, or under 13."""
    group = selectors.group_for_trainer(request.user, pk)
    learner = selectors.group_learner(group, user_pk)
    form = LearnerAgeForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect(group)
    under_13 = form.cleaned_data["under_13"]
    services.learner_age_set(trainer=request.user, learner=learner, under_13=under_13)
    if under_13:
        text = _(
            "%(name)s a moins de 13 ans : son portfolio reste privé tant qu'un "
            "représentant légal n'a pas donné son accord."
        )
    else:
        text = _("%(name)s a 13 ans ou plus et décide de son portfolio.")
    messages.success(request, text % {"name": learner.get_full_name()})
    return redirect(group)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _cards_pdf(group, printed: list[services.PrintedCard]) -> bytes:
    """Each card in its learner's language; the sheet itself in the trainer's."""
    return cards_pdf(
        [
            (card.user, card.token, selectors.card_language(card.user, group))
            for card in printed
        ],
        sheet_language=translation.get_language() or settings.LANGUAGE_CODE,
    )


@require_POST
@trainer_required
def group_cards(request, pk: int):
    """Prints a new card for every learner of the group (earlier cards stop working)."""
    group = selectors.group_for_trainer(request.user, pk)
    printed = services.login_cards_issue(
        issuer=request.user, learners=list(selectors.group_learners(group))
    )
    return _pdf_response(_cards_pdf(group, printed), f"cartes-groupe-{group.pk}.pdf")


@require_POST
@trainer_required
def learner_card(request, pk: int, user_pk: int):
    """Prints a new card for one learner who forgot their code secret; their
    earlier card stops working."""
    group = selectors.group_for_trainer(request.user, pk)
    learner = selectors.group_learner(group, user_pk)
    printed = services.login_cards_issue(issuer=request.user, learners=[learner])
    return _pdf_response(_cards_pdf(group, printed), f"carte-{learner.username}.pdf")


def card_login(request, token: str):
    """Shows a button (a GET never uses the card, so link previews cannot spend it)."""
    if request.method == "POST":
        try:
            user = services.login_card_redeem(token=token)
        except ValidationError as error:
            return render(
                request,
                "members/card_refused.html",
                {"message": error.messages[0]},
                status=410,
            )
        login(request, user, backend="members.backends.MemberBackend")
        # Only a session opened with a card may set a secret without the old one.
        request.session[CARD_SESSION_KEY] = True
        response = redirect("members:choose-secret")
        language_at_login(request, user, response)
        return response
    return render(request, "members/card_login.html", {"token": token})


@login_required
def choose_secret(request):
    if not request.session.get(CARD_SESSION_KEY):
        # Changing an existing secret asks for the current one (allauth's page),
        # so nobody can take over a session left open on a shared computer.
        return redirect("account_change_password")
    kind = request.POST.get("kind") or request.GET.get("kind") or "pin"
    form = ChooseSecretForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.learner_secret_set(
                user=request.user,
                kind=form.kind,
                secret=form.cleaned_data["secret"],
            )
        except ValidationError as error:
            form.add_error("secret", error)
        else:
            # Changing the password would otherwise end this session.
            update_session_auth_hash(request, user)
            del request.session[CARD_SESSION_KEY]
            messages.success(
                request,
                _("C'est noté. La prochaine fois, connectez-vous avec %(username)s.")
                % {"username": user.username},
            )
            return redirect("home")
    return render(request, "members/choose_secret.html", {"form": form})


def language_set(request):
    """Django's language switch; a logged-in member's choice is also remembered, so
    the e-mails they get later are written in it."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.member_language_set(
            user=request.user, language=request.POST.get("language", "")
        )
    return response


def logout(request):
    """allauth's log-out (same URL, same name), after which the browser forgets the
    member (members/browser.py). Here, because the cookie and header need the
    response: the adapter's logout() and the user_logged_out signal never see
    it, and a middleware would look at every request for this one URL."""
    response = allauth_logout(request)
    if request.method == "POST" and response.status_code == 302:
        browser_forget(response)
    return response
