"""Forms of quiz authoring under /teach/: one question of each kind, a quiz lesson.

They only shape what a trainer typed; the rules (one right answer, a number for a
number question...) live in the quizzes services, whose errors land on these fields.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from quizzes.models import Question, Quiz

Kind = Question.Kind
CHOICE_ROWS = 6
ROW_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.ORDERING, Kind.MATCHING}
TRUE, FALSE = "true", "false"


def form_errors_add(form: forms.Form, error: ValidationError) -> None:
    """Puts a service's ValidationError next to the fields it names; errors about a
    group of rows ("choices", "questions") go to form.group_errors, others on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field in form.fields:
            form.add_error(field, errors)
        elif field in form.group_errors:
            form.group_errors[field] += [m for e in errors for m in e.messages]
        else:
            form.add_error(None, errors)


class _GroupErrorsMixin:
    group_names: tuple[str, ...] = ()

    def _group_errors_init(self) -> None:
        self.group_errors: dict[str, list[str]] = {n: [] for n in self.group_names}

    @property
    def has_group_errors(self) -> bool:
        return any(self.group_errors.values())


class QuestionForm(_GroupErrorsMixin, forms.Form):
    """One question of one kind; choice-like answers come as numbered rows, and
    empty rows are ignored."""

    group_names = ("choices",)

    text_markdown = forms.CharField(
        label=_("Question"),
        max_length=10_000,
        error_messages={"required": _("Écrivez la question.")},
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("En Markdown : **gras**, - pour une liste."),
    )
    image = forms.FileField(
        label=_("Image (PNG, JPEG ou WebP, facultative)"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    image_alt = forms.CharField(
        label=_("Texte alternatif de l'image"),
        max_length=200,
        required=False,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    remove_image = forms.BooleanField(label=_("Retirer l'image"), required=False)
    feedback_markdown = forms.CharField(
        label=_("Explication montrée avec la correction"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    competence_codes = forms.MultipleChoiceField(
        label=_("Compétences évaluées"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        competences: list[tuple[str, str]],
        question: Question | None = None,
        **kwargs: Any,
    ):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = question_initial(question)
        super().__init__(*args, **kwargs)
        self._group_errors_init()
        self.kind = kind
        self.question = question
        # Never fewer rows than the question has choices: saving must drop none.
        stored = len(question.choices.all()) if question is not None else 0
        self.row_count = max(CHOICE_ROWS, stored)
        self.fields["competence_codes"].choices = competences
        if not competences:
            del self.fields["competence_codes"]
        if question is None or not question.image:
            del self.fields["remove_image"]
        self._kind_fields_add()

    def _kind_fields_add(self) -> None:
        kind = self.kind
        if kind == Kind.TRUE_FALSE:
            self.fields["answer"] = forms.ChoiceField(
                label=_("L'affirmation est"),
                choices=[(TRUE, _("Vraie")), (FALSE, _("Fausse"))],
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Dites si l'affirmation est vraie ou fausse.")
                },
            )
        elif kind == Kind.SHORT_TEXT:
            self.fields["accepted_answers"] = forms.CharField(
                label=_("Réponses acceptées, une par ligne"),
                max_length=5_000,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages={"required": _("Donnez au moins une réponse acceptée.")},
                help_text=_(
                    "Les majuscules, les accents et les espaces en trop "
                    "ne comptent pas."
                ),
            )
        elif kind == Kind.NUMBER:
            self.fields["number_answer"] = forms.CharField(
                label=_("Bonne réponse (nombre)"),
                max_length=20,
                error_messages={"required": _("Donnez la bonne réponse.")},
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
            self.fields["number_tolerance"] = forms.CharField(
                label=_("Tolérance (écart accepté, en plus ou en moins)"),
                max_length=20,
                required=False,
                initial="0",
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        if kind not in ROW_KINDS:
            return
        for n in range(1, self.row_count + 1):
            self.fields[f"choice_{n}_text"] = forms.CharField(
                label=self._row_text_label(), max_length=300, required=False
            )
            if kind in (Kind.SINGLE, Kind.MULTIPLE):
                self.fields[f"choice_{n}_correct"] = forms.BooleanField(
                    label=_("Bonne réponse"), required=False
                )
            if kind == Kind.MATCHING:
                self.fields[f"choice_{n}_match"] = forms.CharField(
                    label=_("À associer avec"), max_length=300, required=False
                )
            if kind in (Kind.SINGLE, Kind.MULTIPLE):
                self.fields[f"choice_{n}_feedback"] = forms.CharField(
                    label=_("Explication si on la choisit"),
                    max_length=500,
                    required=False,
                )

    def _row_text_label(self) -> str:
        if self.kind in (Kind.ORDERING, Kind.MATCHING):
            return _("Élément")
        return _("Texte de la réponse")

    @property
    def main_fields(self) -> list:
        """The fields shown before the rows (everything but the rows and extras)."""
        names = ["text_markdown"]
        names += [
            n
            for n in ("answer", "accepted_answers", "number_answer", "number_tolerance")
            if n in self.fields
        ]
        return [self[n] for n in names]

    @property
    def extra_fields(self) -> list:
        names = [
            "image",
            "image_alt",
            "remove_image",
            "feedback_markdown",
            "competence_codes",
        ]
        return [self[n] for n in names if n in self.fields]

    @property
    def rows(self) -> list[tuple[int, list]]:
        """(row number, its bound fields) for the kinds that have rows."""
        if self.kind not in ROW_KINDS:
            return []
        rows = []
        for n in range(1, self.row_count + 1):
            names = [
                f"choice_{n}_{p}" for p in ("text", "correct", "match", "feedback")
            ]
            rows.append((n, [self[name] for name in names if name in self.fields]))
        return rows

    @property
    def row_legend(self) -> str:
        if self.kind == Kind.ORDERING:
            return _("Étape")
        if self.kind == Kind.MATCHING:
            return _("Paire")
        return _("Réponse")

    @property
    def rows_help(self) -> str:
        if self.kind == Kind.ORDERING:
            return _(
                "Écrivez les éléments dans le bon ordre ; ils seront mélangés "
                "pour chaque personne. Les lignes vides sont ignorées."
            )
        if self.kind == Kind.MATCHING:
            return _(
                "Chaque élément avec ce qui lui correspond ; la colonne de droite "
                "sera mélangée. Les lignes vides sont ignorées."
            )
        if self.kind == Kind.SINGLE:
            return _("Cochez une seule bonne réponse. Les lignes vides sont ignorées.")
        return _("Cochez chaque bonne réponse. Les lignes vides sont ignorées.")

    def choices(self) -> list[dict[str, Any]]:
        """The filled rows as the services' choice dicts."""
        data = self.cleaned_data
        rows = []
        for n in range(1, self.row_count + 1):
            row = {
                "text": data.get(f"choice_{n}_text", ""),
                "is_correct": data.get(f"choice_{n}_correct", False),
                "feedback": data.get(f"choice_{n}_feedback", ""),
                "match_text": data.get(f"choice_{n}_match", ""),
            }
            if row["text"].strip() or row["match_text"].strip():
                rows.append(row)
        return rows

    def service_kwargs(self) -> dict[str, Any]:
        """What question_create/question_update take, from the cleaned data."""
        data = self.cleaned_data
        kwargs: dict[str, Any] = {
            "text_markdown": data["text_markdown"],
            "feedback_markdown": data.get("feedback_markdown", ""),
            "image": data.get("image") or None,
            "image_alt": data.get("image_alt", ""),
            "competence_codes": data.get("competence_codes", []),
            "choices": self.choices(),
        }
        if self.kind == Kind.TRUE_FALSE:
            kwargs["answer"] = {TRUE: True, FALSE: False}.get(data.get("answer"))
        if self.kind == Kind.SHORT_TEXT:
            kwargs["accepted_answers"] = data.get("accepted_answers", "").splitlines()
        if self.kind == Kind.NUMBER:
            kwargs["number_answer"] = data.get("number_answer", "")
            kwargs["number_tolerance"] = data.get("number_tolerance") or 0
        if self.question is not None:
            kwargs["remove_image"] = data.get("remove_image", False)
        return kwargs


def _number_initial(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f")


def question_initial(question: Question) -> dict[str, Any]:
    """A stored question as the form's initial values."""
    initial: dict[str, Any] = {
        "text_markdown": question.text_markdown,
        "image_alt": question.image_alt,
        "feedback_markdown": question.feedback_markdown,
        "competence_codes": list(question.competence_codes),
    }
    choices = list(question.choices.all())
    if question.kind == Kind.TRUE_FALSE:
        right = next((c for c in choices if c.is_correct), None)
        if right is not None:
            initial["answer"] = TRUE if right.position == 0 else FALSE
    elif question.kind == Kind.SHORT_TEXT:
        initial["accepted_answers"] = "\n".join(question.accepted_answers)
    elif question.kind == Kind.NUMBER:
        initial["number_answer"] = _number_initial(question.number_answer)
        initial["number_tolerance"] = _number_initial(question.number_tolerance)
    else:
        for n, choice in enumerate(choices, start=1):
            initial[f"choice_{n}_text"] = choice.text
            initial[f"choice_{n}_correct"] = choice.is_correct
            initial[f"choice_{n}_feedback"] = choice.feedback
            initial[f"choice_{n}_match"] = choice.match_text
    return initial


LESSON_FIELDS = ("title", "minutes", "required")
SETTING_FIELDS = (
    "pass_mark",
    "max_attempts",
    "time_limit_minutes",
    "review_policy",
    "display",
    "shuffle_choices",
    "selection",
    "draw_count",
)


class QuizLessonForm(_GroupErrorsMixin, forms.Form):
    """A quiz lesson, its settings, and its pool: a tick and a place per question
    of the course's bank (lowest place first; no place: after the others)."""

    group_names = ("questions",)

    title = forms.CharField(label=_("Titre"), max_length=200)
    minutes = forms.IntegerField(
        label=_("Durée estimée (minutes)"), min_value=1, max_value=240, initial=10
    )
    required = forms.BooleanField(
        label=_("Obligatoire pour terminer la partie"), required=False, initial=True
    )
    pass_mark = forms.IntegerField(
        label=_("Seuil de réussite (%)"), min_value=0, max_value=100, initial=70
    )
    max_attempts = forms.IntegerField(
        label=_("Nombre de tentatives"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Laissez vide : sans limite."),
    )
    time_limit_minutes = forms.IntegerField(
        label=_("Temps limite (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Laissez vide : pas de limite de temps."),
    )
    review_policy = forms.ChoiceField(
        label=_("Correction visible"),
        choices=Quiz.ReviewPolicy.choices,
        initial=Quiz.ReviewPolicy.AFTER_EACH,
    )
    display = forms.ChoiceField(
        label=_("Affichage"),
        choices=Quiz.Display.choices,
        initial=Quiz.Display.ONE_PER_PAGE,
    )
    shuffle_choices = forms.BooleanField(
        label=_("Mélanger les réponses"), required=False, initial=True
    )
    selection = forms.ChoiceField(
        label=_("Choix des questions"),
        choices=Quiz.Selection.choices,
        initial=Quiz.Selection.FIXED,
        widget=forms.RadioSelect,
    )
    draw_count = forms.IntegerField(
        label=_("Nombre de questions tirées (tirage au hasard)"),
        min_value=1,
        max_value=200,
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        pool: dict[int, int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self._group_errors_init()
        self.questions = questions
        pool = pool or {}
        for question in questions:
            number = question.pk
            self.fields[f"q_{question.pk}"] = forms.BooleanField(
                label=_("Question n°%(n)s") % {"n": number},
                required=False,
                initial=question.pk in pool,
            )
            self.fields[f"pos_{question.pk}"] = forms.IntegerField(
                label=_("Place dans le quiz (question n°%(n)s)") % {"n": number},
                min_value=1,
                max_value=999,
                required=False,
                initial=pool.get(question.pk),
            )

    @property
    def settings_fields(self) -> list:
        return [self[n] for n in (*LESSON_FIELDS, *SETTING_FIELDS)]

    @property
    def pool_rows(self) -> list[tuple[Question, Any, Any]]:
        return [(q, self[f"q_{q.pk}"], self[f"pos_{q.pk}"]) for q in self.questions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("selection") == Quiz.Selection.RANDOM:
            draw = cleaned.get("draw_count")
            if not draw and "draw_count" not in self.errors:
                self.add_error(
                    "draw_count", _("Combien de questions tirer à chaque tentative ?")
                )
            elif draw and draw > len(self.chosen_questions()):
                self.add_error(
                    "draw_count",
                    ngettext(
                        "Vous tirez %(draw)s question mais le quiz n'en contient "
                        "que %(count)s : cochez-en plus ou tirez-en moins.",
                        "Vous tirez %(draw)s questions mais le quiz n'en contient "
                        "que %(count)s : cochez-en plus ou tirez-en moins.",
                        draw,
                    )
                    % {"draw": draw, "count": len(self.chosen_questions())},
                )
        return cleaned

    def chosen_questions(self) -> list[Question]:
        """The ticked questions, by place (no place: after, in the bank's order)."""
        data = self.cleaned_data
        chosen = [
            (data.get(f"pos_{q.pk}") or 10_000, index, q)
            for index, q in enumerate(self.questions)
            if data.get(f"q_{q.pk}")
        ]
        return [q for _pos, _index, q in sorted(chosen, key=lambda t: t[:2])]

    def lesson_kwargs(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in LESSON_FIELDS}

    def settings(self) -> dict[str, Any]:
        data = self.cleaned_data
        settings = {name: data[name] for name in SETTING_FIELDS}
        if settings["selection"] == Quiz.Selection.FIXED:
            settings["draw_count"] = None
        return settings


def quiz_initial(lesson) -> dict[str, Any]:
    """A quiz lesson's stored values as the form's initial values."""
    quiz = lesson.quiz
    initial = {name: getattr(lesson, name) for name in LESSON_FIELDS}
    initial.update({name: getattr(quiz, name) for name in SETTING_FIELDS})
    return initial
