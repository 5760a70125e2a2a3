"""Trainer authoring under /teach/: courses, modules, lessons, images, publishing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.markdown import render_markdown
from core.uploads import (
    image_max_bytes,
    limit_upload_size,
    upload_cut_off,
    upload_data,
    video_max_bytes,
)
from members.permissions import trainer_required

from . import selectors, services
from .forms import (
    CourseCoverForm,
    CourseForm,
    LessonForm,
    LessonImageForm,
    LessonMediaForm,
    MarkdownPreviewForm,
    ModuleForm,
)
from .h5p import selectors as h5p_selectors
from .quiz import selectors as quiz_selectors


def _course_url(course) -> str:
    return reverse("teach:course-detail", args=[course.pk])


def _save(form, action) -> object | None:
    """Calls the service; its rule violations are shown next to the fields."""
    try:
        return action()
    except ValidationError as error:
        form.add_error(None, error)
        return None


@trainer_required
def course_list(request):
    """The courses this trainer teaches (staff: all), with their status."""
    courses = selectors.courses_for_teacher(request.user).order_by("status", "title")
    return render(request, "courses/teach/course_list.html", {"courses": courses})


@trainer_required
def course_create(request):
    """A new draft course; its author becomes one of its trainers."""
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = _save(
            form,
            lambda: services.course_create(
                trainer=request.user,
                fields=form.course_fields(),
                competences=form.competences(),
                prerequisites=form.cleaned_data["prerequisites"],
            ),
        )
        if course is not None:
            messages.success(request, _("Le module est créé (brouillon)."))
            return redirect(_course_url(course))
    return render(request, "courses/teach/course_form.html", {"form": form})


@trainer_required
def course_detail(request, pk: int):
    """A course's modules and lessons, with reordering and publishing."""
    course = selectors.course_for_teacher(request.user, pk)
    context = {"course": course, "modules": selectors.course_outline(course)}
    return render(request, "courses/teach/course_detail.html", context)


