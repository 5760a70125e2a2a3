"""Writes on attempts: start, save answers (by display index), grade once."""

import logging
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import grading, limits
from ..models import (
    Attempt,
    AttemptGrant,
    AttemptQuestion,
    Question,
    Quiz,
)
from ..signals import attempt_submitted
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
logger = logging.getLogger(__name__)


# --- Attempts ---


def _no_attempts_left() -> ValidationError:
    return ValidationError(
        _("Vous avez utilisé toutes vos tentatives pour ce quiz."),
        code="no_attempts_left",
    )


def _open_attempt(quiz: Quiz, user) -> Attempt | None:
    return Attempt.objects.filter(
        quiz=quiz, user=user, submitted_at__isnull=True
    ).first()


def _shuffled(pks: list[int], *, avoid: list[int] | None = None) -> list[int]:
    """A random order; never `avoid` (the right order) when there are two or more."""
    order = list(pks)
    _random.shuffle(order)
    if avoid is not None and len(order) > 1 and order == avoid:
        order = order[1:] + order[:1]
    return order


def _display_orders(quiz: Quiz, question: Question) -> tuple[list[int], list[int]]:
    """(choice_order, option_order) fixed for this attempt, in Choice pks."""
    pks = [c.pk for c in question.choices.all()]  # prefetched, in position order
    kind = question.kind
    if kind == Kind.ORDERING:
        return _shuffled(pks, avoid=pks), []
    if kind == Kind.MATCHING:
        items = _shuffled(pks) if quiz.shuffle_choices else pks
        # Options never line up with the items: "straight across" would be the key.
        return items, _shuffled(pks, avoid=items)
    if kind == Kind.TRUE_FALSE or not quiz.shuffle_choices:
        return pks, []
    return _shuffled(pks), []


def _draw(quiz: Quiz) -> list[Question]:
    links = list(
        quiz.pool.select_related("question")
        .prefetch_related("question__choices")
        .order_by("position", "id")
    )
    questions = [link.question for link in links]
    if quiz.selection == Quiz.Selection.RANDOM and quiz.draw_count:
        return _random.sample(questions, min(quiz.draw_count, len(questions)))
    return questions


def _used_attempts_locked(quiz: Quiz, user) -> int:
    """The learner's attempts at the quiz, counted with their rows locked: a
    grant and a start (or two grants) for the same learner then wait for each
    other, and each counts what the other committed. Two starts at once are
    kept to one row by the attempt-number constraint."""
    rows = Attempt.objects.select_for_update().filter(quiz=quiz, user=user)
    return len(rows.values_list("pk", flat=True))


@transaction.atomic
def attempt_grant_create(
    *, quiz: Quiz, learner, granted_by, extra_attempts: int = 1
) -> AttemptGrant:
    """Gives the learner extra attempts at a quiz with an attempt limit, once
    they have none left (so a double click grants one, not two)."""
    if type(extra_attempts) is not int or extra_attempts < 1:
        raise ValidationError(
            _("Donnez au moins un essai en plus."), code="extra_attempts"
        )
    if quiz.max_attempts is None:
        raise ValidationError(
            _("Ce quiz n'a pas de limite d'essais : rien à donner."),
            code="unlimited",
        )
    used = _used_attempts_locked(quiz, learner)
    extra = limits.granted_extra(quiz_id=quiz.pk, user_id=learner.pk)
    if limits.attempts_left_of(quiz, used=used, extra=extra):
        raise ValidationError(
            _("Cette personne a encore un essai : elle peut déjà recommencer."),
            code="attempts_left",
        )
    grant = AttemptGrant.objects.create(
        quiz=quiz,
        learner=learner,
        granted_by=granted_by,
        extra_attempts=extra_attempts,
    )
    # Numbers only: the log never names the people.
    logger.info(
        "Quiz %s: %s extra attempt(s) for account %s, granted by account %s",
        quiz.pk,
        extra_attempts,
        learner.pk,
        getattr(granted_by, "pk", None),
    )
    return grant


