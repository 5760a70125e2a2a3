"""Trainer authoring pages under /teach/, with their permissions."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from courses.models import Course, Lesson, Module
from tests.factories import (
    CourseFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

COURSE_POST = {
    "title": "Repérer les arnaques",
    "slug": "",
    "summary": "Reconnaître un faux message.",
    "description_markdown": "Un module **utile**.",
    "language": "fr",
    "level_band": "foundation",
    "duration_hours": "2",
}


@pytest.fixture
def own_course(trainer):
    course = CourseFactory(status=Course.Status.DRAFT, trainers=[trainer])
    return course


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def test_views_teach_learner_gets_403_and_nothing_created(client, learner):
    """A learner cannot open /teach/ nor create a course."""
    client.force_login(learner)

    assert client.get(reverse("teach:course-list")).status_code == 403
    response = client.post(reverse("teach:course-create"), COURSE_POST)

    assert response.status_code == 403
    assert not Course.objects.exists()


def test_views_teach_list_shows_own_courses_only(client, trainer, own_course):
    """A trainer sees the courses they teach, not the others; staff see all."""
    other = CourseFactory(title="Pas à moi")
    client.force_login(trainer)

    page = client.get(reverse("teach:course-list")).content.decode()

    assert own_course.title in page and other.title not in page
    assert "Nouveau module" in page
    client.force_login(StaffFactory())
    assert other.title in client.get(reverse("teach:course-list")).content.decode()


def test_views_teach_other_trainers_objects_are_404_and_unchanged(client, trainer):
    """Another trainer's course, module and lesson by id are a 404; nothing moves."""
    lesson = LessonFactory(body_markdown="Original")
    module = lesson.module
    course = module.course
    client.force_login(trainer)

    urls = [
        reverse("teach:course-detail", args=[course.pk]),
        reverse("teach:course-edit", args=[course.pk]),
        reverse("teach:course-preview", args=[course.pk]),
        reverse("teach:module-edit", args=[module.pk]),
        reverse("teach:lesson-edit", args=[lesson.pk]),
        reverse("teach:lesson-preview", args=[lesson.pk]),
        reverse("teach:lesson-image", args=[lesson.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("teach:lesson-edit", args=[lesson.pk]), {"title": "Piraté"}),
        (reverse("teach:course-unpublish", args=[course.pk]), {}),
        (reverse("teach:module-create", args=[course.pk]), {"title": "X"}),
        (reverse("teach:lesson-create", args=[module.pk]), {"title": "X"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url

    lesson.refresh_from_db()
    course.refresh_from_db()
    assert lesson.body_markdown == "Original"
    assert course.status == Course.Status.PUBLISHED
    assert Module.objects.count() == 1 and Lesson.objects.count() == 1


def test_views_teach_create_ignores_status_and_trainers(client, trainer):
    """Posting status=published or trainers=[x] has no effect."""
    intruder = TrainerFactory()
    client.force_login(trainer)

    client.post(
        reverse("teach:course-create"),
        {**COURSE_POST, "status": "published", "trainers": [intruder.pk]},
    )

    course = Course.objects.get()
    assert course.status == Course.Status.DRAFT
    assert list(course.trainers.all()) == [trainer]
    assert course.slug == "reperer-les-arnaques"


def test_views_teach_get_never_changes_state(client, trainer, own_course):
    """Publishing and moving answer 405 to GET."""
    module = ModuleFactory(course=own_course)
    lesson = LessonFactory(module=module)
    client.force_login(trainer)

    for url in [
        reverse("teach:course-publish", args=[own_course.pk]),
        reverse("teach:course-archive", args=[own_course.pk]),
        reverse("teach:module-move", args=[module.pk]),
        reverse("teach:lesson-move", args=[lesson.pk]),
        reverse("teach:markdown-preview"),
    ]:
        assert client.get(url).status_code == 405, url
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT


def test_views_teach_create_course_module_lesson_publish_in_catalogue(client, trainer):
    """A course built through the pages and published appears in /courses/."""
    client.force_login(trainer)
    client.post(reverse("teach:course-create"), COURSE_POST)
    course = Course.objects.get()
    client.post(reverse("teach:module-create", args=[course.pk]), {"title": "Bases"})
    module = course.modules.get()
    client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "Un faux SMS", "minutes": "5", "required": "on",
         "body_markdown": "Ne cliquez **pas**."},
    )  # fmt: skip
    assert module.lessons.get().body_html == "<p>Ne cliquez <strong>pas</strong>.</p>"

    response = client.post(
        reverse("teach:course-publish", args=[course.pk]), follow=True
    )

    assert "publié" in response.content.decode()
    assert (
        "Repérer les arnaques"
        in client.get(reverse("courses:catalogue")).content.decode()
    )


def test_views_teach_publish_refused_without_lessons(client, trainer, own_course):
    """Publishing an empty course shows the reason and keeps the draft."""
    client.force_login(trainer)

    response = client.post(
        reverse("teach:course-publish", args=[own_course.pk]), follow=True
    )

    assert "Ajoutez au moins une leçon avant de publier." in response.content.decode()
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT


def test_views_teach_reorder_lessons_up_and_down(client, trainer, own_course):
    """Monter and Descendre change the order within the module."""
    module = ModuleFactory(course=own_course)
    first, second = LessonFactory(module=module), LessonFactory(module=module)
    client.force_login(trainer)

    client.post(reverse("teach:lesson-move", args=[second.pk]), {"direction": "up"})
    assert list(module.lessons.order_by("position")) == [second, first]
    client.post(reverse("teach:lesson-move", args=[second.pk]), {"direction": "down"})
    assert list(module.lessons.order_by("position")) == [first, second]


def test_views_teach_reorder_modules(client, trainer, own_course):
    """A module moves down past the next one."""
    first = ModuleFactory(course=own_course, position=0)
    second = ModuleFactory(course=own_course, position=1)
    client.force_login(trainer)

    client.post(reverse("teach:module-move", args=[first.pk]), {"direction": "down"})

    assert list(own_course.modules.order_by("position")) == [second, first]


def test_views_teach_lesson_with_script_saved_sanitised(client, trainer, own_course):
    """A lesson's script tag is stored as harmless text."""
    module = ModuleFactory(course=own_course)
    client.force_login(trainer)

    client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "L", "minutes": "5", "body_markdown": "<script>alert(1)</script>"},
    )

    assert "<script" not in Lesson.objects.get().body_html