@trainer_required
def course_edit(request, pk: int):
    """Changes a course's text, facts, competences and prerequisites."""
    course = selectors.course_for_teacher(request.user, pk)
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.course_update(
                course=course,
                fields=form.course_fields(),
                competences=form.competences(),
                prerequisites=form.cleaned_data["prerequisites"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Modifications enregistrées."))
            return redirect(_course_url(course))
    context = {"form": form, "course": course}
    return render(request, "courses/teach/course_form.html", context)


@require_POST
@trainer_required
def course_status(request, pk: int, action: str):
    """Publishes, unpublishes or archives; a refusal says why."""
    course = selectors.course_for_teacher(request.user, pk)
    service = {
        "publish": services.course_publish,
        "unpublish": services.course_unpublish,
        "archive": services.course_archive,
    }[action]
    try:
        service(course=course)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Statut : %(status)s.") % {"status": course.get_status_display()}
        )
    return redirect(_course_url(course))


@trainer_required
def course_preview(request, pk: int):
    """The course page as learners will see it, without enrolment."""
    course = selectors.course_preview_for_teacher(request.user, pk)
    context = {"course": course, "modules": selectors.course_outline(course)}
    return render(request, "courses/teach/course_preview.html", context)


@trainer_required
def module_create(request, pk: int):
    """A new module at the end of the course."""
    course = selectors.course_for_teacher(request.user, pk)
    form = ModuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.module_create(course=course, **form.cleaned_data)
        messages.success(request, _("La partie est ajoutée."))
        return redirect(_course_url(course))
    context = {"form": form, "course": course}
    return render(request, "courses/teach/module_form.html", context)


@trainer_required
def module_edit(request, pk: int):
    """Renames a module; sets whether its lessons open in order."""
    module = selectors.module_for_teacher(request.user, pk)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and form.is_valid():
        services.module_update(module=module, **form.cleaned_data)
        messages.success(request, _("Modifications enregistrées."))
        return redirect(_course_url(module.course))
    context = {"form": form, "course": module.course, "module": module}
    return render(request, "courses/teach/module_form.html", context)


@require_POST
@trainer_required
def module_move(request, pk: int):
    module = selectors.module_for_teacher(request.user, pk)
    services.module_move(module=module, direction=request.POST.get("direction", ""))
    return redirect(_course_url(module.course))


def _lesson_form_page(request, form, *, course, module, lesson=None):
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        preview = _preview_html(form, request.POST.get("body_markdown", ""))
    context = {
        "form": form,
        "course": course,
        "module": module,
        "lesson": lesson,
        "preview": preview,
    }
    return render(request, "courses/teach/lesson_form.html", context)


def _preview_html(form, text: str) -> str | None:
    try:
        return render_markdown(text)
    except ValidationError as error:
        if form is not None:
            form.add_error("body_markdown", error)
        return None


@trainer_required
def lesson_create(request, pk: int):
    """A new text lesson at the end of the module; "Aperçu" shows it unsaved."""
    module = selectors.module_for_teacher(request.user, pk)
    form = LessonForm(request.POST or None)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        lesson = _save(
            form,
            lambda: services.lesson_create(module=module, fields=form.cleaned_data),
        )
        if lesson is not None:
            messages.success(request, _("La leçon est ajoutée."))
            return redirect("teach:lesson-edit", pk=lesson.pk)
    return _lesson_form_page(request, form, course=module.course, module=module)


@trainer_required
def lesson_edit(request, pk: int):
    """Changes a lesson; learners who finished it keep their progress."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    # Activities have their own page: a text form would give them a body.
    if lesson.kind == lesson.Kind.QUIZ:
        return redirect("teach:quiz-edit", pk=lesson.pk)
    if lesson.kind == lesson.Kind.H5P:
        return redirect("teach:h5p-detail", pk=lesson.pk)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        saved = _save(
            form,
            lambda: services.lesson_update(lesson=lesson, fields=form.cleaned_data),
        )
        if saved is not None:
            messages.success(request, _("Modifications enregistrées."))
            return redirect("teach:lesson-edit", pk=lesson.pk)
    course = lesson.module.course
    return _lesson_form_page(
        request, form, course=course, module=lesson.module, lesson=lesson
    )


@require_POST
@trainer_required
def lesson_move(request, pk: int):
    lesson = selectors.lesson_for_teacher(request.user, pk)
    services.lesson_move(lesson=lesson, direction=request.POST.get("direction", ""))
    return redirect(_course_url(lesson.module.course))


@require_POST
@trainer_required
def markdown_preview(request):
    """The live preview (htmx): the same sanitised rendering learners get."""
    form = MarkdownPreviewForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("body_markdown", "")
    error = None
    try:
        html = render_markdown(text)
    except ValidationError as exc:
        html, error = "", " ".join(exc.messages)
    context = {"preview": html, "preview_error": error}
    return render(request, "courses/teach/partials/_markdown_preview.html", context)


@trainer_required
def lesson_preview(request, pk: int):
    """The lesson as learners will see it, without enrolment."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    context = {"lesson": lesson, "course": lesson.module.course}
    if lesson.kind == lesson.Kind.QUIZ:
        context["questions"] = quiz_selectors.quiz_preview_questions(lesson=lesson)
    if lesson.kind == lesson.Kind.H5P:
        context["h5p"] = h5p_selectors.h5p_lesson_state(
            lesson=lesson, user=request.user
        )
    return render(request, "courses/teach/lesson_preview.html", context)


@trainer_required
@limit_upload_size(image_max_bytes)
def lesson_image(request, pk: int):
    """Uploads an image for the lesson; shows the Markdown to paste."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    form = LessonImageForm(*upload_data(request))
    snippet = None
    too_big = upload_cut_off(request, form, "image", image_max_bytes())
    if not too_big and request.method == "POST" and form.is_valid():
        snippet = _save(
            form,
            lambda: services.lesson_image_store(
                upload=form.cleaned_data["image"], alt=form.cleaned_data["alt"]
            ),
        )
        if snippet is not None:
            form = LessonImageForm()
    context = {
        "form": form,
        "lesson": lesson,
        "course": lesson.module.course,
        "snippet": snippet,
    }
    return render(
        request,
        "courses/teach/lesson_image.html",
        context,
        status=413 if too_big else 200,
    )


@trainer_required
@limit_upload_size(image_max_bytes)
def course_cover(request, pk: int):
    """Sets, describes or removes the course's cover picture."""
    course = selectors.course_for_teacher(request.user, pk)
    initial = {"cover_alt": course.cover_alt}
    form = CourseCoverForm(*upload_data(request), initial=initial)
    too_big = upload_cut_off(request, form, "cover_image", image_max_bytes())
    if not too_big and request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda: services.course_cover_set(
                course=course,
                upload=form.cleaned_data["cover_image"],
                alt=form.cleaned_data["cover_alt"],
                remove=form.cleaned_data["remove"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Image de couverture enregistrée."))
            return redirect(_course_url(course))
    context = {"form": form, "course": course}
    return render(
        request,
        "courses/teach/course_cover.html",
        context,
        status=413 if too_big else 200,
    )


@trainer_required
@limit_upload_size(video_max_bytes)
def lesson_media(request, pk: int):
    """Sets the lesson's recording and video, each with its transcript."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    initial = {
        "audio_transcript": lesson.audio_transcript,
        "video_transcript": lesson.video_transcript,
    }
    form = LessonMediaForm(*upload_data(request), initial=initial)
    too_big = upload_cut_off(request, form, None, video_max_bytes())
    if not too_big and request.method == "POST" and form.is_valid():
        saved = _save(
            form, lambda: services.lesson_media_set(lesson=lesson, **form.cleaned_data)
        )
        if saved is not None:
            messages.success(request, _("Son et vidéo enregistrés."))
            return redirect("teach:lesson-edit", pk=lesson.pk)
    context = {"form": form, "lesson": lesson, "course": lesson.module.course}
    return render(
        request,
        "courses/teach/lesson_media.html",
        context,
        status=413 if too_big else 200,
    )


@trainer_required
def lesson_delete(request, pk: int):
    """Asks, then deletes a lesson that nobody has finished."""
    lesson = selectors.lesson_for_teacher(request.user, pk)
    course = lesson.module.course
    error = None
    if request.method == "POST":
        try:
            services.lesson_delete(lesson=lesson)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("Leçon supprimée."))
            return redirect(_course_url(course))
    context = {"course": course, "object": lesson, "error": error, "kind": "lesson"}
    return render(request, "courses/teach/confirm_delete.html", context)


@trainer_required
def module_delete(request, pk: int):
    """Asks, then deletes a part and its lessons when nobody has finished one."""
    module = selectors.module_for_teacher(request.user, pk)
    course = module.course
    error = None
    if request.method == "POST":
        try:
            services.module_delete(module=module)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, _("Partie supprimée."))
            return redirect(_course_url(course))
    context = {"course": course, "object": module, "error": error, "kind": "module"}
    return render(request, "courses/teach/confirm_delete.html", context)
