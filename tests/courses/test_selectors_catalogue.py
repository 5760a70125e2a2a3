"""course_catalogue(): published courses, searched and filtered, in few queries."""

import pytest
from django.db import connection

from courses.models import Course
from courses.selectors import course_catalogue, course_for_visitor
from skills.models import Competence
from tests.factories import CourseCompetenceFactory, CourseFactory, TrainerFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def _titles(courses) -> list[str]:
    return [course.title for course in courses]


def test_selectors_catalogue_without_arguments_lists_published_by_title():
    """Called bare, the catalogue lists every published course in title order."""
    CourseFactory(title="B")
    CourseFactory(title="A")
    CourseFactory(title="Brouillon", status=Course.Status.DRAFT)

    assert _titles(course_catalogue()) == ["A", "B"]


def test_selectors_catalogue_course_for_visitor_hides_drafts():
    """A draft is not found by its address, a published course is."""
    from django.http import Http404

    CourseFactory(slug="ouvert")
    CourseFactory(slug="cache", status=Course.Status.DRAFT)

    assert course_for_visitor("ouvert").slug == "ouvert"
    with pytest.raises(Http404):
        course_for_visitor("cache")


def test_selectors_catalogue_prefetches_trainers_and_competences(
    django_assert_num_queries,
):
    """Trainers and competences with their areas come in three queries in all."""
    trainer = TrainerFactory()
    competence = Competence.objects.in_framework().get(code="4.2")
    for _number in range(5):
        course = CourseFactory(trainers=[trainer])
        CourseCompetenceFactory(course=course, competence=competence)

    with django_assert_num_queries(3):
        seen = [
            (
                [str(each) for each in course.trainers.all()],
                [
                    (item.competence.code, item.competence.area.number)
                    for item in course.course_competences.all()
                ],
            )
            for course in course_catalogue(area=4)
        ]

    assert len(seen) == 5
    assert seen[0][1] == [("4.2", 4)]


def test_selectors_catalogue_blank_search_is_no_search():
    """A search of spaces lists everything."""
    CourseFactory(title="Un")
    CourseFactory(title="Deux")

    assert len(course_catalogue(q="   ")) == 2


@postgresql_only
def test_selectors_catalogue_postgresql_search_is_stemmed_in_french():
    """In French, « arnaques » finds a course that speaks of « arnaque »."""
    CourseFactory(
        title="Se protéger en ligne",
        summary="Reconnaître une arnaque par message.",
        language="fr",
    )
    CourseFactory(title="Mon smartphone", summary="Les premiers pas.", language="fr")

    assert _titles(course_catalogue(q="arnaques")) == ["Se protéger en ligne"]


@postgresql_only
def test_selectors_catalogue_postgresql_search_uses_each_course_language():
    """Dutch and English courses are stemmed in their own language."""
    CourseFactory(
        title="Veilig online",
        summary="Herken oplichting.",
        description_markdown="Wij leren wachtwoorden maken.",
        language="nl",
    )
    CourseFactory(
        title="Online safety",
        summary="Spotting scams.",
        description_markdown="Choosing strong passwords.",
        language="en",
    )

    assert _titles(course_catalogue(q="wachtwoord")) == ["Veilig online"]
    assert _titles(course_catalogue(q="password")) == ["Online safety"]
    assert _titles(course_catalogue(q="scam")) == ["Online safety"]


@postgresql_only
def test_selectors_catalogue_postgresql_search_ranks_title_first():
    """A course with the word in its title comes before one with it in its text."""
    CourseFactory(
        title="A: mots de passe",
        summary="Choisir.",
        description_markdown="On parle aussi de courriel.",
    )
    CourseFactory(title="B: courriel", summary="Créer une adresse de courriel.")

    assert _titles(course_catalogue(q="courriel")) == [
        "B: courriel",
        "A: mots de passe",
    ]


@postgresql_only
def test_selectors_catalogue_postgresql_search_survives_odd_input():
    """Quotes, operators and stop words alone never raise."""
    CourseFactory(title="Un module")

    for q in ['"', "a & | ! (", "-", "le la les", "OR 1=1"]:
        list(course_catalogue(q=q))
