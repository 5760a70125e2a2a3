"""Reads on quizzes: a learner's question pages and review, trainers' statistics."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import (
    Count,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.formats import number_format
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import grading, limits
from .models import (
    Attempt,
    AttemptGrant,
    AttemptQuestion,
    Choice,
    Question,
    Quiz,
    QuizQuestion,
)

# A pure function (no write): the one place an answer becomes plain text.
from .services.attempts import answer_summary as answer_text

Kind = Question.Kind


def attempt_for_user(*, user, attempt_id: int) -> Attempt:
    """The member's own attempt; anyone else's is a 404, which confirms nothing."""
    return get_object_or_404(
        Attempt.objects.select_related("quiz"), pk=attempt_id, user=user
    )


def attempts_left(*, quiz: Quiz, user) -> int | None:
    """How many attempts the learner may still start, extras granted included;
    None when unlimited (one query)."""
    if quiz.max_attempts is None:
        return None
    used, extra = _used_and_extra(quiz, getattr(user, "pk", user))
    return limits.attempts_left_of(quiz, used=used, extra=extra)


def _used_and_extra(quiz: Quiz, user_id: int) -> tuple[int, int]:
    """The learner's attempts at the quiz and the extras granted (one query)."""
    used = (
        Attempt.objects.filter(quiz_id=OuterRef("pk"), user_id=user_id)
        .order_by()
        .values("quiz_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    row = (
        Quiz.objects.filter(pk=quiz.pk)
        .annotate(
            used=Coalesce(Subquery(used, output_field=IntegerField()), Value(0)),
            extra=limits.granted_extra_subquery(quiz=quiz.pk, user=user_id),
        )
        .values("used", "extra")
        .get()
    )
    return row["used"], row["extra"]


@dataclass(frozen=True)
class LearnerQuizFacts:
    """A quiz's pool size and, for one learner, the extra attempts granted and
    the latest grant (when and by whom), for the quiz page."""

    pool_size: int
    extra: int
    last_grant_at: datetime | None
    last_granted_by: str  # the trainer's name; "" when none or erased


def learner_quiz_facts(*, quiz: Quiz, user) -> LearnerQuizFacts:
    """The pool size and the learner's grants at the quiz (one query)."""
    user_id = getattr(user, "pk", user)
    pool = (
        QuizQuestion.objects.filter(quiz_id=OuterRef("pk"))
        .order_by()
        .values("quiz_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    latest = AttemptGrant.objects.filter(quiz_id=OuterRef("pk"), learner_id=user_id)
    latest = latest.order_by("-granted_at", "-pk")
    row = (
        Quiz.objects.filter(pk=quiz.pk)
        .annotate(
            pool_size=Coalesce(Subquery(pool, output_field=IntegerField()), Value(0)),
            extra=limits.granted_extra_subquery(quiz=quiz.pk, user=user_id),
            last_at=Subquery(latest.values("granted_at")[:1]),
            **{
                f"by_{part}": Subquery(latest.values(f"granted_by__{part}")[:1])
                for part in ("first_name", "last_name", "username")
            },
        )
        .values(
            "pool_size",
            "extra",
            "last_at",
            "by_first_name",
            "by_last_name",
            "by_username",
        )
        .get()
    )
    name = " ".join(filter(None, [row["by_first_name"], row["by_last_name"]]))
    return LearnerQuizFacts(
        pool_size=row["pool_size"],
        extra=row["extra"],
        last_grant_at=row["last_at"],
        last_granted_by=name or row["by_username"] or "",
    )


# --- One question as the learner sees it: no key, no pk, only indexes ---


@dataclass(frozen=True)
class QuestionPage:
    """What a page or the API shows for one question of an open attempt.

    It carries no answer key: no is_correct, accepted answer, number or feedback,
    and choices are known by their index in this attempt's display order only.
    """

    attempt_id: int
    position: int
    count: int
    kind: str
    text_html: str
    image_url: str
    image_alt: str
    choices: tuple[tuple[int, str], ...]
    options: tuple[tuple[int, str], ...]
    response: dict[str, Any] | None
    answered: tuple[bool, ...]
    deadline: datetime | None
    is_open: bool

    @property
    def heading(self) -> str:
        return _("Question %(position)s sur %(count)s") % {
            "position": self.position,
            "count": self.count,
        }

    @property
    def answered_count(self) -> int:
        return sum(self.answered)


def _as_indexes(aq: AttemptQuestion, kind: str) -> dict[str, Any] | None:
    """The stored response (Choice pks) as the display indexes the client knows."""
    response = aq.response
    if not response:
        return None
    at = {pk: i for i, pk in enumerate(aq.choice_order)}
    option_at = {pk: i for i, pk in enumerate(aq.option_order)}
    try:
        if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            return {"choice": at[response["choice"]]}
        if kind == Kind.MULTIPLE:
            return {"choices": sorted(at[pk] for pk in response["choices"])}
        if kind == Kind.SHORT_TEXT:
            return {"text": response["text"]}
        if kind == Kind.NUMBER:
            return {"number": response["number"]}
        if kind == Kind.ORDERING:
            return {"order": [at[pk] for pk in response["order"]]}
        if kind == Kind.MATCHING:
            chosen = dict(response["matches"])
            return {
                "matches": [
                    None if chosen.get(pk) is None else option_at[chosen[pk]]
                    for pk in aq.choice_order
                ]
            }
    except (KeyError, TypeError):
        # The question was edited since the answer was saved: ask again.
        return None
    return None


def attempt_question_pages(*, attempt: Attempt) -> list[QuestionPage]:
    """Every question of the attempt as pages (for the single-page display);
    three queries whatever the number of questions."""
    return _pages(attempt, position=None)


def attempt_question_page(*, attempt: Attempt, position: int) -> QuestionPage:
    """One question of the attempt, "Question 2 sur 5"; 404 when not in it."""
    pages = _pages(attempt, position=position)
    if not pages:
        raise Http404(_("Cette question ne fait pas partie de la tentative."))
    return pages[0]


def _pages(attempt: Attempt, *, position: int | None) -> list[QuestionPage]:
    # Only what a learner may see is loaded, so a key cannot leak by accident.
    questions = Question.objects.only(
        "id", "kind", "text_html", "image", "image_alt"
    ).prefetch_related(
        Prefetch(
            "choices",
            queryset=Choice.objects.only("id", "question_id", "text", "match_text"),
        )
    )
    rows = list(
        AttemptQuestion.objects.filter(attempt_id=attempt.pk)
        .only(
            "id",
            "position",
            "question_id",
            "choice_order",
            "option_order",
            "response",
            "answered_at",
        )
        .order_by("position")
    )
    answered = tuple(aq.answered_at is not None for aq in rows)
    wanted = [aq for aq in rows if position is None or aq.position == position]
    if not wanted:
        return []
    by_pk = {
        q.pk: q for q in questions.filter(pk__in=[aq.question_id for aq in wanted])
    }
    pages = []
    for aq in wanted:
        question = by_pk[aq.question_id]
        choices = {c.pk: c for c in question.choices.all()}
        pages.append(
            QuestionPage(
                attempt_id=attempt.pk,
                position=aq.position,
                count=len(rows),
                kind=question.kind,
                text_html=question.text_html,
                image_url=question.image.url if question.image else "",
                image_alt=question.image_alt,
                choices=tuple(
                    (i, choices[pk].text if pk in choices else "—")
                    for i, pk in enumerate(aq.choice_order)
                ),
                options=tuple(
                    (i, choices[pk].match_text if pk in choices else "—")
                    for i, pk in enumerate(aq.option_order)
                ),
                response=_as_indexes(aq, question.kind),
                answered=answered,
                deadline=attempt.deadline,
                is_open=attempt.is_open,
            )
        )
    return pages


SUMMARY_TEXT_LENGTH = 90


@dataclass(frozen=True)
class SummaryLine:
    """One question in the summary: its number, its text shortened, answered or not."""

    position: int
    text: str
    answered: bool


@dataclass(frozen=True)
class AttemptSummary:
    """Where the learner stands before submitting."""

    count: int
    answered_positions: tuple[int, ...]
    unanswered_positions: tuple[int, ...]
    deadline: datetime | None
    is_open: bool
    lines: tuple[SummaryLine, ...] = ()


def attempt_summary(*, attempt: Attempt) -> AttemptSummary:
    """Which questions are answered and which are not, each with its text as
    plain words, shortened (one query)."""
    rows = list(
        AttemptQuestion.objects.filter(attempt_id=attempt.pk)
        .order_by("position")
        .values_list("position", "answered_at", "question__text_html")
    )
    lines = tuple(
        SummaryLine(
            position=p,
            # "Question 3" alone says nothing: the learner recognises the words.
            text=Truncator(" ".join(strip_tags(html).split())).chars(
                SUMMARY_TEXT_LENGTH
            ),
            answered=at is not None,
        )
        for p, at, html in rows
    )
    return AttemptSummary(
        count=len(rows),
        answered_positions=tuple(p for p, at, _html in rows if at is not None),
        unanswered_positions=tuple(p for p, at, _html in rows if at is None),
        deadline=attempt.deadline,
        is_open=attempt.is_open,
        lines=lines,
    )


# --- Review, once the policy allows it ---


def review_allowed(*, attempt: Attempt) -> bool:
    """Whether the learner may see the right answers of this submitted attempt."""
    if attempt.submitted_at is None:
        return False
    quiz = attempt.quiz
    policy = quiz.review_policy
    if policy == Quiz.ReviewPolicy.AFTER_EACH:
        return True
    mine = Attempt.objects.filter(quiz_id=quiz.pk, user_id=attempt.user_id)
    if policy == Quiz.ReviewPolicy.AFTER_PASS:
        # "Shown once you pass": a learner who passed before and retakes it has
        # seen the key already, so every attempt of theirs now shows its review.
        return bool(attempt.passed) or mine.filter(passed=True).exists()
    if policy == Quiz.ReviewPolicy.AFTER_LAST:
        if mine.filter(passed=True).exists():
            return True
        if quiz.max_attempts is None:
            return False
        # With an extra attempt granted, the last attempt is a later one.
        used, extra = _used_and_extra(quiz, attempt.user_id)
        return limits.attempts_left_of(quiz, used=used, extra=extra) == 0
    return False


@dataclass(frozen=True)
class ReviewChoice:
    text: str
    match_text: str
    is_correct: bool
    chosen: bool
    feedback: str


@dataclass(frozen=True)
class ReviewItem:
    position: int
    kind: str
    text_html: str
    image_url: str
    image_alt: str
    your_answer: str
    right_answer: str
    is_correct: bool
    choices: tuple[ReviewChoice, ...]
    feedback_html: str
    # When the answer was last saved; None when the question was left blank.
    answered_at: datetime | None = None
    graded: bool = True  # False while the attempt is open


def _number_text(value: Decimal | str) -> str:
    """A number as the reader writes it: 3,5 in French, 3.5 in English."""
    plain = format(Decimal(value).normalize(), "f")  # 4E+1 -> "40"
    return number_format(Decimal(plain))


def _your_answer(aq: AttemptQuestion) -> str:
    if aq.question.kind == Kind.NUMBER and aq.response:
        try:
            return _number_text(aq.response["number"])
        except (KeyError, TypeError, ArithmeticError):
            pass
    return aq.answer_summary or _("(pas de réponse)")


def _right_answer(question: Question, choices: list[Choice]) -> str:
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE, Kind.MULTIPLE):
        return " ; ".join(c.text for c in choices if c.is_correct)
    if kind == Kind.SHORT_TEXT:
        return " / ".join(question.accepted_answers)
    if kind == Kind.NUMBER:
        if question.number_answer is None:
            return ""
        answer = _number_text(question.number_answer)
        if question.number_tolerance:
            return f"{answer} ± {_number_text(question.number_tolerance)}"
        return answer
    if kind == Kind.ORDERING:
        return " → ".join(c.text for c in choices)
    return " ; ".join(f"{c.text} = {c.match_text}" for c in choices)


def _chosen_pks(response: dict[str, Any] | None) -> set[int]:
    if not response:
        return set()
    if "choice" in response:
        return {response["choice"]}
    return set(response.get("choices", []))


def attempt_review(*, attempt: Attempt) -> list[ReviewItem]:
    """Each question with the learner's answer, the right one and the feedback;
    PermissionDenied while the review policy keeps them hidden."""
    if not review_allowed(attempt=attempt):
        raise PermissionDenied(_("La correction n'est pas encore visible."))
    return _review_items(attempt)


def attempt_review_for_trainer(*, attempt: Attempt) -> list[ReviewItem]:
    """The same review for a trainer, whatever the review policy and even while
    the attempt is open (answers saved so far, no verdict yet); two queries
    whatever the number of questions. The caller checks who may read it."""
    return _review_items(attempt)


def _review_items(attempt: Attempt) -> list[ReviewItem]:
    rows = (
        AttemptQuestion.objects.filter(attempt_id=attempt.pk)
        .select_related("question")
        .prefetch_related("question__choices")
        .order_by("position")
    )
    items = []
    for aq in rows:
        question = aq.question
        choices = list(question.choices.all())
        chosen = _chosen_pks(aq.response)
        if attempt.is_open and aq.response:
            # Summaries are written at hand-in; an open attempt's answers so far
            # are summed up from the saved response (choices are prefetched).
            aq.answer_summary = answer_text(question, aq.response)
        items.append(
            ReviewItem(
                position=aq.position,
                kind=question.kind,
                text_html=question.text_html,
                image_url=question.image.url if question.image else "",
                image_alt=question.image_alt,
                your_answer=_your_answer(aq),
                right_answer=_right_answer(question, choices),
                is_correct=bool(aq.is_correct),
                choices=tuple(
                    ReviewChoice(
                        text=c.text,
                        match_text=c.match_text,
                        is_correct=c.is_correct,
                        chosen=c.pk in chosen,
                        feedback=c.feedback,
                    )
                    for c in choices
                ),
                feedback_html=question.feedback_html,
                answered_at=aq.answered_at,
                graded=aq.is_correct is not None,
            )
        )
    return items


# --- Trainers' views of a quiz ---


@dataclass(frozen=True)
class LearnerResult:
    user_id: int
    name: str
    attempts: int
    best_percent: int | None
    passed: bool
    attempts_left: int | None = None  # None: unlimited

    @property
    def out_of_attempts(self) -> bool:
        return self.attempts_left == 0


def quiz_attempts_by_learner(*, quiz: Quiz) -> list[LearnerResult]:
    """Per learner: attempts started, best score, whether they passed and the
    attempts left, extras granted included (one query)."""
    rows = (
        Attempt.objects.filter(quiz=quiz)
        .values("user_id", "user__first_name", "user__last_name", "user__username")
        .annotate(
            attempts=Count("id"),
            best=Max("score_percent"),
            passes=Count("id", filter=Q(passed=True)),
            extra=limits.granted_extra_subquery(quiz=quiz.pk, user=OuterRef("user_id")),
        )
        .order_by("user__last_name", "user__first_name", "user_id")
    )
    return [
        LearnerResult(
            user_id=row["user_id"],
            name=" ".join(
                filter(None, [row["user__first_name"], row["user__last_name"]])
            )
            or row["user__username"],
            attempts=row["attempts"],
            best_percent=row["best"],
            passed=row["passes"] > 0,
            attempts_left=limits.attempts_left_of(
                quiz, used=row["attempts"], extra=row["extra"]
            ),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    text: str
    answered: int
    correct: int
    success_percent: int | None
    top_wrong_answer: str
    top_wrong_count: int


def quiz_item_analysis(*, quiz: Quiz) -> list[ItemStats]:
    """Per question of submitted attempts: how many answered, the success rate and
    the most chosen wrong answer; four queries whatever the number of attempts."""
    graded = AttemptQuestion.objects.filter(
        attempt__quiz=quiz, attempt__submitted_at__isnull=False
    )
    counts = {
        row["question_id"]: row
        for row in graded.values("question_id").annotate(
            seen=Count("id"),
            answered=Count("id", filter=Q(answered_at__isnull=False)),
            correct=Count("id", filter=Q(is_correct=True)),
        )
    }
    top_wrong: dict[int, tuple[str, int]] = {}
    wrong = (
        graded.filter(is_correct=False)
        .exclude(answer_summary="")
        .values("question_id", "answer_summary")
        .annotate(n=Count("id"))
        .order_by("question_id", "-n", "answer_summary")
    )
    for row in wrong:
        top_wrong.setdefault(row["question_id"], (row["answer_summary"], row["n"]))
    # The pool's order first; questions dropped from the pool but answered after.
    questions = Question.objects.filter(
        Q(quiz_links__quiz=quiz) | Q(pk__in=list(counts))
    ).distinct()
    order = dict(quiz.pool.values_list("question_id", "position"))
    stats = []
    for question in sorted(
        questions.only("id", "text_markdown"),
        key=lambda q: (order.get(q.pk, 10**6), q.pk),
    ):
        row = counts.get(question.pk, {"seen": 0, "answered": 0, "correct": 0})
        answer, count = top_wrong.get(question.pk, ("", 0))
        stats.append(
            ItemStats(
                question_id=question.pk,
                text=question.text_markdown[:200],
                answered=row["answered"],
                correct=row["correct"],
                success_percent=grading.score_percent(
                    correct=row["correct"], count=row["seen"]
                )
                if row["seen"]
                else None,
                top_wrong_answer=answer,
                top_wrong_count=count,
            )
        )
    return stats


def right_answer_payload(attempt_question: AttemptQuestion) -> dict:
    """The payload (display indexes) a learner who knows the answer sends, for
    the demo data and the tests; never sent to a client."""
    question = attempt_question.question
    choices = {choice.pk: choice for choice in question.choices.all()}
    shown = attempt_question.choice_order
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
        return {
            "choice": next(i for i, pk in enumerate(shown) if choices[pk].is_correct)
        }
    if kind == Kind.MULTIPLE:
        return {"choices": [i for i, pk in enumerate(shown) if choices[pk].is_correct]}
    if kind == Kind.SHORT_TEXT:
        return {"text": question.accepted_answers[0]}
    if kind == Kind.NUMBER:
        return {"number": str(question.number_answer)}
    if kind == Kind.ORDERING:
        right = sorted(choices, key=lambda pk: choices[pk].position)
        return {"order": [shown.index(pk) for pk in right]}
    return {"matches": [attempt_question.option_order.index(pk) for pk in shown]}
