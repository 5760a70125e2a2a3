"""Forms of H5P authoring: a package placed as a lesson of a module."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MEGABYTE = 1024 * 1024


class H5PLessonForm(forms.Form):
    """An .h5p package, and how the lesson that plays it shows in the module."""

    package = forms.FileField(
        label=_("Paquet H5P (.h5p)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".h5p,application/zip"}),
    )
    title = forms.CharField(
        label=_("Titre de la leçon"),
        max_length=200,
        required=False,
        help_text=_("Vide : le titre de l'activité."),
    )
    minutes = forms.IntegerField(
        label=_("Durée estimée (minutes)"),
        initial=5,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    required = forms.BooleanField(label=_("Obligatoire"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["package"].help_text = _(
            "%(max)s Mo au plus. Les bibliothèques dont il a besoin doivent déjà "
            "être installées (par l'équipe Sirius Hub)."
        ) % {"max": max(1, settings.H5P_MAX_PACKAGE_BYTES // MEGABYTE)}