def test_views_teach_too_long_markdown_refused_nothing_saved(
    client, trainer, own_course
):
    """Markdown over the limit is refused next to the field; nothing is saved."""
    module = ModuleFactory(course=own_course)
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "L", "minutes": "5", "body_markdown": "a" * 100_001},
    )

    assert response.status_code == 200
    assert "Ce texte est trop long" in response.content.decode()
    assert not Lesson.objects.exists()


def test_views_teach_5_mb_markdown_refused_nothing_saved(client, trainer, own_course):
    """A 5 MB body is refused before the form (request too big); nothing saved."""
    module = ModuleFactory(course=own_course)
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "L", "minutes": "5", "body_markdown": "a" * 5_000_000},
    )

    assert response.status_code == 400
    assert not Lesson.objects.exists()


def test_views_teach_preview_button_renders_without_saving(client, trainer, own_course):
    """ "Aperçu" (no JavaScript) shows the rendered text and saves nothing."""
    module = ModuleFactory(course=own_course)
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "L", "minutes": "5", "body_markdown": "**gras**", "preview": "1"},
    )

    assert "<strong>gras</strong>" in response.content.decode()
    assert not Lesson.objects.exists()


def test_views_teach_live_preview_partial(client, trainer):
    """The htmx preview returns the sanitised partial, or the error."""
    client.force_login(trainer)
    url = reverse("teach:markdown-preview")

    ok = client.post(url, {"body_markdown": "*x* <script>bad()</script>"})
    too_long = client.post(url, {"body_markdown": "a" * 100_001})

    assert "<em>x</em>" in ok.content.decode()
    assert "<script" not in ok.content.decode()
    assert "<html" not in ok.content.decode()
    assert "trop long" in too_long.content.decode()


