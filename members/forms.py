"""Forms of the members app: groups of learners and choosing a password or a PIN."""

import re
import unicodedata
from collections import Counter

from allauth.account.forms import ConfirmLoginCodeForm as AllauthConfirmLoginCodeForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

from core.cache import cache_reachable
from core.digits import numeric_attrs, typed_normalise

from .services import PersonName
from .validators import pin_normalise

MAX_GROUP_SIZE = 40
# Long enough for Belgian double names, short enough for a printed card.
FIRST_NAME_MAX = 40
LAST_NAME_MAX = 60
# Besides letters and the accents combined with them, what names are made of
# (the zero-width non-joiner and joiner belong to Persian and Kurdish names).
NAME_MARKS = set("-'’.\u200c\u200d")
SEPARATORS = re.compile(r"[\s,;]+")


class LearnerGroupForm(forms.Form):
    """A group name and one person a line: first name, then last name."""

    name = forms.CharField(label=_("Nom du groupe"), max_length=120)
    language = forms.ChoiceField(
        label=_("Langue des cartes de connexion"),
        help_text=_(
            "Les cartes sont imprimées dans cette langue. Une personne qui choisit "
            "une autre langue sur le site reçoit ensuite sa carte dans sa langue."
        ),
        choices=[],
        required=False,
    )
    people = forms.CharField(
        label=_("Les personnes du groupe"),
        help_text=_(
            "Une personne par ligne : le prénom, puis le nom, puis l'adresse "
            "e-mail si la personne en a une. Par exemple : "
            "Léa Dupont lea.dupont@exemple.be"
        ),
        max_length=MAX_GROUP_SIZE * 200,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    under_13 = forms.TypedChoiceField(
        label=_("Âge des personnes"),
        choices=[
            ("", _("Toutes ont 13 ans ou plus")),
            ("1", _("Certaines ont moins de 13 ans")),
        ],
        coerce=bool,
        empty_value=False,
        required=False,
        initial="",
        widget=forms.RadioSelect,
        help_text=_(
            "Avant 13 ans, un représentant légal décide si le portfolio peut "
            "être vu par d'autres : il reste privé jusqu'à son accord. Dans un "
            "groupe mélangé, corrigez ensuite l'âge de chacun sur la page du groupe."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "Ces personnes sont d'accord pour avoir un compte "
            "(et, avant 13 ans, un représentant légal aussi)."
        ),
        required=True,
        error_messages={
            "required": _("Cochez cette case quand les personnes sont d'accord.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language in its own name, as the language switch shows them.
        self.fields["language"].choices = [
            (code, get_language_info(code)["name_local"].capitalize())
            for code, _name in settings.LANGUAGES
        ]
        self.fields["language"].initial = get_language() or settings.LANGUAGE_CODE

    def clean_people(self) -> list[PersonName]:
        people, errors, seen = [], [], {}
        for number, line in enumerate(self.cleaned_data["people"].splitlines(), 1):
            if not line.strip():
                continue
            try:
                person = person_parse(line, number)
            except forms.ValidationError as error:
                errors.append(error)
                continue
            email = person.email.lower()
            if email and email in seen:
                errors.append(
                    forms.ValidationError(
                        _(
                            "Ligne %(number)s : l'adresse %(email)s est déjà sur la "
                            "ligne %(other)s. Une adresse e-mail est à une seule "
                            "personne."
                        ),
                        params={
                            "number": number,
                            "email": person.email,
                            "other": seen[email],
                        },
                        code="email_twice",
                    )
                )
            elif email:
                seen[email] = number
            people.append(person)
        if errors:
            # Every refused line at once; nothing is created until all are right.
            raise forms.ValidationError(errors)
        if not people:
            raise forms.ValidationError(_("Écrivez au moins une personne."))
        if len(people) > MAX_GROUP_SIZE:
            raise forms.ValidationError(
                ngettext(
                    "Un groupe a au plus %(max)s personne.",
                    "Un groupe a au plus %(max)s personnes.",
                    MAX_GROUP_SIZE,
                ),
                params={"max": MAX_GROUP_SIZE},
            )
        return people


def _line_error(message, number: int, code: str, **params) -> forms.ValidationError:
    return forms.ValidationError(
        message, params={"number": number, **params}, code=code
    )


def _name_character(char: str) -> bool:
    mark = unicodedata.category(char).startswith("M")  # an accent combined
    return char.isalpha() or mark or char in NAME_MARKS


def person_parse(line: str, number: int) -> PersonName:
    """One line of the list: the first name, the last name, and an e-mail address
    if the person has one, separated by spaces, tabs, commas or semicolons (as a
    spreadsheet's columns paste)."""
    words = SEPARATORS.split(line.strip())
    emails = [w for w in words if "@" in w]
    names = [w for w in words if w and "@" not in w]
    if len(emails) > 1:
        raise _line_error(
            _("Ligne %(number)s : une seule adresse e-mail par personne."),
            number,
            "emails",
        )
    email = emails[0] if emails else ""
    if email:
        try:
            validate_email(email)
        except forms.ValidationError:
            raise _line_error(
                _(
                    "Ligne %(number)s : « %(email)s » n'est pas une adresse e-mail. "
                    "Vérifiez-la, ou effacez-la."
                ),
                number,
                "email",
                email=email,
            ) from None
    if len(names) < 2:
        raise _line_error(
            _("Ligne %(number)s : écrivez le prénom et le nom."), number, "one_word"
        )
    for word in names:
        if not all(_name_character(c) for c in word):
            raise _line_error(
                _(
                    "Ligne %(number)s : « %(word)s » n'est pas un nom. Un nom a "
                    "des lettres, sans chiffres ni signes."
                ),
                number,
                "not_a_name",
                word=word,
            )
    first_name, last_name = names[0], " ".join(names[1:])
    if len(first_name) > FIRST_NAME_MAX:
        raise _line_error(
            ngettext(
                "Ligne %(number)s : ce prénom est trop long. Un prénom a au plus "
                "%(count)s lettre.",
                "Ligne %(number)s : ce prénom est trop long. Un prénom a au plus "
                "%(count)s lettres.",
                FIRST_NAME_MAX,
            ),
            number,
            "too_long",
            count=FIRST_NAME_MAX,
        )
    if len(last_name) > LAST_NAME_MAX:
        raise _line_error(
            ngettext(
                "Ligne %(number)s : ce nom est trop long. Un nom a au plus "
                "%(count)s lettre.",
                "Ligne %(number)s : ce nom est trop long. Un nom a au plus "
                "%(count)s lettres.",
                LAST_NAME_MAX,
            ),
            number,
            "too_long",
            count=LAST_NAME_MAX,
        )
    return PersonName(
        first_name=first_name, last_name=last_name, email=email, line=number
    )


def account_label(user, trainer) -> str:
    """An existing account as a trainer tells it apart: name, username, and the
    trainer's groups it is in."""
    groups = [g.name for g in user.learner_groups.all() if g.trainer_id == trainer.pk]
    label = _("%(name)s — identifiant %(username)s") % {
        "name": user.get_full_name(),
        "username": user.username,
    }
    if groups:
        label += " — " + _("groupe %(groups)s") % {"groups": ", ".join(groups)}
    return label


class ExistingAccountsForm(forms.Form):
    """For each line that may be someone who already has an account: add that
    account to the group, or create another one. Nobody is chosen for the
    trainer: a second account for the same person must be a decision."""

    NEW = "new"

    def __init__(self, *args, people, matches, trainer, **kwargs):
        super().__init__(*args, **kwargs)
        self.people, self.matches = people, matches
        for index, users in matches.items():
            person = people[index]
            self.fields[f"existing_{index}"] = forms.ChoiceField(
                label=_("Ligne %(line)s : %(name)s")
                % {
                    "line": person.line,
                    "name": f"{person.first_name} {person.last_name}",
                },
                choices=[
                    *(
                        (
                            str(user.pk),
                            _("Ajouter son compte au groupe : %(account)s")
                            % {"account": account_label(user, trainer)},
                        )
                        for user in users
                    ),
                    (self.NEW, _("Créer un nouveau compte : c'est une autre personne")),
                ],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _(
                        "Choisissez : ajouter le compte qui existe, ou créer un "
                        "nouveau compte."
                    )
                },
            )

    def decisions(self) -> tuple[list[PersonName], list]:
        """The people to create accounts for, and the existing accounts to add."""
        create, add = [], []
        answers = getattr(self, "cleaned_data", {})  # none when no line matched
        for index, person in enumerate(self.people):
            choice = answers.get(f"existing_{index}", self.NEW)
            chosen = [u for u in self.matches.get(index, []) if str(u.pk) == choice]
            if chosen:
                add.append(chosen[0])
            else:
                create.append(person)
        return create, add


class _DistinctNames(forms.models.ModelChoiceIterator):
    """Choices labelled with each member's name, and their username too when
    another member of the list has the same name (two "Léa Dubois")."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        members = list(self.queryset)
        names = Counter(m.get_full_name() or m.username for m in members)
        for member in members:
            name = member.get_full_name() or member.username
            label = (
                _("%(name)s (%(username)s)")
                % {"name": name, "username": member.username}
                if names[name] > 1
                else name
            )
            yield (self.choice(member)[0], label)


class MemberChoiceField(forms.ModelChoiceField):
    """A picker of members that never shows two identical names."""

    iterator = _DistinctNames


class GuardianConsentForm(forms.Form):
    """The trainer confirms a legal representative's answer for one learner."""

    given = forms.TypedChoiceField(
        choices=[("1", _("accord donné")), ("", _("accord retiré"))],
        coerce=bool,
        empty_value=False,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("Un représentant légal me l'a dit ou l'a écrit."),
        error_messages={
            "required": _(
                "Cochez la case pour confirmer la réponse du représentant légal."
            )
        },
    )


class LearnerAgeForm(forms.Form):
    """The trainer corrects one learner's age group (a mixed group, a mistake)."""

    under_13 = forms.TypedChoiceField(
        choices=[("1", _("moins de 13 ans")), ("", _("13 ans ou plus"))],
        coerce=bool,
        empty_value=False,
        required=False,
    )
    confirm = forms.BooleanField(
        label=_("J'ai vérifié l'âge avec la personne ou sa famille."),
        error_messages={"required": _("Cochez la case pour confirmer l'âge.")},
    )


class ChooseSecretForm(forms.Form):
    """A learner chooses a code secret of 6 digits (offered first) or a password.
    Each has its own page, so that a phone shows its digit pad for the code."""

    KINDS = ("pin", "password")

    secret = forms.CharField(strip=False, max_length=128)
    secret_again = forms.CharField(
        label=_("Encore une fois, pour vérifier"), strip=False, max_length=128
    )

    def __init__(self, *args, kind: str = "pin", **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind if kind in self.KINDS else "pin"
        if self.kind == "pin":
            self.fields["secret"].label = _("Mon code secret (6 chiffres)")
            attrs = numeric_attrs(autocomplete="new-password")
        else:
            self.fields["secret"].label = _("Mon mot de passe")
            attrs = {"autocomplete": "new-password"}
        for name in ("secret", "secret_again"):
            self.fields[name].widget = forms.PasswordInput(attrs=attrs)

    def clean(self):
        data = super().clean()
        secret, again = data.get("secret"), data.get("secret_again")
        if self.kind == "pin":
            # ٤٨٢٩١٣ once and 482913 again is the same code.
            secret, again = pin_normalise(secret or ""), pin_normalise(again or "")
        if secret and secret != again:
            self.add_error(
                "secret_again", _("Ce n'est pas le même. Écrivez-le encore une fois.")
            )
        return data


class LoginForm(AllauthLoginForm):
    """allauth's log-in form, for a password or a card's code secret; a refusal is
    shown next to the secret's field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        password = self.fields.get("password")
        if password is not None:
            # The card and the "choose" page say "code secret": so does this page.
            password.label = _("Mot de passe ou code secret")
            password.widget.attrs["placeholder"] = password.label
            password.help_text = format_html(
                '<a href="{}">{}</a>',
                reverse("account_reset_password"),
                _("Mot de passe ou code secret oublié ?"),
            )

    def clean(self):
        if not cache_reachable():
            # Failed log-ins are counted in the cache: without it, a 6-digit code
            # could be guessed uncounted, so log-ins wait (members already logged
            # in go on: sessions live in the database).
            raise forms.ValidationError(
                _(
                    "La connexion est momentanément indisponible. Réessayez dans "
                    "une minute ; si cela dure, prévenez votre formateur."
                ),
                code="throttle_unavailable",
            )
        if self.cleaned_data.get("password"):
            # A PIN typed in Arabic-Indic digits matches the one stored in ASCII;
            # a password never has the shape of a PIN (8 signs, not only digits).
            self.cleaned_data["password"] = pin_normalise(self.cleaned_data["password"])
        try:
            return super().clean()
        except forms.ValidationError as error:
            # Same words for unknown users, wrong passwords and throttling.
            self.add_error("password", error)
            return self.cleaned_data


class ConfirmLoginCodeForm(AllauthConfirmLoginCodeForm):
    """The code received by e-mail, read with digits and dashes of any script."""

    def clean_code(self) -> str:
        self.cleaned_data["code"] = typed_normalise(self.cleaned_data["code"])
        return super().clean_code()


class SignupForm(AllauthSignupForm):
    """allauth's sign-up, with the member's confirmation that they are 13 or older
    (the Belgian age of digital consent), recorded with its date."""

    age_confirmed = forms.BooleanField(
        label=_("J'ai 13 ans ou plus."),
        help_text=_(
            "En dessous de 13 ans, demandez à un parent ou à votre formateur "
            "de créer votre compte avec vous."
        ),
        required=True,
        error_messages={
            "required": _(
                "Pour créer un compte vous-même, vous devez avoir 13 ans ou plus."
            )
        },
    )

    def custom_signup(self, request, user) -> None:
        user.consent_confirmed_at = timezone.now()
        user.save(update_fields=["consent_confirmed_at"])
