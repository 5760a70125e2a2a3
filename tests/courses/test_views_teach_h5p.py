"""H5P authoring under /teach/: upload a package as a lesson, see its
libraries and a preview; staff see installed libraries and who uses them."""

import pytest
from django.urls import reverse

from courses.models import Lesson
from h5p.models import Content
from h5p.services import package_install
from tests.factories import (
    LearnerFactory,
    LessonFactory,
    ModuleFactory,
    StaffFactory,
    TrainerFactory,
)
from tests.h5p import packages as p

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def trainer():
    return TrainerFactory()


@pytest.fixture
def module(trainer):
    module = ModuleFactory()
    module.course.trainers.add(trainer)
    return module


def _form(upload, **changes):
    data = {"package": upload, "title": "", "minutes": "4", "required": "on"}
    data.update(changes)
    return data


def test_views_teach_h5p_button_on_course_page(client, trainer, module):
    """Each part offers "Ajouter une activité H5P"."""
    client.force_login(trainer)
    response = client.get(reverse("teach:course-detail", args=[module.course.pk]))
    assert reverse("teach:h5p-create", args=[module.pk]) in response.content.decode()
    assert "Ajouter une activité H5P" in response.content.decode()


def test_views_teach_h5p_create_then_detail_and_preview(client, trainer, module):
    """A package whose libraries are installed becomes the module's last lesson;
    the next page shows its title, libraries and a preview link; the preview
    plays it under the player's policy."""
    package_install(upload=p.good_package(), user=StaffFactory())
    client.force_login(trainer)
    url = reverse("teach:h5p-create", args=[module.pk])
    response = client.post(url, _form(p.good_package()))
    lesson = Lesson.objects.get(kind="h5p")
    assert response.status_code == 302
    assert response["Location"] == reverse("teach:h5p-detail", args=[lesson.pk])
    assert lesson.title == "Vrai ou faux : la souris" and lesson.minutes == 4
    assert lesson.required and lesson.module == module
    assert lesson.h5p_content.uploaded_by == trainer

    html = client.get(response["Location"]).content.decode()
    assert "Vrai ou faux : la souris" in html
    assert "H5P.SiriusCheck 1.0.0" in html and "H5P.SiriusHelper 1.0.0" in html
    preview_url = reverse("teach:lesson-preview", args=[lesson.pk])
    assert preview_url in html
    preview = client.get(preview_url)
    assert "script-src 'self'" in preview["Content-Security-Policy"]
    assert 'id="h5p-options"' in preview.content.decode()


def test_views_teach_h5p_refused_shows_every_reason(client, trainer, module):
    """A trainer's package needing a library not installed: the page names it
    next to the field; no lesson, no content."""
    client.force_login(trainer)
    url = reverse("teach:h5p-create", args=[module.pk])
    response = client.post(url, _form(p.good_package()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "H5P.SiriusCheck 1.0" in html and "installée" in html
    assert not Lesson.objects.filter(kind="h5p").exists()
    assert not Content.objects.exists()


def test_views_teach_h5p_hostile_package_refused(client, trainer, module):
    client.force_login(trainer)
    url = reverse("teach:h5p-create", args=[module.pk])
    response = client.post(url, _form(p.with_entry("../../evil.json")))
    assert response.status_code == 200
    assert not Content.objects.exists()


def test_views_teach_h5p_too_big_413(client, settings, trainer, module):
    settings.H5P_MAX_PACKAGE_BYTES = 1024
    client.force_login(trainer)
    url = reverse("teach:h5p-create", args=[module.pk])
    response = client.post(url, _form(p.good_package()))
    assert response.status_code == 413
    assert not Content.objects.exists()


def test_views_teach_h5p_other_trainers_module_404(client, module):
    """A trainer of another course: 404, nothing stored; a learner: 403."""
    client.force_login(TrainerFactory())
    url = reverse("teach:h5p-create", args=[module.pk])
    assert client.post(url, _form(p.good_package())).status_code == 404
    client.force_login(LearnerFactory())
    assert client.get(url).status_code == 403
    assert not Content.objects.exists()


def test_views_teach_h5p_libraries_page_staff_only(client, module):
    """Staff see each library with the contents that use it; trainers get 403."""
    content = package_install(upload=p.good_package(), user=StaffFactory())
    url = reverse("teach:h5p-libraries")
    client.force_login(TrainerFactory())
    assert client.get(url).status_code == 403
    client.force_login(StaffFactory())
    html = client.get(url).content.decode()
    assert "H5P.SiriusCheck" in html and "H5P.SiriusHelper" in html
    assert html.count(content.title) == 2  # used through both libraries


def test_views_teach_activity_lessons_edit_on_their_own_pages(client, trainer, module):
    """The text editor sends quiz and H5P lessons to their own pages; an H5P
    lesson's title, minutes and "required" are changed there."""
    package_install(upload=p.good_package(), user=StaffFactory())
    client.force_login(trainer)
    client.post(reverse("teach:h5p-create", args=[module.pk]), _form(p.good_package()))
    h5p_lesson = Lesson.objects.get(kind="h5p")
    quiz_lesson = LessonFactory(module=module, kind="quiz")

    to_quiz = client.get(reverse("teach:lesson-edit", args=[quiz_lesson.pk]))
    to_h5p = client.get(reverse("teach:lesson-edit", args=[h5p_lesson.pk]))
    client.post(
        reverse("teach:h5p-detail", args=[h5p_lesson.pk]),
        {"title": "La souris, vrai ou faux", "minutes": "6"},
    )

    assert to_quiz["Location"] == reverse("teach:quiz-edit", args=[quiz_lesson.pk])
    assert to_h5p["Location"] == reverse("teach:h5p-detail", args=[h5p_lesson.pk])
    h5p_lesson.refresh_from_db()
    assert (h5p_lesson.title, h5p_lesson.minutes) == ("La souris, vrai ou faux", 6)
    assert h5p_lesson.required is False
    assert h5p_lesson.body_markdown == ""
