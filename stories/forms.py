"""Forms of the stories app: the story, the staff's review, the public filters."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from certificates.models import Certificate
from members.forms import MemberChoiceField
from members.models import User
from skills.models import Competence, MemberSkill

from .models import (
    BODY_MAX_LENGTH,
    LANGUAGE_CHOICES,
    TITLE_MAX_LENGTH,
    TRANSCRIPT_MAX_LENGTH,
    Story,
)
from .services import Decision


class CertificateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, certificate: Certificate) -> str:
        return f"{certificate.course_title} ({certificate.display_code})"


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, skill: MemberSkill) -> str:
        source = (
            _("certifiée")
            if skill.source == MemberSkill.Source.CERTIFIED
            else _("attestée par un formateur")
        )
        return _("%(code)s %(name)s — niveau %(level)s, %(source)s") % {
            "code": skill.competence.code,
            "name": skill.competence.name,
            "level": skill.level,
            "source": source,
        }


def _counted(field: forms.CharField) -> None:
    """No `maxlength` (the browser would cut a long paste silently): a live counter
    instead (static/js/long-texts.js), and the form refuses, keeping the text."""
    field.widget.attrs.pop("maxlength", None)
    limit = field.max_length
    field.widget.attrs["data-maxlength"] = limit
    field.widget.attrs["data-counter"] = ngettext(
        "{count} / %(max)s caractère", "{count} / %(max)s caractères", limit
    ) % {"max": limit}


class StoryForm(forms.Form):
    """A story as its author (or the drafting trainer) writes it; the evidence is
    chosen among the author's own certificates and skills only."""

    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX_LENGTH)
    kind = forms.ChoiceField(
        label=_("Type de réussite"),
        choices=Story.Kind.choices,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Votre histoire"),
        max_length=BODY_MAX_LENGTH,
        help_text=_(
            "Quelques phrases simples : ce que vous avez réussi, comment, ce qui "
            "vous a aidé. Une ligne vide commence un nouveau paragraphe."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    language = forms.ChoiceField(
        label=_("Langue du récit"), choices=LANGUAGE_CHOICES, initial="fr"
    )
    photo_upload = forms.FileField(
        label=_("Photo (facultative)"),
        required=False,
        help_text=_("Une image PNG, JPEG ou WebP."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
    )
    photo_alt = forms.CharField(
        label=_("Ce que montre la photo"),
        max_length=200,
        required=False,
        help_text=_(
            "Obligatoire avec une photo : pour les personnes qui ne la voient pas."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Retirer la photo"), required=False)
    audio_upload = forms.FileField(
        label=_("Enregistrement audio (facultatif)"),
        required=False,
        help_text=_("Vous préférez parler ? Un son MP3, M4A ou OGG."),
        widget=forms.ClearableFileInput(attrs={"accept": "audio/*"}),
    )
    audio_transcript = forms.CharField(
        label=_("Transcription de l'audio (facultative)"),
        max_length=TRANSCRIPT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    remove_audio = forms.BooleanField(
        label=_("Retirer l'enregistrement"), required=False
    )
    certificates = CertificateChoiceField(
        label=_("Certificats qui prouvent cette réussite"),
        queryset=Certificate.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = SkillChoiceField(
        label=_("Compétences qui ont servi"),
        queryset=MemberSkill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, author, story: Story | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("body", "audio_transcript"):
            _counted(self.fields[name])
        self.fields["certificates"].queryset = Certificate.objects.filter(
            user=author, status__in=Certificate.ACTIVE
        ).order_by("-issued_on", "pk")
        self.fields["skills"].queryset = (
            MemberSkill.objects.filter(user=author, withdrawn_at__isnull=True)
            .select_related("competence")
            .order_by("competence__area__number", "competence__position", "-level")
        )
        if story is None or not story.photo:
            del self.fields["remove_photo"]
        if story is None or not story.audio:
            del self.fields["remove_audio"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["photo"] = data.pop("photo_upload", None) or None
        data["audio"] = data.pop("audio_upload", None) or None
        data["certificates"] = list(data["certificates"])
        data["skills"] = list(data["skills"])
        return data


def story_form_initial(story: Story) -> dict:
    return {
        "title": story.title,
        "kind": story.kind,
        "body": story.body,
        "language": story.language,
        "photo_alt": story.photo_alt,
        "audio_transcript": story.audio_transcript,
        "certificates": list(story.certificates.values_list("pk", flat=True)),
        "skills": list(story.skills.values_list("pk", flat=True)),
    }


class ReviewForm(forms.Form):
    """The staff's decision on a story in review, with a comment to the member."""

    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[
            (Decision.APPROVE, _("Publier")),
            (Decision.CHANGES, _("Demander des changements")),
            (Decision.REFUSE, _("Refuser")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire pour le membre"),
        required=False,
        max_length=2000,
        help_text=_("Obligatoire pour demander des changements ou refuser."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
    )


class StoryFilterForm(forms.Form):
    """The public list's filters: a DigComp competence, a kind, a language."""

    competence = forms.ChoiceField(label=_("Compétence"), required=False)
    kind = forms.ChoiceField(
        label=_("Type de réussite"),
        required=False,
        choices=[("", _("Tous"))] + list(Story.Kind.choices),
    )
    language = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("Toutes"))] + LANGUAGE_CHOICES,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        competences = Competence.objects.in_framework().order_by(
            "area__number", "position"
        )
        self.fields["competence"].choices = [("", _("Toutes"))] + [
            (c.code, str(c)) for c in competences
        ]


class LearnerChoiceForm(forms.Form):
    """A trainer picks which learner of their groups they write a story with."""

    learner = MemberChoiceField(label=_("Apprenant·e"), queryset=None)

    def __init__(self, *args, trainer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learner"].queryset = (
            User.objects.filter(learner_groups__trainer=trainer)
            .distinct()
            .order_by("first_name", "last_name", "pk")
        )
