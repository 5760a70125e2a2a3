"""Pages of the courses app: the catalogue, a course's page and the lesson player."""

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import CatalogueFilterForm
from .h5p import selectors as h5p_selectors
from .models import Lesson
from .quiz import selectors as quiz_selectors

PAGE_SIZE = 12


def catalogue(request):
    """Published courses, searched and filtered through the query string."""
    form = CatalogueFilterForm(request.GET)
    filters = form.filters()
    page = Paginator(selectors.course_catalogue(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "form": form, "active_filters": form.active_filters()}
    return render(request, "courses/course_catalogue.html", context)


def course_detail(request, slug: str):
    """What the course teaches, its syllabus, and enrol or continue."""
    course = selectors.course_page(slug=slug, user=request.user)
    syllabus = selectors.course_syllabus(
        course=course,
        user=request.user,
        missing_prerequisites=selectors.missing_prerequisites(course),
    )
    context = {"course": course, "syllabus": syllabus}
    return render(request, "courses/course_detail.html", context)


@require_POST
def course_enroll(request, slug: str):
    """Enrols the member; visitors log in first and come back to the course."""
    course = selectors.course_for_visitor(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(course.get_absolute_url())
    try:
        services.enrollment_create(user=request.user, course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Vous êtes inscrit·e. Bonne découverte !"))
    return redirect(course)


def _report_problem_url(request, lesson) -> str:
    subject = _("Problème dans la leçon « %(title)s » : %(url)s") % {
        "title": lesson.title,
        "url": request.build_absolute_uri(),
    }
    return f"mailto:{settings.HELP_EMAIL}?subject={quote(subject)}"


@login_required
def lesson_detail(request, slug: str, lesson_id: int):
    """A lesson of a course the member follows; why it is locked when it is."""
    enrollment = selectors.enrollment_for_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id
    )
    lesson = selectors.lesson_in_course(course=enrollment.course, lesson_id=lesson_id)
    syllabus = selectors.course_syllabus(course=enrollment.course, user=request.user)
    outline = syllabus.lesson(lesson.pk)
    previous, following = syllabus.neighbours(lesson)
    context = {
        "course": enrollment.course,
        "lesson": lesson,
        "lock": outline.lock,
        "done": outline.done,
        "syllabus": syllabus,
        "previous": previous,
        "next": following,
        "report_url": _report_problem_url(request, lesson),
    }
    if lesson.kind == Lesson.Kind.QUIZ and not outline.lock:
        context["quiz"] = quiz_selectors.quiz_lesson_state(
            lesson=lesson, user=request.user
        )
    if lesson.kind == Lesson.Kind.H5P and not outline.lock:
        context["h5p"] = h5p_selectors.h5p_lesson_state(
            lesson=lesson, user=request.user
        )
    return render(request, "courses/lesson_detail.html", context)


@require_POST
@login_required
def lesson_complete(request, slug: str, lesson_id: int):
    """Marks the lesson done, then opens the next one (or congratulates)."""
    enrollment = selectors.enrollment_for_lesson(
        user=request.user, slug=slug, lesson_id=lesson_id
    )
    lesson = selectors.lesson_in_course(course=enrollment.course, lesson_id=lesson_id)
    try:
        services.lesson_complete(enrollment=enrollment, lesson=lesson)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(
            "courses:lesson-detail", slug=enrollment.course.slug, lesson_id=lesson.pk
        )
    syllabus = selectors.course_syllabus(course=enrollment.course, user=request.user)
    following = syllabus.next_after(lesson)
    if following is None:
        messages.success(
            request, _("Bravo ! Vous avez terminé toutes les leçons de ce module.")
        )
        return redirect(enrollment.course)
    return redirect(following)
