"""Taking a quiz lesson: start, one question per page (or all on one), summary,
submit and result. Everything works without JavaScript; grading is on the server."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quizzes import selectors as quiz_engine
from quizzes import services as quiz_engine_services
from quizzes.forms import AnswerForm, move_item
from quizzes.models import Quiz

from .. import selectors
from . import selectors as quiz_selectors
from . import services as quiz_services


def _url(name: str, attempt, **kwargs) -> str:
    lesson = attempt.quiz.lesson
    args = [lesson.module.course.slug, lesson.pk, attempt.pk, *kwargs.values()]
    return reverse(f"courses:quiz-{name}", args=args)


def _first_page(attempt) -> str:
    if attempt.quiz.display == Quiz.Display.SINGLE_PAGE:
        return _url("all", attempt)
    return _url("question", attempt, position=1)


@require_POST
@login_required
def quiz_start(request, slug: str, lesson_id: int):
    """Starts an attempt (or resumes the open one) and opens its first question."""
    enrollment = selectors.enrollment_for_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id
    )
    lesson = selectors.lesson_in_course(course=enrollment.course, lesson_id=lesson_id)
    try:
        attempt = quiz_services.quiz_attempt_start(enrollment=enrollment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(lesson)
    return redirect(_first_page(attempt))


def _save(request, form, attempt, position: int, payload) -> bool:
    """Saves one answer; the engine's refusal is shown on the form."""
    if payload is None:
        return True
    try:
        quiz_engine_services.answer_save(
            attempt=attempt, position=position, payload=payload
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return False
    return True


def _moved(request) -> tuple[int, int, str] | None:
    """The ordering button pressed: (position, item index, "up" or "down")."""
    try:
        position, index, direction = request.POST["move"].split(":")
        if direction in {"up", "down"}:
            return int(position), int(index), direction
    except (KeyError, ValueError):
        pass
    return None


def _moved_query(request) -> str:
    # No #fragment: browsers skip autofocus when the URL targets an element, and
    # the focus must come back to the button just pressed.
    return urlencode({"moved": request.POST["move"]})


def _with_ordering(request, items) -> list:
    """Each (page, form) with its ordering items, the moved one focused again."""
    moved = request.GET.get("moved", "")
    return [
        (page, form, form.ordered_items(moved) if page.kind == "ordering" else [])
        for page, form in items
    ]


def _handed_in_if_overdue(request, attempt) -> bool:
    """Past the time limit the attempt is handed in with what was saved in time,
    and the learner is told why they land on the result; True when it was."""
    if not attempt.is_open:
        return False
    attempt = quiz_engine_services.attempt_submit_if_due(attempt=attempt)
    if attempt.is_open:
        return False
    if request.method == "POST":
        messages.error(
            request,
            _(
                "Le temps est écoulé : cette réponse n'a pas été enregistrée. "
                "Vos réponses enregistrées avant la fin ont été rendues."
            ),
        )
    else:
        messages.warning(
            request,
            _(
                "Le temps est écoulé : vos réponses enregistrées avant la fin "
                "ont été rendues."
            ),
        )
    return True


@login_required
def quiz_question(request, slug: str, lesson_id: int, attempt_id: int, position: int):
    """One question, "Question 2 sur 5"; each move or button press saves the answer."""
    attempt = quiz_selectors.attempt_in_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id, attempt_id=attempt_id
    )
    if _handed_in_if_overdue(request, attempt) or not attempt.is_open:
        return redirect(_url("result", attempt))
    page = quiz_engine.attempt_question_page(attempt=attempt, position=position)
    course = attempt.quiz.lesson.module.course
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(page, data, language=course.language)
    unanswered = False
    if request.method == "POST" and form.is_valid():
        payload = form.payload()
        moved = _moved(request)
        if moved is not None:
            payload = {"order": move_item(form.cleaned_data["order"], *moved[1:])}
        go = request.POST.get("go")
        # Moving on with nothing typed is asked about, not taken as a skip: the
        # learner may have missed the question, so they choose to answer or skip.
        if payload is None and page.response is None and go in ("next", "summary"):
            unanswered = True
            form.add_error(None, _("Vous n'avez pas répondu à cette question."))
        elif _save(request, form, attempt, position, payload):
            if moved is not None:
                here = _url("question", attempt, position=position)
                return redirect(f"{here}?{_moved_query(request)}")
            if go == "prev" and position > 1:
                return redirect(_url("question", attempt, position=position - 1))
            if go in ("next", "skip") and position < page.count:
                return redirect(_url("question", attempt, position=position + 1))
            return redirect(_url("summary", attempt))
    context = {
        "attempt": attempt,
        "lesson": attempt.quiz.lesson,
        "course": attempt.quiz.lesson.module.course,
        "items": _with_ordering(request, [(page, form)]),
        "page": page,
        "unanswered": unanswered,
    }
    return render(request, "courses/quiz/question.html", context)