@transaction.atomic
def attempt_start(*, quiz: Quiz, user) -> Attempt:
    """Resumes the learner's open attempt, or starts one with its questions,
    their order and the deadline fixed now; refused when no attempt is left.
    An open attempt whose time is over is handed in (graded) first."""
    existing = _open_attempt(quiz, user)
    if existing is not None:
        # Time over: it can no longer be answered, so resuming it would be a dead end.
        existing = attempt_submit_if_due(attempt=existing)
        if existing.is_open:
            return existing
    used = _used_attempts_locked(quiz, user)
    if quiz.max_attempts is not None:
        user_id = getattr(user, "pk", user)
        extra = limits.granted_extra(quiz_id=quiz.pk, user_id=user_id)
        if limits.attempts_left_of(quiz, used=used, extra=extra) == 0:
            raise _no_attempts_left()
    questions = _draw(quiz)
    if not questions:
        raise ValidationError(
            _("Ce quiz n'a pas encore de questions."), code="no_questions"
        )
    now = timezone.now()
    deadline = None
    if quiz.time_limit_minutes:
        deadline = now + timedelta(minutes=quiz.time_limit_minutes)
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=user,
                number=used + 1,
                started_at=now,
                deadline=deadline,
                question_count=len(questions),
            )
            rows = []
            for position, question in enumerate(questions, start=1):
                choice_order, option_order = _display_orders(quiz, question)
                rows.append(
                    AttemptQuestion(
                        attempt=attempt,
                        question=question,
                        position=position,
                        choice_order=choice_order,
                        option_order=option_order,
                    )
                )
            AttemptQuestion.objects.bulk_create(rows)
    except IntegrityError:
        # Another tab started at the same moment: the one-open-attempt and
        # attempt-number constraints kept a single row; resume that one.
        existing = _open_attempt(quiz, user)
        if existing is not None:
            return existing
        raise _no_attempts_left() from None
    return attempt


