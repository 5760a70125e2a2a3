"""Forms of certificates: a code to verify, a partner's list of codes, and the
holder's answer to "what happened since?"."""

import csv
import io
import re

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from members.cards import crockford_clean
from members.models import User

from .codes import BODY_LENGTH, code_parse
from .models import CertificateOutcome

MESSAGES = {
    "format": _(
        "Un code a 13 signes, par exemple ABCD-EFGH-JKMN-P. "
        "Vérifiez ce que vous avez tapé."
    ),
    "typo": _(
        "Ce code contient probablement une faute de frappe. "
        "Comparez-le signe par signe avec le certificat."
    ),
}


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Code du certificat"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        parsed = code_parse(self.cleaned_data["code"])
        if parsed.problem:
            raise forms.ValidationError(MESSAGES[parsed.problem], code=parsed.problem)
        return parsed.canonical


BULK_MAX = 200
CSV_MAX_BYTES = 64 * 1024  # 200 codes fit in 5 kB; anything far larger is not a list
CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel"}
SEPARATORS = re.compile(r"[\n\r,;\t]+")


def codes_split(text: str) -> list[str]:
    """Codes pasted one per line or separated by commas or spaces; a code typed
    with spaces inside ("ABCD EFGH JKMN P") stays one code."""
    codes = []
    for piece in SEPARATORS.split(text or ""):
        buffer: list[str] = []
        for word in piece.split():
            buffer.append(word)
            if len(crockford_clean("".join(buffer))) >= BODY_LENGTH + 1:
                codes.append(" ".join(buffer))
                buffer = []
        if buffer:
            codes.append(" ".join(buffer))
    return codes


def _csv_first_column(content: str) -> list[str]:
    try:
        dialect = csv.Sniffer().sniff(content[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    cells = [row[0].strip() for row in csv.reader(io.StringIO(content), dialect) if row]
    cells = [cell for cell in cells if cell]
    # A header row ("code", "Code du certificat") is not a code to answer.
    if cells and "code" in cells[0].lower() and code_parse(cells[0]).problem:
        cells = cells[1:]
    return cells


class PartnerVerifyForm(forms.Form):
    """Up to 200 codes, pasted or in the first column of a CSV file."""

    codes = forms.CharField(
        label=_("Codes des certificats"),
        help_text=_(
            "Un code par ligne, ou séparés par des virgules ou des espaces. "
            "200 codes au plus."
        ),
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 6, "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    file = forms.FileField(
        label=_("Ou un fichier CSV"),
        help_text=_("Les codes dans la première colonne ; 64 Ko au plus."),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> list[str]:
        upload = self.cleaned_data.get("file")
        if not upload:
            return []
        if not upload.name.lower().endswith(".csv") or (
            upload.content_type and upload.content_type not in CSV_TYPES
        ):
            raise forms.ValidationError(
                _("Ce fichier n'est pas un CSV. Enregistrez la liste au format CSV."),
                code="not_csv",
            )
        if upload.size > CSV_MAX_BYTES:
            raise forms.ValidationError(
                _("Ce fichier est trop grand : 64 Ko au plus (200 codes)."),
                code="too_big",
            )
        raw = upload.read(CSV_MAX_BYTES + 1)
        try:
            content = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                content = raw.decode("cp1252")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("Ce fichier ne se lit pas comme du texte CSV."),
                    code="not_text",
                ) from None
        if "\x00" in content:
            raise forms.ValidationError(
                _("Ce fichier ne se lit pas comme du texte CSV."), code="not_text"
            )
        return _csv_first_column(content)

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        codes = codes_split(cleaned.get("codes", "")) + cleaned.get("file", [])
        if not codes:
            raise forms.ValidationError(
                _("Collez au moins un code, ou choisissez un fichier CSV."),
                code="empty",
            )
        if len(codes) > BULK_MAX:
            raise forms.ValidationError(
                ngettext(
                    "Au plus %(max)s code à la fois (vous en avez donné %(count)s).",
                    "Au plus %(max)s codes à la fois (vous en avez donné %(count)s).",
                    BULK_MAX,
                )
                % {"max": BULK_MAX, "count": len(codes)},
                code="too_many",
            )
        cleaned["code_list"] = codes
        return cleaned


class CertificateOutcomeForm(forms.Form):
    """Several outcomes ticked and "Enregistrer", or "Je préfère ne pas
    répondre"; the member's age band may be given (or taken back) at once."""

    outcomes = forms.MultipleChoiceField(
        label=_("Depuis ce certificat :"),
        help_text=_("Cochez tout ce qui est vrai pour vous."),
        choices=CertificateOutcome.Outcome.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": _("Choisissez vos réponses dans la liste.")},
    )
    age_band = forms.ChoiceField(
        label=_("Votre âge (facultatif)"),
        help_text=_("Une seule réponse pour tous vos certificats."),
        choices=[("", _("Je préfère ne pas le dire")), *User.AgeBand.choices],
        required=False,
        error_messages={
            "invalid_choice": _("Choisissez une tranche d'âge de la liste.")
        },
    )
    # Which button was pressed: the first one also answers the Enter key.
    answer = forms.ChoiceField(
        choices=[("save", "save"), ("decline", "decline")],
        error_messages={
            "required": _(
                "Choisissez « Enregistrer » ou « Je préfère ne pas répondre »."
            ),
            "invalid_choice": _(
                "Choisissez « Enregistrer » ou « Je préfère ne pas répondre »."
            ),
        },
    )

    @property
    def declined(self) -> bool:
        return self.cleaned_data["answer"] == "decline"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("answer") == "decline":
            # Declining wins over boxes left ticked from an earlier answer.
            cleaned["outcomes"] = []
        elif cleaned.get("answer") == "save" and not cleaned.get("outcomes"):
            self.add_error(
                "outcomes",
                forms.ValidationError(
                    _(
                        "Cochez au moins une réponse, ou choisissez « Je préfère "
                        "ne pas répondre »."
                    ),
                    code="empty",
                ),
            )
        return cleaned