def test_views_teach_image_upload_ok(client, trainer, own_course, settings, tmp_path):
    """A PNG with its alt text is stored and the Markdown snippet is shown."""
    settings.MEDIA_ROOT = str(tmp_path)
    lesson = LessonFactory(module=ModuleFactory(course=own_course))
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]),
        {"image": SimpleUploadedFile("moi.png", _png(), "image/png"), "alt": "Écran"},
    )

    page = response.content.decode()
    assert "![Écran](/media/lessons/images/" in page
    stored = list((tmp_path / "lessons" / "images").iterdir())
    assert len(stored) == 1 and stored[0].name != "moi.png"
    assert stored[0].suffix == ".png" and len(stored[0].stem) == 32


def test_views_teach_image_upload_needs_alt(
    client, trainer, own_course, settings, tmp_path
):
    """Without alternative text nothing is stored."""
    settings.MEDIA_ROOT = str(tmp_path)
    lesson = LessonFactory(module=ModuleFactory(course=own_course))
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]),
        {"image": SimpleUploadedFile("a.png", _png(), "image/png"), "alt": ""},
    )

    assert response.status_code == 200
    assert not (tmp_path / "lessons").exists()


def test_views_teach_image_upload_refuses_non_image(
    client, trainer, own_course, settings, tmp_path
):
    """A text file with a .png name is refused with a French message."""
    settings.MEDIA_ROOT = str(tmp_path)
    lesson = LessonFactory(module=ModuleFactory(course=own_course))
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]),
        {"image": SimpleUploadedFile("a.png", b"hello", "image/png"), "alt": "x"},
    )

    assert "pas une image PNG, JPEG ou WebP" in response.content.decode()
    assert not (tmp_path / "lessons").exists()


def test_views_teach_image_upload_refuses_over_5_mb(
    client, trainer, own_course, settings, tmp_path
):
    """A file one byte over 5 MB is refused by its size, before being read."""
    settings.MEDIA_ROOT = str(tmp_path)
    lesson = LessonFactory(module=ModuleFactory(course=own_course))
    client.force_login(trainer)
    big = SimpleUploadedFile("big.png", b"\0" * (5 * 1024 * 1024 + 1), "image/png")

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]), {"image": big, "alt": "x"}
    )

    assert response.status_code == 413
    assert "trop lourd (5 Mo au plus)" in response.content.decode()
    assert not (tmp_path / "lessons").exists()


def test_views_teach_previews_marked_apercu(client, trainer, own_course):
    """The learner's view of a draft course and lesson is marked Aperçu."""
    lesson = LessonFactory(
        module=ModuleFactory(course=own_course), body_html="<p>Bonjour</p>"
    )
    client.force_login(trainer)

    course_page = client.get(reverse("teach:course-preview", args=[own_course.pk]))
    lesson_page = client.get(reverse("teach:lesson-preview", args=[lesson.pk]))

    assert "Aperçu" in course_page.content.decode()
    assert lesson.title in course_page.content.decode()
    assert "Aperçu" in lesson_page.content.decode()
    assert "<p>Bonjour</p>" in lesson_page.content.decode()


def test_views_teach_edit_course_keeps_trainers(client, trainer, own_course):
    """Editing a course changes its text, not its trainers or status."""
    client.force_login(trainer)

    client.post(
        reverse("teach:course-edit", args=[own_course.pk]),
        {**COURSE_POST, "slug": own_course.slug, "status": "published"},
    )

    own_course.refresh_from_db()
    assert own_course.title == "Repérer les arnaques"
    assert own_course.status == Course.Status.DRAFT
    assert list(own_course.trainers.all()) == [trainer]


