"""GET /api/v1/courses/ and /api/v1/courses/<slug>/: published courses, anonymously."""

from decimal import Decimal

import pytest
from django.urls import reverse

from courses.models import Course
from skills.models import Competence
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    LessonFactory,
    ModuleFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/courses/"


def test_api_courses_urls_are_stable():
    """The documented addresses do not move."""
    assert reverse("api-course-list") == LIST
    assert reverse("api-course-detail", args=["x"]) == "/api/v1/courses/x/"


def test_api_courses_list_shape(client):
    """A visitor gets published courses with their competences as code and level."""
    course = CourseFactory(
        slug="arnaques",
        title="Repérer les arnaques",
        language="fr",
        duration_hours=Decimal("1.5"),
        level_band="foundation",
    )
    CourseCompetenceFactory(
        course=course,
        competence=Competence.objects.in_framework().get(code="4.2"),
        level=3,
    )

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "slug": "arnaques",
                "title": "Repérer les arnaques",
                "language": "fr",
                "duration_hours": "1.5",
                "level_band": "foundation",
                "competences": [{"code": "4.2", "level": 3}],
            }
        ],
    }


def test_api_courses_list_hides_drafts_and_archives(client):
    """Drafts and archived courses are not listed."""
    CourseFactory(slug="ouvert")
    CourseFactory(slug="brouillon", status=Course.Status.DRAFT)
    CourseFactory(slug="archive", status=Course.Status.ARCHIVED)

    slugs = [row["slug"] for row in client.get(LIST).json()["results"]]

    assert slugs == ["ouvert"]


def test_api_courses_list_page_size_is_capped(client):
    """page_size=1000000 returns at most 100 courses; page_size=5 returns 5."""
    Course.objects.bulk_create(
        Course(
            title=f"Module {n:03d}",
            slug=f"m-{n}",
            summary="s",
            duration_hours=1,
            status=Course.Status.PUBLISHED,
        )
        for n in range(105)
    )

    huge = client.get(LIST, {"page_size": "1000000"}).json()
    small = client.get(LIST, {"page_size": "5"}).json()
    default = client.get(LIST).json()

    assert huge["count"] == 105
    assert len(huge["results"]) == 100
    assert len(small["results"]) == 5
    assert len(default["results"]) == 20


def test_api_courses_list_ignores_ordering_and_private_filters(client):
    """ordering=password or a filter on status changes nothing: drafts stay hidden."""
    CourseFactory(slug="b", title="B")
    CourseFactory(slug="a", title="A")
    CourseFactory(slug="d", status=Course.Status.DRAFT)

    response = client.get(LIST, {"ordering": "password", "status": "draft"})

    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == ["a", "b"]


def test_api_courses_list_bad_paging_never_fails(client):
    """Nonsense page sizes fall back to the default; a page past the end is a 404."""
    CourseFactory()

    assert client.get(LIST, {"page_size": "abc"}).status_code == 200
    assert client.get(LIST, {"page_size": "-1"}).status_code == 200
    assert client.get(LIST, {"page": "99"}).status_code == 404


def test_api_courses_list_query_count(client, django_assert_max_num_queries):
    """The list takes the same few queries for 3 or 60 courses."""
    competence = Competence.objects.in_framework().get(code="1.1")
    for _ in range(60):
        CourseCompetenceFactory(competence=competence)

    with django_assert_max_num_queries(4):
        response = client.get(LIST, {"page_size": "100"})

    assert len(response.json()["results"]) == 60


def test_api_courses_detail_with_syllabus(client):
    """A course's detail lists its modules with their lessons in order."""
    course = CourseFactory(slug="mail", title="Mon adresse e-mail")
    first = ModuleFactory(course=course, title="Créer", position=1)
    second = ModuleFactory(course=course, title="Envoyer", position=2)
    b = LessonFactory(module=first, title="B", position=2, minutes=10)
    a = LessonFactory(module=first, title="A", position=1, minutes=5)
    c = LessonFactory(module=second, title="C", position=1, kind="quiz")

    response = client.get(f"{LIST}mail/")

    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "mail"
    assert data["title"] == "Mon adresse e-mail"
    assert data["modules"] == [
        {
            "id": first.pk,
            "title": "Créer",
            "lessons": [
                {"id": a.pk, "kind": "text", "title": "A", "minutes": 5},
                {"id": b.pk, "kind": "text", "title": "B", "minutes": 10},
            ],
        },
        {
            "id": second.pk,
            "title": "Envoyer",
            "lessons": [{"id": c.pk, "kind": "quiz", "title": "C", "minutes": 5}],
        },
    ]
    assert "body_markdown" not in str(data)


@pytest.mark.parametrize("status", [Course.Status.DRAFT, Course.Status.ARCHIVED])
def test_api_courses_detail_of_unpublished_is_404(client, status):
    """A draft or archived course is not found through the API."""
    CourseFactory(slug="cache", status=status)

    assert client.get(f"{LIST}cache/").status_code == 404


def test_api_courses_are_read_only(client, learner):
    """The catalogue cannot be written through the API."""
    CourseFactory(slug="fixe")
    client.force_login(learner)

    assert client.post(LIST, {"slug": "x"}).status_code == 405
    assert client.delete(f"{LIST}fixe/").status_code == 405
    assert client.patch(f"{LIST}fixe/", {}).status_code == 405
