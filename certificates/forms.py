"""The verification form: a code typed by a partner, read forgivingly."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .codes import code_parse

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