def test_views_teach_publish_without_csrf_token_is_403(trainer, own_course):
    """A cross-site POST (no CSRF token) cannot publish."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)

    response = client.post(reverse("teach:course-publish", args=[own_course.pk]))

    assert response.status_code == 403
    own_course.refresh_from_db()
    assert own_course.status == Course.Status.DRAFT


def test_views_teach_nested_quotes_refused_next_to_field(client, trainer, own_course):
    """10,000 nested quotes are refused with the reason; nothing is saved."""
    module = ModuleFactory(course=own_course)
    client.force_login(trainer)

    response = client.post(
        reverse("teach:lesson-create", args=[module.pk]),
        {"title": "L", "minutes": "5", "body_markdown": ">" * 10_000 + " x"},
    )

    assert "Trop de citations" in response.content.decode()
    assert not Lesson.objects.exists()


def test_views_teach_markup_in_titles_escaped(client, trainer):
    """A course title with markup is shown as text on the trainer's list."""
    CourseFactory(title="<b>Gras</b>", trainers=[trainer])
    client.force_login(trainer)

    page = client.get(reverse("teach:course-list")).content.decode()

    assert "&lt;b&gt;Gras&lt;/b&gt;" in page and "<b>Gras</b>" not in page


def test_views_teach_create_with_competence_and_prerequisite(client, trainer):
    """A competence with its level and a published prerequisite are saved."""
    from skills.models import Competence

    competence = Competence.objects.in_framework().get(code="1.1")
    basics = CourseFactory(title="Premiers pas")
    client.force_login(trainer)

    client.post(
        reverse("teach:course-create"),
        {
            **COURSE_POST,
            "competence_1": competence.pk,
            "level_1": "3",
            "prerequisites": [basics.pk],
        },
    )

    course = Course.objects.get(slug="reperer-les-arnaques")
    assert [(c.competence.code, c.level) for c in course.course_competences.all()] == [
        ("1.1", 3)
    ]
    assert list(course.prerequisites.all()) == [basics]


def test_views_teach_draft_prerequisite_refused(client, trainer):
    """A draft course cannot be chosen as a prerequisite."""
    draft = CourseFactory(status=Course.Status.DRAFT)
    client.force_login(trainer)

    response = client.post(
        reverse("teach:course-create"), {**COURSE_POST, "prerequisites": [draft.pk]}
    )

    assert response.status_code == 200
    assert not Course.objects.filter(slug="reperer-les-arnaques").exists()


def test_views_teach_image_upload_without_csrf_is_403(trainer, own_course):
    """The upload page keeps its CSRF check."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    lesson = LessonFactory(module=ModuleFactory(course=own_course))

    response = client.post(
        reverse("teach:lesson-image", args=[lesson.pk]),
        {"image": SimpleUploadedFile("a.png", _png(), "image/png"), "alt": "x"},
    )

    assert response.status_code == 403


def test_views_teach_course_preview_queries_do_not_grow_with_competences(
    client, trainer, own_course, django_assert_max_num_queries
):
    """The course preview lists its competences without a query for each one."""
    from skills.models import Competence
    from tests.factories import CourseCompetenceFactory

    client.force_login(trainer)
    url = reverse("teach:course-preview", args=[own_course.pk])
    CourseCompetenceFactory(course=own_course)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for code in ("2.1", "4.2", "5.1"):
        CourseCompetenceFactory(
            course=own_course,
            competence=Competence.objects.in_framework().get(code=code),
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert "4.2" in response.content.decode()


def test_views_teach_course_sets_certificate_validity(client, trainer, own_course):
    """A trainer says how long the course's certificates stay valid."""
    client.force_login(trainer)
    data = {**COURSE_POST, "slug": own_course.slug, "certificate_validity_months": "24"}

    client.post(reverse("teach:course-edit", args=[own_course.pk]), data)

    own_course.refresh_from_db()
    assert own_course.certificate_validity_months == 24
