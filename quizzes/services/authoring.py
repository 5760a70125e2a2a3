"""Writes on quizzes by trainers: banks, questions with their keys, quizzes."""

import re
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.markdown import RENDERER_VERSION, render_markdown
from core.uploads import image_check, upload_store

from .. import grading
from ..models import (
    AttemptQuestion,
    Choice,
    Question,
    QuestionBank,
    Quiz,
    QuizQuestion,
)
from .numbers import decimal_or_none

Kind = Question.Kind
CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}
IMAGE_FOLDER = "quizzes/images"
MAX_CHOICES = 20
MAX_ACCEPTED_ANSWERS = 20
MAX_TEXT_ANSWER = 200
# Beyond 10^15 a learner's number is a typo, and Decimal arithmetic could overflow.
DEADLINE_GRACE = timedelta(seconds=2)
COMPETENCE_CODE = re.compile(r"\d{1,2}\.\d{1,2}")

_random = secrets.SystemRandom()


# --- Authoring: banks and questions ---


def _field_error(field: str, message: str, code: str) -> ValidationError:
    """An error on one form field, with a code the views and API can test."""
    return ValidationError({field: ValidationError(message, code=code)})


@transaction.atomic
def question_bank_create(*, title: str) -> QuestionBank:
    """A new, empty question bank (a course links to it)."""
    bank = QuestionBank(title=title.strip())
    bank.full_clean()
    bank.save()
    return bank


@dataclass(frozen=True)
class _ChoiceData:
    text: str
    is_correct: bool = False
    feedback: str = ""
    match_text: str = ""


def _choice_data(choices: Iterable[Mapping[str, Any]]) -> list[_ChoiceData]:
    cleaned = []
    for each in choices:
        if len(cleaned) == MAX_CHOICES + 1:
            break  # enough to refuse below, without walking a huge list
        cleaned.append(
            _ChoiceData(
                text=" ".join(str(each.get("text", "")).split()),
                is_correct=bool(each.get("is_correct", False)),
                feedback=str(each.get("feedback", "")).strip(),
                match_text=" ".join(str(each.get("match_text", "")).split()),
            )
        )
    if len(cleaned) > MAX_CHOICES:
        raise _field_error(
            "choices",
            ngettext(
                "%(max)s réponse au plus.", "%(max)s réponses au plus.", MAX_CHOICES
            )
            % {"max": MAX_CHOICES},
            "too_many_choices",
        )
    for each in cleaned:
        for field, limit in (("text", 300), ("feedback", 500), ("match_text", 300)):
            if len(getattr(each, field)) > limit:
                raise _field_error(
                    "choices",
                    ngettext(
                        "Un texte de réponse est trop long (%(max)s signe au plus).",
                        "Un texte de réponse est trop long (%(max)s signes au plus).",
                        limit,
                    )
                    % {"max": limit},
                    "choice_too_long",
                )
    return cleaned


