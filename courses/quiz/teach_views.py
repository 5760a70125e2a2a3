"""Trainer quiz authoring under /teach/: the course's question bank, questions of
every kind with a preview, quiz lessons and their pool, results per learner and
per question."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.markdown import render_markdown
from core.uploads import image_max_bytes, limit_upload_size, upload_cut_off, upload_data
from members.models import User
from members.permissions import trainer_required
from quizzes import selectors as quiz_selectors
from quizzes import services as quiz_services
from quizzes.models import Question

from .. import selectors
from ..models import Course
from . import selectors as course_quiz_selectors
from . import services as course_quiz_services
from .forms import QuestionForm, QuizLessonForm, form_errors_add, quiz_initial

Kind = Question.Kind


def competence_choices(course: Course, kept: list[str] = ()) -> list[tuple[str, str]]:
    """The course's own competences as (code, label); codes a question already
    has are kept so that saving it loses nothing."""
    rows = course.course_competences.select_related("competence")
    choices = [
        (r.competence.code, f"{r.competence.code} {r.competence.name}") for r in rows
    ]
    known = {code for code, _label in choices}
    return choices + [(code, code) for code in kept if code not in known]


# --- The bank ---


@trainer_required
def question_bank(request, pk: int):
    """The course's questions, what they test, which quizzes use them."""
    course = selectors.course_for_teacher(request.user, pk)
    context = {
        "course": course,
        "questions": course_quiz_selectors.bank_questions(course),
        "kinds": Kind.choices,
    }
    return render(request, "courses/teach/quiz/question_bank.html", context)


# --- One question: create, edit, preview ---


@dataclass
class QuestionPreview:
    """The question as a learner sees it: no answer marked, rows in another order."""

    kind: str
    text_html: str
    image_url: str = ""
    image_alt: str = ""
    choices: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)


def _question_preview(
    form: QuestionForm, question: Question | None
) -> QuestionPreview | None:
    try:
        text_html = render_markdown(form.cleaned_data["text_markdown"])
    except ValidationError as error:
        form.add_error("text_markdown", error)
        return None
    kind = form.kind
    rows = form.choices()
    preview = QuestionPreview(kind=kind, text_html=text_html)
    if (
        question is not None
        and question.image
        and not form.cleaned_data.get("remove_image")
    ):
        preview.image_url = question.image.url
        preview.image_alt = form.cleaned_data.get("image_alt") or question.image_alt
    if kind == Kind.TRUE_FALSE:
        preview.choices = [_("Vrai"), _("Faux")]
    elif kind in (Kind.SINGLE, Kind.MULTIPLE):
        preview.choices = [row["text"] for row in rows]
    elif kind == Kind.ORDERING:
        # Learners never get the right order; neither does the preview.
        texts = [row["text"] for row in rows]
        preview.choices = texts[1:] + texts[:1]
    elif kind == Kind.MATCHING:
        preview.choices = [row["text"] for row in rows]
        preview.options = sorted(row["match_text"] for row in rows)
    return preview


def _bank_url(course: Course) -> str:
    return reverse("teach:question-bank", args=[course.pk])


def _question_page(
    request,
    form: QuestionForm,
    *,
    course: Course,
    save: Callable[[], Question],
    question: Question | None = None,
):
    """Validates, previews ("Aperçu") or saves; on refusal nothing is saved and
    everything typed comes back (but a chosen file, which browsers never refill)."""
    too_big = upload_cut_off(request, form, "image", image_max_bytes())
    preview = None
    if not too_big and request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _question_preview(form, question)
        else:
            try:
                with transaction.atomic():
                    saved = save()
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(
                    request,
                    _("La question n°%(n)s est enregistrée.") % {"n": saved.pk},
                )
                return redirect(_bank_url(course))
    context = {
        "form": form,
        "course": course,
        "question": question,
        "kind_label": Kind(form.kind).label,
        "preview": preview,
        # Browsers never fill a file field again: say so rather than lose it quietly.
        "image_to_choose_again": request.method == "POST" and "image" in request.FILES,
    }
    return render(
        request,
        "courses/teach/quiz/question_form.html",
        context,
        status=413 if too_big else 200,
    )


@trainer_required
@limit_upload_size(image_max_bytes)
def question_create(request, pk: int, kind: str):
    """A new question of this kind in the course's bank (made on the first one)."""
    course = selectors.course_for_teacher(request.user, pk)
    if kind not in Kind.values:
        raise Http404
    form = QuestionForm(
        *upload_data(request), kind=kind, competences=competence_choices(course)
    )

    def save() -> Question:
        bank = course_quiz_services.course_question_bank(course=course)
        return quiz_services.question_create(
            bank=bank, kind=kind, **form.service_kwargs()
        )

    return _question_page(request, form, course=course, save=save)