def _answer_error(message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({"answer": ValidationError(message, code=code)})


def _index(value: Any, size: int) -> int:
    # bool is an int in Python; True must never select choice 1.
    if type(value) is not int or not 0 <= value < size:
        raise _answer_error(_("Cette réponse ne fait pas partie des choix."), "index")
    return value


def _index_list(value: Any, size: int) -> list[int]:
    if not isinstance(value, list) or len(value) > size:
        raise _answer_error(_("Cette réponse ne fait pas partie des choix."), "index")
    indexes = [_index(each, size) for each in value]
    if len(set(indexes)) != len(indexes):
        raise _answer_error(_("Une réponse est en double."), "duplicate")
    return indexes


def _payload_value(payload: Any, key: str) -> Any:
    if not isinstance(payload, dict) or set(payload) != {key}:
        raise _answer_error(_("Cette réponse n'a pas la forme attendue."), "shape")
    return payload[key]


def _canonical(aq: AttemptQuestion, payload: Any) -> dict:
    """The payload (display indexes) as Choice pks; ValidationError on "answer"."""
    kind = aq.question.kind
    choices, options = aq.choice_order, aq.option_order
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
        index = _index(_payload_value(payload, "choice"), len(choices))
        return {"choice": choices[index]}
    if kind == Kind.MULTIPLE:
        indexes = _index_list(_payload_value(payload, "choices"), len(choices))
        if not indexes:
            raise _answer_error(_("Choisissez au moins une réponse."), "empty")
        return {"choices": sorted(choices[i] for i in indexes)}
    if kind == Kind.SHORT_TEXT:
        text = _payload_value(payload, "text")
        if not isinstance(text, str):
            raise _answer_error(_("Écrivez votre réponse."), "shape")
        # A 10 MB string is refused before anything walks through it.
        if len(text) <= MAX_TEXT_ANSWER * 10:
            text = " ".join(text.split())
        if len(text) > MAX_TEXT_ANSWER:
            raise _answer_error(
                ngettext(
                    "Cette réponse est trop longue (%(max)s signe au plus).",
                    "Cette réponse est trop longue (%(max)s signes au plus).",
                    MAX_TEXT_ANSWER,
                )
                % {"max": MAX_TEXT_ANSWER},
                "too_long",
            )
        if not text:
            raise _answer_error(_("Écrivez votre réponse."), "empty")
        return {"text": text}
    if kind == Kind.NUMBER:
        number = decimal_or_none(_payload_value(payload, "number"))
        if number is None:
            raise _answer_error(
                _("Écrivez un nombre, par exemple 12 ou 3,5."), "number"
            )
        return {"number": str(number)}
    if kind == Kind.ORDERING:
        order = _index_list(_payload_value(payload, "order"), len(choices))
        if len(order) != len(choices):
            raise _answer_error(_("Placez chaque élément une fois."), "incomplete")
        return {"order": [choices[i] for i in order]}
    if kind == Kind.MATCHING:
        matches = _payload_value(payload, "matches")
        if not isinstance(matches, list) or len(matches) != len(choices):
            raise _answer_error(_("Associez chaque élément."), "shape")
        picked = [None if m is None else _index(m, len(options)) for m in matches]
        used = [m for m in picked if m is not None]
        if len(set(used)) != len(used):
            raise _answer_error(_("Une réponse est utilisée deux fois."), "duplicate")
        return {
            "matches": [
                [item, None if m is None else options[m]]
                for item, m in zip(choices, picked, strict=True)
            ]
        }
    raise _answer_error(_("Type de question inconnu."), "kind")


def _check_still_open(attempt: Attempt, now) -> None:
    if attempt.submitted_at is not None:
        raise ValidationError(_("Cette tentative est déjà rendue."), code="submitted")
    if attempt.deadline is not None and now > attempt.deadline + DEADLINE_GRACE:
        raise ValidationError(
            _("Le temps est écoulé : cette réponse n'a pas été enregistrée."),
            code="time_over",
        )


@transaction.atomic
def answer_save(*, attempt: Attempt, position: int, payload: Any) -> AttemptQuestion:
    """Records the learner's answer to one question of an open attempt, in time
    by the server's clock; a refused answer leaves the attempt unchanged."""
    # Locked so an answer cannot slip in while the same attempt is being graded.
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    _check_still_open(locked, timezone.now())
    aq = None
    if type(position) is int:
        aq = (
            AttemptQuestion.objects.select_related("question")
            .filter(attempt=locked, position=position)
            .first()
        )
    if aq is None:
        raise ValidationError(
            {
                "position": ValidationError(
                    _("Cette question ne fait pas partie de la tentative."),
                    code="not_in_attempt",
                )
            }
        )
    aq.response = _canonical(aq, payload)
    aq.answered_at = timezone.now()
    aq.save(update_fields=["response", "answered_at"])
    return aq


def answer_key(question: Question) -> dict:
    """The grading key of a question, from its prefetched choices."""
    choices = list(question.choices.all())
    kind = question.kind
    if kind in CHOICE_KINDS:
        return {"correct": [c.pk for c in choices if c.is_correct]}
    if kind == Kind.SHORT_TEXT:
        return {"accepted": list(question.accepted_answers)}
    if kind == Kind.NUMBER:
        return {
            "answer": question.number_answer,
            "tolerance": question.number_tolerance,
        }
    if kind == Kind.ORDERING:
        return {"order": [c.pk for c in choices]}
    return {"items": [c.pk for c in choices]}


def answer_summary(question: Question, response: Mapping[str, Any] | None) -> str:
    """The learner's answer as plain text (same answers read the same), ≤ 300 signs."""
    if not response:
        return ""
    texts = {c.pk: c.text for c in question.choices.all()}
    matches = {c.pk: c.match_text for c in question.choices.all()}
    kind = question.kind
    try:
        if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            summary = texts.get(response["choice"], "?")
        elif kind == Kind.MULTIPLE:
            order = [pk for pk in texts if pk in set(response["choices"])]
            summary = " ; ".join(texts[pk] for pk in order)
        elif kind == Kind.SHORT_TEXT:
            summary = grading.normalise_text(response["text"])
        elif kind == Kind.NUMBER:
            number = Decimal(response["number"]).normalize()
            summary = format(number, "f")
        elif kind == Kind.ORDERING:
            summary = " → ".join(texts.get(pk, "?") for pk in response["order"])
        else:
            summary = " ; ".join(
                f"{texts.get(item, '?')} = {matches.get(option, '—')}"
                for item, option in sorted(response["matches"])
            )
    except (KeyError, TypeError, InvalidOperation):
        return ""
    return summary[:300]


@transaction.atomic
def attempt_submit(*, attempt: Attempt) -> Attempt:
    """Grades the attempt once (unanswered counts wrong); submitting again, twice
    at once or after the deadline returns the stored result without regrading."""
    locked = (
        Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)
    )
    if locked.submitted_at is not None:
        return locked
    rows = list(
        locked.attempt_questions.select_related("question").prefetch_related(
            "question__choices"
        )
    )
    for aq in rows:
        aq.is_correct = grading.grade(
            aq.question.kind, aq.response, answer_key(aq.question)
        )
        aq.answer_summary = answer_summary(aq.question, aq.response)
    correct = sum(aq.is_correct for aq in rows)
    percent = grading.score_percent(correct=correct, count=len(rows))
    passed = grading.is_passed(percent=percent, pass_mark=locked.quiz.pass_mark)
    now = timezone.now()
    # Conditional update: where row locks are not real (SQLite), only one caller
    # still finds the attempt open, and only that one writes grades.
    claimed = Attempt.objects.filter(pk=locked.pk, submitted_at__isnull=True).update(
        submitted_at=now,
        correct_count=correct,
        question_count=len(rows),
        score_percent=percent,
        passed=passed,
    )
    locked.refresh_from_db()
    if not claimed:
        return locked
    AttemptQuestion.objects.bulk_update(rows, ["is_correct", "answer_summary"])
    transaction.on_commit(
        lambda: attempt_submitted.send(sender=Attempt, attempt=locked)
    )
    return locked


def attempt_submit_if_due(*, attempt: Attempt) -> Attempt:
    """Hands in an open attempt whose time is over (grace included), so a learner
    who closed the page still gets a grade; other attempts are left as they are."""
    if (
        attempt.submitted_at is None
        and attempt.deadline is not None
        and timezone.now() > attempt.deadline + DEADLINE_GRACE
    ):
        return attempt_submit(attempt=attempt)
    return attempt