def _checked_choices(
    kind: str, choices: Iterable[Mapping[str, Any]], answer: bool | None
) -> list[_ChoiceData]:
    """The choices a question of this kind stores, or ValidationError on "choices"."""
    if kind == Kind.TRUE_FALSE:
        if not isinstance(answer, bool):
            raise _field_error(
                "answer", _("Dites si l'affirmation est vraie ou fausse."), "no_answer"
            )
        return [
            _ChoiceData(text=_("Vrai"), is_correct=answer),
            _ChoiceData(text=_("Faux"), is_correct=not answer),
        ]
    if kind in (Kind.SHORT_TEXT, Kind.NUMBER):
        return []
    data = [c for c in _choice_data(choices) if c.text or c.match_text]
    if any(not c.text for c in data):
        raise _field_error(
            "choices", _("Chaque réponse a besoin d'un texte."), "empty_choice"
        )
    if len(data) < 2:
        raise _field_error(
            "choices", _("Il faut au moins deux réponses."), "too_few_choices"
        )
    if len({c.text.casefold() for c in data}) < len(data):
        raise _field_error(
            "choices", _("Deux réponses ont le même texte."), "same_text"
        )
    correct = sum(c.is_correct for c in data)
    if kind == Kind.SINGLE and correct != 1:
        raise _field_error(
            "choices", _("Cochez exactement une bonne réponse."), "one_correct"
        )
    if kind == Kind.MULTIPLE and correct < 1:
        raise _field_error(
            "choices", _("Cochez au moins une bonne réponse."), "no_correct"
        )
    if kind == Kind.ORDERING:
        # Position is the key; a stray tick must not leak into anything.
        data = [_ChoiceData(text=c.text, feedback=c.feedback) for c in data]
    if kind == Kind.MATCHING:
        if any(not c.match_text for c in data):
            raise _field_error(
                "choices", _("Chaque élément a besoin de son associé."), "no_match"
            )
        if len({c.match_text.casefold() for c in data}) < len(data):
            raise _field_error(
                "choices", _("Deux éléments ont le même associé."), "same_match"
            )
        data = [
            _ChoiceData(text=c.text, feedback=c.feedback, match_text=c.match_text)
            for c in data
        ]
    return data


def _checked_accepted(kind: str, accepted_answers: Iterable[str]) -> list[str]:
    if kind != Kind.SHORT_TEXT:
        return []
    cleaned, seen = [], set()
    for answer in accepted_answers:
        text = " ".join(str(answer).split())
        if text and grading.normalise_text(text) not in seen:
            seen.add(grading.normalise_text(text))
            cleaned.append(text)
    if not cleaned:
        raise _field_error(
            "accepted_answers",
            _("Donnez au moins une réponse acceptée."),
            "no_accepted_answer",
        )
    if len(cleaned) > MAX_ACCEPTED_ANSWERS or any(
        len(a) > MAX_TEXT_ANSWER for a in cleaned
    ):
        raise _field_error(
            "accepted_answers",
            _("Trop de réponses acceptées, ou une réponse trop longue."),
            "accepted_too_long",
        )
    return cleaned


def _checked_number(
    kind: str, number_answer: Any, number_tolerance: Any
) -> tuple[Decimal | None, Decimal]:
    if kind != Kind.NUMBER:
        return None, Decimal(0)
    if number_answer is None or number_answer == "":
        raise _field_error("number_answer", _("Donnez la bonne réponse."), "no_number")
    answer = decimal_or_none(number_answer)
    if answer is None:
        raise _field_error("number_answer", _("Ce n'est pas un nombre."), "not_number")
    tolerance = decimal_or_none(number_tolerance or 0)
    if tolerance is None or tolerance < 0:
        raise _field_error(
            "number_tolerance",
            _("La tolérance est un nombre positif ou zéro."),
            "bad_tolerance",
        )
    return answer, tolerance


def _checked_codes(competence_codes: Iterable[str]) -> list[str]:
    codes = []
    for code in competence_codes:
        code = str(code).strip()
        if not COMPETENCE_CODE.fullmatch(code):
            raise _field_error(
                "competence_codes",
                _("« %(code)s » n'est pas un code DigComp.") % {"code": code[:20]},
                "bad_competence_code",
            )
        if code not in codes:
            codes.append(code)
    return codes


def _render(field: str, text: str) -> str:
    try:
        return render_markdown(text or "")
    except ValidationError as error:
        raise ValidationError({field: error}) from error


def _check_image(image: UploadedFile | None, image_alt: str) -> str | None:
    """The checked image's extension (None without image); alt text required."""
    if image is None:
        return None
    if not image_alt:
        raise _field_error(
            "image_alt",
            _("Décrivez l'image en quelques mots (texte alternatif)."),
            "no_alt",
        )
    try:
        return image_check(image)
    except ValidationError as error:
        raise ValidationError({"image": error}) from error


