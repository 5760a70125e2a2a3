"""Forms of the courses app: the catalogue's search and filters."""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from skills.models import Competence, CompetenceArea, ProficiencyBand

from .models import Course, Lesson, Module
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


# --- Authoring (/teach/): what a trainer may type; status and trainers never ---

COMPETENCE_ROWS = 3
LEVEL_CHOICES = [("", "—"), *((n, str(n)) for n in range(1, 9))]


class CourseForm(forms.ModelForm):
    """A course's text and facts, and up to three competences with their level."""

    prerequisites = forms.ModelMultipleChoiceField(
        label=_("Modules à suivre avant"),
        queryset=Course.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "summary",
            "description_markdown",
            "language",
            "level_band",
            "duration_hours",
            "certificate_validity_months",
        ]
        help_texts = {
            "slug": _("Laissez vide : elle est faite à partir du titre."),
            "certificate_validity_months": _(
                "Vide : le certificat reste valable. Par exemple 24 pour deux ans."
            ),
            "description_markdown": _("En Markdown : **gras**, listes avec -."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        published = Course.objects.published().only("id", "title").order_by("title")
        if self.instance.pk:
            published = published.exclude(pk=self.instance.pk)
            self.initial.setdefault(
                "prerequisites", list(self.instance.prerequisites.all())
            )
        self.fields["prerequisites"].queryset = published
        competences = Competence.objects.in_framework().select_related("area")
        choices = [("", _("Aucune"))] + [(c.pk, str(c)) for c in competences]
        current = (
            list(self.instance.course_competences.all()) if self.instance.pk else []
        )
        for row in range(1, COMPETENCE_ROWS + 1):
            self.fields[f"competence_{row}"] = forms.TypedChoiceField(
                label=_("Compétence %(n)s") % {"n": row},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"level_{row}"] = forms.TypedChoiceField(
                label=_("Niveau atteint (compétence %(n)s)") % {"n": row},
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            if row <= len(current):
                self.initial.setdefault(
                    f"competence_{row}", current[row - 1].competence_id
                )
                self.initial.setdefault(f"level_{row}", current[row - 1].level)

    def clean(self):
        cleaned = super().clean()
        for row in range(1, COMPETENCE_ROWS + 1):
            if cleaned.get(f"competence_{row}") and not cleaned.get(f"level_{row}"):
                self.add_error(f"level_{row}", _("Choisissez le niveau atteint."))
        return cleaned

    def course_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def competences(self) -> dict:
        """The chosen competences with their level (a repeated one counts once)."""
        chosen = {}
        for row in range(1, COMPETENCE_ROWS + 1):
            pk = self.cleaned_data.get(f"competence_{row}")
            if pk:
                chosen[pk] = self.cleaned_data[f"level_{row}"]
        rows = Competence.objects.in_bulk(list(chosen))
        return {rows[pk]: level for pk, level in chosen.items() if pk in rows}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "unlock_in_order"]


class LessonDetailsForm(forms.ModelForm):
    """An activity lesson's title, duration and whether it is required."""

    class Meta:
        model = Lesson
        fields = ["title", "minutes", "required"]


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "minutes", "required", "body_markdown"]
        widgets = {"body_markdown": forms.Textarea(attrs={"rows": 16})}
        help_texts = {
            "body_markdown": _(
                "En Markdown : ## pour un titre, **gras**, - pour une liste."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The live preview (htmx); the "Aperçu" button does the same without it.
        self.fields["body_markdown"].widget.attrs.update(
            {
                "hx-post": reverse("teach:markdown-preview"),
                "hx-trigger": "keyup changed delay:500ms",
                "hx-target": "#markdown-preview",
                "hx-swap": "innerHTML",
            }
        )


class MarkdownPreviewForm(forms.Form):
    body_markdown = forms.CharField(required=False)


class LessonImageForm(forms.Form):
    """An image for a lesson and its description for people who cannot see it."""

    image = forms.FileField(
        label=_("Image (PNG, JPEG ou WebP, 5 Mo au plus)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
    )
    alt = forms.CharField(
        label=_("Texte alternatif"),
        max_length=200,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )


class CourseCoverForm(forms.Form):
    """The course's cover picture and what it shows, or its removal."""

    cover_image = forms.FileField(
        label=_("Image (PNG, JPEG ou WebP)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    cover_alt = forms.CharField(
        label=_("Texte alternatif"),
        max_length=200,
        required=False,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    remove = forms.BooleanField(label=_("Retirer l'image"), required=False)


class LessonMediaForm(forms.Form):
    """A lesson's recording and video, each with the transcript that must go with it."""

    audio = forms.FileField(
        label=_("Enregistrement audio (MP3, M4A ou OGG)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "audio/mpeg,audio/mp4,audio/ogg"}),
    )
    audio_transcript = forms.CharField(
        label=_("Transcription de l'audio"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tout ce qui est dit, pour les personnes qui n'entendent pas."),
    )
    remove_audio = forms.BooleanField(label=_("Retirer l'audio"), required=False)
    video = forms.FileField(
        label=_("Vidéo (MP4 ou WebM)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    video_transcript = forms.CharField(
        label=_("Transcription de la vidéo"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ce qui est dit et ce qui se passe à l'écran."),
    )
    remove_video = forms.BooleanField(label=_("Retirer la vidéo"), required=False)
