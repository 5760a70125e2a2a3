"""Forms of the skills app: the member's portfolio, the partners' filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from .models import Competence, Portfolio
from .services import shared_without_organisation_error


class PortfolioForm(forms.ModelForm):
    """What shows on the portfolio and who sees it; never the levels."""

    photo_upload = forms.ImageField(label=_("Photo (facultative)"), required=False)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations avec qui partager"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Elles verront votre portfolio tant que vous le partagez."),
    )

    class Meta:
        model = Portfolio
        fields = [
            "headline",
            "languages",
            "region",
            "about",
            "job_sought",
            "visibility",
            "search_engines",
        ]
        widgets = {
            "visibility": forms.RadioSelect,
            "about": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }

    def clean(self):
        data = super().clean()
        if data.get("visibility") == Portfolio.Visibility.SHARED and not data.get(
            "organisations"
        ):
            self.add_error("organisations", shared_without_organisation_error())
        return data


class PartnerFilterForm(forms.Form):
    """Filter shared members by one competence and a minimum level."""

    competence = forms.ChoiceField(label=_("Compétence"), required=False)
    min_level = forms.TypedChoiceField(
        label=_("Niveau minimum"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(n, str(n)) for n in range(1, 9)],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competences = Competence.objects.in_framework().order_by(
            "area__number", "position"
        )
        self.fields["competence"].choices = [("", "—")] + [
            (c.code, str(c)) for c in competences
        ]


class AttestForm(forms.Form):
    """A trainer attests a level observed in a workshop, with a short note."""

    competence = forms.ModelChoiceField(
        label=_("Compétence"),
        queryset=Competence.objects.in_framework().order_by("area__number", "position"),
    )
    level = forms.TypedChoiceField(
        label=_("Niveau observé"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 9)],
    )
    note = forms.CharField(
        label=_("Ce que vous avez observé (facultatif)"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300}),
    )
