"""The form of a course archive import: one .zip file."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

MEGABYTE = 1024 * 1024


class ArchiveImportForm(forms.Form):
    """An archive exported from a Sirius Hub platform (<slug>.sirius-course.zip)."""

    archive = forms.FileField(
        label=_("Archive du module (.zip)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["archive"].help_text = _(
            "Un fichier « .sirius-course.zip » exporté depuis Sirius Hub, "
            "%(max)s Mo au plus."
        ) % {"max": max(1, settings.COURSE_ARCHIVE_MAX_BYTES // MEGABYTE)}
