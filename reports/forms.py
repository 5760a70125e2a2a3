"""The report's question: which period, which organisation (GET parameters)."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Organisation

from . import selectors
from .selectors import Period

# Long enough for a funder's multi-year programme; short enough to stay cheap.
MAX_PERIOD_DAYS = 5 * 366
EARLIEST = date(2020, 1, 1)


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Indiquez une date."),
            "invalid": _("Cette date n'est pas valide : écrivez-la comme 31/03/2026."),
        },
    )


class ReportForm(forms.Form):
    start = _date_field(_("Du"))
    end = _date_field(_("Au (compris)"))
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Toute la plateforme"),
        error_messages={
            "invalid_choice": _("Choisissez une organisation de la liste.")
        },
    )

    def __init__(self, data, *, user, **kwargs):
        super().__init__(data, **kwargs)
        field = self.fields["organisation"]
        field.queryset = selectors.report_organisations(user)
        if not selectors.may_see_whole_platform(user):
            # A coordinator reports on their own organisation only.
            field.required = True
            field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is None or end is None:
            return cleaned
        today = timezone.localdate()
        if start < EARLIEST:
            self.add_error(
                "start",
                _(
                    "La plateforme n'existait pas encore : "
                    "commencez en 2020 au plus tôt."
                ),
            )
        if start > today:
            self.add_error(
                "start", _("Cette date est dans le futur : rien n'y est encore compté.")
            )
        if end < start:
            self.add_error(
                "end", _("La date de fin doit être le même jour que le début ou après.")
            )
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.add_error("end", _("Choisissez une période de 5 ans au plus."))
        return cleaned

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"])


def default_period() -> tuple[date, date]:
    """The last twelve months, up to today."""
    today = timezone.localdate()
    return today - timedelta(days=364), today


def report_form(user, query) -> ReportForm:
    """The form bound to the query (defaults for a first visit); asking for an
    organisation the user may not see is refused (PermissionDenied: 403)."""
    data = query.copy()
    wanted = data.get("organisation", "")
    if selectors.may_see_whole_platform(user):
        pass  # staff may ask for any organisation: the form checks it exists
    elif not wanted:
        data["organisation"] = str(user.organisation_id)
    elif wanted != str(user.organisation_id):
        raise PermissionDenied
    if not data.get("start") and not data.get("end"):
        start, end = default_period()
        data["start"], data["end"] = start.isoformat(), end.isoformat()
    return ReportForm(data, user=user)