def _set_choices(question: Question, data: Sequence[_ChoiceData]) -> None:
    """Rewrites choices in place by position, so open attempts keep their pks."""
    existing = list(question.choices.order_by("position", "id"))
    if existing and len(existing) != len(data) and _in_open_attempt(question):
        raise _field_error(
            "choices",
            _(
                "Des personnes répondent à cette question en ce moment : "
                "gardez le même nombre de réponses."
            ),
            "in_use",
        )
    for position, each in enumerate(data):
        if position < len(existing):
            choice = existing[position]
        else:
            choice = Choice(question=question)
        choice.position = position
        choice.text = each.text
        choice.is_correct = each.is_correct
        choice.feedback = each.feedback
        choice.match_text = each.match_text
        choice.save()
    Choice.objects.filter(pk__in=[c.pk for c in existing[len(data) :]]).delete()


def _in_open_attempt(question: Question) -> bool:
    return AttemptQuestion.objects.filter(
        question=question, attempt__submitted_at__isnull=True
    ).exists()


def _question_write(
    question: Question,
    *,
    text_markdown: str,
    choices: Iterable[Mapping[str, Any]],
    answer: bool | None,
    accepted_answers: Iterable[str],
    number_answer: Any,
    number_tolerance: Any,
    feedback_markdown: str,
    image: UploadedFile | None,
    image_alt: str,
    competence_codes: Iterable[str],
    remove_image: bool = False,
) -> Question:
    kind = question.kind
    if kind not in Kind.values:
        raise _field_error("kind", _("Type de question inconnu."), "kind")
    if not text_markdown.strip():
        raise _field_error("text_markdown", _("Écrivez la question."), "no_text")
    data = _checked_choices(kind, choices, answer)
    question.text_markdown = text_markdown
    question.text_html = _render("text_markdown", text_markdown)
    question.feedback_markdown = feedback_markdown or ""
    question.feedback_html = _render("feedback_markdown", question.feedback_markdown)
    question.renderer_version = RENDERER_VERSION
    question.accepted_answers = _checked_accepted(kind, accepted_answers)
    question.number_answer, question.number_tolerance = _checked_number(
        kind, number_answer, number_tolerance
    )
    question.competence_codes = _checked_codes(competence_codes)
    if remove_image and image is None:
        question.image = ""
    question.image_alt = " ".join((image_alt or "").split())
    extension = _check_image(image, question.image_alt)
    if not question.image and question.image_alt and image is None:
        question.image_alt = ""
    question.full_clean(exclude=["image"])
    if extension is not None:
        # Stored last, once everything else is valid: no orphan file for a refusal.
        question.image = upload_store(
            upload=image, folder=IMAGE_FOLDER, extension=extension
        )
    if question.image and not question.image_alt:
        raise _field_error(
            "image_alt",
            _("Décrivez l'image en quelques mots (texte alternatif)."),
            "no_alt",
        )
    question.save()
    _set_choices(question, data)
    return question


@transaction.atomic
def question_create(
    *,
    bank: QuestionBank,
    kind: str,
    text_markdown: str,
    choices: Iterable[Mapping[str, Any]] = (),
    answer: bool | None = None,
    accepted_answers: Iterable[str] = (),
    number_answer: Any = None,
    number_tolerance: Any = 0,
    feedback_markdown: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    competence_codes: Iterable[str] = (),
) -> Question:
    """A question in the bank, its key checked for its kind.

    `choices` are dicts {"text", "is_correct", "feedback", "match_text"}: for
    ordering their order is the right order; for matching `match_text` is each
    item's partner. True/false takes `answer` and stores "Vrai" and "Faux".
    """
    return _question_write(
        Question(bank=bank, kind=kind),
        text_markdown=text_markdown,
        choices=choices,
        answer=answer,
        accepted_answers=accepted_answers,
        number_answer=number_answer,
        number_tolerance=number_tolerance,
        feedback_markdown=feedback_markdown,
        image=image,
        image_alt=image_alt,
        competence_codes=competence_codes,
    )