@login_required
def quiz_all(request, slug: str, lesson_id: int, attempt_id: int):
    """Every question on one page, for trainers who prefer it; saved together."""
    attempt = quiz_selectors.attempt_in_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id, attempt_id=attempt_id
    )
    if _handed_in_if_overdue(request, attempt) or not attempt.is_open:
        return redirect(_url("result", attempt))
    pages = quiz_engine.attempt_question_pages(attempt=attempt)
    language = attempt.quiz.lesson.module.course.language
    data = request.POST if request.method == "POST" else None

    items = [
        (page, AnswerForm(page, data, prefix=f"q{page.position}", language=language))
        for page in pages
    ]
    if request.method == "POST" and all(form.is_valid() for _page, form in items):
        moved = _moved(request)
        saved = True
        for page, form in items:
            payload = form.payload()
            if moved is not None and moved[0] == page.position:
                payload = {"order": move_item(form.cleaned_data["order"], *moved[1:])}
            saved = _save(request, form, attempt, page.position, payload) and saved
        if saved:
            if moved is not None:
                here = _url("all", attempt)
                return redirect(f"{here}?{_moved_query(request)}")
            return redirect(_url("summary", attempt))
    context = {
        "attempt": attempt,
        "lesson": attempt.quiz.lesson,
        "course": attempt.quiz.lesson.module.course,
        "items": _with_ordering(request, items),
    }
    return render(request, "courses/quiz/question.html", context)


@login_required
def quiz_summary(request, slug: str, lesson_id: int, attempt_id: int):
    """Which questions are answered, before handing in."""
    attempt = quiz_selectors.attempt_in_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id, attempt_id=attempt_id
    )
    if _handed_in_if_overdue(request, attempt) or not attempt.is_open:
        return redirect(_url("result", attempt))
    summary = quiz_engine.attempt_summary(attempt=attempt)
    context = {
        "attempt": attempt,
        "lesson": attempt.quiz.lesson,
        "course": attempt.quiz.lesson.module.course,
        "summary": summary,
    }
    return render(request, "courses/quiz/summary.html", context)


@require_POST
@login_required
def quiz_submit(request, slug: str, lesson_id: int, attempt_id: int):
    """Hands the attempt in; a double click or a replay finds the same result."""
    attempt = quiz_selectors.attempt_in_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id, attempt_id=attempt_id
    )
    enrollment = selectors.enrollment_for_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id
    )
    quiz_services.quiz_attempt_submit(
        enrollment=enrollment, lesson=attempt.quiz.lesson, attempt=attempt
    )
    return redirect(_url("result", attempt))


@login_required
def quiz_result(request, slug: str, lesson_id: int, attempt_id: int):
    """The score in words and as a bar, passed or not, the review when allowed,
    and what to do next: continue, or try again."""
    attempt = quiz_selectors.attempt_in_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id, attempt_id=attempt_id
    )
    if attempt.is_open:
        return redirect(_url("summary", attempt))
    lesson = attempt.quiz.lesson
    course = lesson.module.course
    review = None
    if quiz_engine.review_allowed(attempt=attempt):
        review = quiz_engine.attempt_review(attempt=attempt)
    state = quiz_selectors.quiz_lesson_state(lesson=lesson, user=request.user)
    following = None
    if state.passed:
        syllabus = selectors.course_syllabus(course=course, user=request.user)
        following = syllabus.next_after(lesson)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "lesson": lesson,
        "course": course,
        "review": review,
        "state": state,
        "next": following,
    }
    return render(request, "courses/quiz/result.html", context)
