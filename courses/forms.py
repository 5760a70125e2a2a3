"""Forms of the courses app: the catalogue's search and filters."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from skills.models import CompetenceArea, ProficiencyBand

from .querysets import DurationRange

AREA_CHOICES_TTL = 3600


def _area_choices() -> list[tuple[int, str]]:
    """DigComp 2.2's areas named in the active language.

    Cached: they change only with a new framework, and the query would otherwise
    be one more on every catalogue page.
    """
    key = f"courses:catalogue-areas:{get_language()}"
    choices = cache.get(key)
    if choices is None:
        areas = CompetenceArea.objects.in_framework().order_by("number")
        choices = [(area.number, str(area)) for area in areas]
        cache.set(key, choices, AREA_CHOICES_TTL)
    return choices


class CatalogueFilterForm(forms.Form):
    """The catalogue's search and filters, read from the query string.

    A value the form does not know is reported next to its field and ignored; the
    other filters still apply.
    """

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    area = forms.TypedChoiceField(
        label=_("Domaine de compétences"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    level = forms.ChoiceField(label=_("Niveau"), required=False)
    language = forms.ChoiceField(label=_("Langue du module"), required=False)
    duration = forms.ChoiceField(label=_("Durée"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Tous les domaines")), *_area_choices()]
        self.fields["level"].choices = [
            ("", _("Tous les niveaux")),
            *ProficiencyBand.choices,
        ]
        self.fields["language"].choices = [
            ("", _("Toutes les langues")),
            *settings.LANGUAGES,
        ]
        self.fields["duration"].choices = [
            ("", _("Toutes les durées")),
            *DurationRange.choices,
        ]

    def filters(self) -> dict:
        """The valid search and filters, as course_catalogue() keyword arguments."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if data.get(name)}

    def active_filters(self) -> list[dict]:
        """Each valid filter in use: its name, label, value in words, and the
        address of the same search without it."""
        filters = self.filters()
        active = []
        for name, value in filters.items():
            field = self.fields[name]
            words = dict(field.choices).get(value, value) if name != "q" else value
            # The other valid filters, as typed; invalid values and the page go.
            without = QueryDict(mutable=True)
            for other in filters:
                if other != name:
                    without[other] = self.data[other]
            active.append(
                {
                    "name": name,
                    "label": field.label,
                    "value": words,
                    "remove_url": f"?{without.urlencode()}",
                }
            )
        return active