@transaction.atomic
def question_update(
    *,
    question: Question,
    text_markdown: str,
    choices: Iterable[Mapping[str, Any]] = (),
    answer: bool | None = None,
    accepted_answers: Iterable[str] = (),
    number_answer: Any = None,
    number_tolerance: Any = 0,
    feedback_markdown: str = "",
    image: UploadedFile | None = None,
    image_alt: str = "",
    competence_codes: Iterable[str] = (),
    remove_image: bool = False,
) -> Question:
    """Rewrites a question (same kind); the image stays unless replaced or removed.
    Submitted attempts keep their grades; open ones are graded with the new key."""
    return _question_write(
        question,
        text_markdown=text_markdown,
        choices=choices,
        answer=answer,
        accepted_answers=accepted_answers,
        number_answer=number_answer,
        number_tolerance=number_tolerance,
        feedback_markdown=feedback_markdown,
        image=image,
        image_alt=image_alt or question.image_alt,
        competence_codes=competence_codes,
        remove_image=remove_image,
    )


# --- Authoring: quizzes ---

QUIZ_SETTINGS = (
    "selection",
    "draw_count",
    "shuffle_choices",
    "display",
    "pass_mark",
    "max_attempts",
    "time_limit_minutes",
    "review_policy",
)


def _quiz_write(quiz: Quiz, settings: Mapping[str, Any]) -> Quiz:
    unknown = set(settings) - set(QUIZ_SETTINGS)
    if unknown:
        raise TypeError(f"unknown quiz settings: {sorted(unknown)}")
    for name, value in settings.items():
        setattr(quiz, name, value)
    if quiz.selection == Quiz.Selection.FIXED:
        quiz.draw_count = None
    elif not quiz.draw_count:
        raise _field_error(
            "draw_count",
            _("Combien de questions tirer à chaque tentative ?"),
            "no_draw_count",
        )
    quiz.full_clean()
    if quiz.pk and quiz.draw_count and quiz.draw_count > quiz.pool.count():
        raise _field_error(
            "draw_count", _("Il n'y a pas assez de questions à tirer."), "draw_too_many"
        )
    quiz.save()
    return quiz


@transaction.atomic
def quiz_create(*, bank: QuestionBank, title: str, **settings: Any) -> Quiz:
    """A quiz on the bank's questions; settings are Quiz fields (QUIZ_SETTINGS)."""
    return _quiz_write(Quiz(bank=bank, title=title.strip()), settings)


@transaction.atomic
def quiz_update(*, quiz: Quiz, title: str | None = None, **settings: Any) -> Quiz:
    """Changes a quiz's title and settings; attempts already started keep theirs."""
    if title is not None:
        quiz.title = title.strip()
    return _quiz_write(quiz, settings)


@transaction.atomic
def quiz_questions_set(*, quiz: Quiz, questions: Sequence[Question]) -> Quiz:
    """Sets the quiz's pool, in this order; every question comes from its bank."""
    pks = [q.pk for q in questions]
    if len(set(pks)) != len(pks):
        raise _field_error("questions", _("Une question est en double."), "duplicate")
    if any(q.bank_id != quiz.bank_id for q in questions):
        raise _field_error(
            "questions",
            _("Une question ne vient pas de la banque de ce quiz."),
            "other_bank",
        )
    if quiz.draw_count and quiz.draw_count > len(pks):
        raise _field_error(
            "questions",
            ngettext(
                "Il faut au moins %(count)s question pour le tirage.",
                "Il faut au moins %(count)s questions pour le tirage.",
                quiz.draw_count,
            )
            % {"count": quiz.draw_count},
            "draw_too_many",
        )
    QuizQuestion.objects.filter(quiz=quiz).delete()
    QuizQuestion.objects.bulk_create(
        QuizQuestion(quiz=quiz, question_id=pk, position=position)
        for position, pk in enumerate(pks, start=1)
    )
    return quiz