@trainer_required
@limit_upload_size(image_max_bytes)
def question_edit(request, pk: int):
    """Changes a question (same kind); submitted attempts keep their grades."""
    question = course_quiz_selectors.question_for_teacher(request.user, pk)
    course = question.bank.course
    form = QuestionForm(
        *upload_data(request),
        kind=question.kind,
        competences=competence_choices(course, question.competence_codes),
        question=question,
    )
    return _question_page(
        request,
        form,
        course=course,
        question=question,
        save=lambda: quiz_services.question_update(
            question=question, **form.service_kwargs()
        ),
    )


# --- Quiz lessons ---


def _quiz_page(request, form: QuizLessonForm, *, course, module, lesson=None):
    context = {"form": form, "course": course, "module": module, "lesson": lesson}
    return render(request, "courses/teach/quiz/quiz_form.html", context)


def _quiz_form_post(request, form, *, module, lesson=None):
    """The saved lesson, or None with the refusals on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            return course_quiz_services.quiz_lesson_save(
                module=module,
                lesson=lesson,
                fields=form.lesson_kwargs(),
                settings=form.settings(),
                questions=form.chosen_questions(),
            )
    except ValidationError as error:
        form_errors_add(form, error)
        return None


@trainer_required
def quiz_create(request, pk: int):
    """A new quiz lesson at the end of the part, on the course's bank."""
    module = selectors.module_for_teacher(request.user, pk)
    course = module.course
    form = QuizLessonForm(
        request.POST or None, questions=course_quiz_selectors.bank_questions(course)
    )
    saved = _quiz_form_post(request, form, module=module)
    if saved is not None:
        messages.success(request, _("Le quiz est ajouté."))
        return redirect("teach:quiz-edit", pk=saved.pk)
    return _quiz_page(request, form, course=course, module=module)


@trainer_required
def quiz_edit(request, pk: int):
    """Changes a quiz lesson, its settings and its pool."""
    lesson = course_quiz_selectors.quiz_lesson_for_teacher(request.user, pk)
    course = lesson.module.course
    pool = dict(lesson.quiz.pool.values_list("question_id", "position"))
    form = QuizLessonForm(
        request.POST or None,
        questions=course_quiz_selectors.bank_questions(course),
        pool=pool,
        initial=quiz_initial(lesson),
    )
    saved = _quiz_form_post(request, form, module=lesson.module, lesson=lesson)
    if saved is not None:
        messages.success(request, _("Modifications enregistrées."))
        return redirect("teach:quiz-edit", pk=lesson.pk)
    return _quiz_page(request, form, course=course, module=lesson.module, lesson=lesson)


@trainer_required
def quiz_results(request, pk: int):
    """Attempts per learner and, per question, the success rate and the most chosen
    wrong answer; the same number of queries whatever the number of attempts."""
    lesson = course_quiz_selectors.quiz_lesson_for_teacher(request.user, pk)
    links = course_quiz_selectors.quiz_attempt_links(quiz=lesson.quiz)
    context = {
        "lesson": lesson,
        "course": lesson.module.course,
        "learners": [
            (row, links.get(row.user_id, []))
            for row in quiz_selectors.quiz_attempts_by_learner(quiz=lesson.quiz)
        ],
        "items": quiz_selectors.quiz_item_analysis(quiz=lesson.quiz),
    }
    return render(request, "courses/teach/quiz/quiz_results.html", context)


@require_safe
@trainer_required
def quiz_attempt(request, pk: int, attempt_id: int):
    """One learner's attempt: each question in the order they got it, their
    answer and the right one, the score and the time taken. Trainers see the
    right answers whatever the review policy, even while the attempt is open:
    they need them to help, and no learner reads this page. Read-only."""
    attempt = course_quiz_selectors.attempt_for_teacher(
        request.user, lesson_id=pk, attempt_id=attempt_id
    )
    lesson = attempt.quiz.lesson
    learner = attempt.user
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "lesson": lesson,
        "course": lesson.module.course,
        "learner_name": learner.get_full_name() or learner.username,
        "review": quiz_selectors.attempt_review_for_trainer(attempt=attempt),
    }
    return render(request, "courses/teach/quiz/attempt_detail.html", context)


@require_POST
@trainer_required
def quiz_grant(request, pk: int):
    """ "Donner un essai de plus": one more attempt for a learner of the course
    who has none left; back to the results, or to the dashboard it came from."""
    lesson = course_quiz_selectors.quiz_lesson_for_teacher(request.user, pk)
    learner_id = request.POST.get("learner", "")
    learner = None
    if learner_id.isdigit():
        learner = User.objects.filter(pk=learner_id).first()
    if learner is None:
        raise Http404
    name = learner.get_full_name() or learner.username
    try:
        course_quiz_services.quiz_attempt_grant(
            lesson=lesson, learner=learner, trainer=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s peut faire un essai de plus au quiz « %(quiz)s ».")
            % {"name": name, "quiz": lesson.title},
        )
    if request.POST.get("back") == "dashboard":
        return redirect("dashboard:course-learners", slug=lesson.module.course.slug)
    return redirect("teach:quiz-results", pk=lesson.pk)
