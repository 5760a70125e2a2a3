"""The catalogue page: search, filters in words, pagination that keeps them."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Course
from skills.models import Competence
from tests.factories import (
    CourseCompetenceFactory,
    CourseFactory,
    LearnerFactory,
    TrainerFactory,
)

pytestmark = pytest.mark.django_db

URL = "/courses/"


def _competence(code: str) -> Competence:
    return Competence.objects.in_framework().get(code=code)


def _titles(response) -> list[str]:
    return [course.title for course in response.context["page"].object_list]


def _many_courses(count: int) -> None:
    trainer = TrainerFactory()
    for number in range(count):
        course = CourseFactory(title=f"Module {number:03d}", trainers=[trainer])
        CourseCompetenceFactory(course=course, competence=_competence("1.1"))
        CourseCompetenceFactory(course=course, competence=_competence("4.2"))


def test_views_catalogue_url_is_stable():
    """The catalogue's address does not move."""
    assert reverse("courses:catalogue") == URL


def test_views_catalogue_lists_published_only(client):
    """Drafts and archived courses never appear in the catalogue."""
    CourseFactory(title="Publié")
    CourseFactory(title="Brouillon", status=Course.Status.DRAFT)
    CourseFactory(title="Archivé", status=Course.Status.ARCHIVED)

    response = client.get(URL)

    assert response.status_code == 200
    assert _titles(response) == ["Publié"]
    page = response.content.decode()
    assert "Brouillon" not in page
    assert "Archivé" not in page


def test_views_catalogue_card_shows_facts_and_competences(client):
    """A card shows duration, level, language and competences with code and name."""
    course = CourseFactory(title="Repérer les arnaques", duration_hours=Decimal("1.5"))
    CourseCompetenceFactory(course=course, competence=_competence("4.2"))

    page = client.get(URL).content.decode()

    assert "Durée : 1,5 h" in page
    assert "Niveau : Fondamental" in page
    assert "Langue : Français" in page
    assert "4.2" in page
    assert _competence("4.2").name_fr in page


def test_views_catalogue_card_competence_names_follow_the_language(client):
    """In Dutch, a card names its competences in Dutch."""
    course = CourseFactory()
    CourseCompetenceFactory(course=course, competence=_competence("4.2"))
    client.cookies["django_language"] = "nl"

    page = client.get(URL).content.decode()

    assert _competence("4.2").name_nl in page


def test_views_catalogue_search_finds_title_and_summary(client):
    """Searching a word finds courses by title or summary, whatever its case."""
    CourseFactory(title="Mon smartphone", summary="Les premiers pas.")
    CourseFactory(title="Mon adresse e-mail", summary="Créer une BOÎTE mail.")
    CourseFactory(title="Chercher un emploi", summary="Forem et Actiris.")

    assert _titles(client.get(URL, {"q": "SMARTPHONE"})) == ["Mon smartphone"]
    assert _titles(client.get(URL, {"q": "forem"})) == ["Chercher un emploi"]


def test_views_catalogue_filter_by_area(client):
    """The area filter keeps courses developing a competence of that area, once each."""
    safety = CourseFactory(title="Sécurité")
    CourseCompetenceFactory(course=safety, competence=_competence("4.1"))
    CourseCompetenceFactory(course=safety, competence=_competence("4.2"))
    information = CourseFactory(title="Informations")
    CourseCompetenceFactory(course=information, competence=_competence("1.1"))

    response = client.get(URL, {"area": "4"})

    assert _titles(response) == ["Sécurité"]
    assert "Domaine de compétences : <strong>4." in response.content.decode()


def test_views_catalogue_filter_by_level(client):
    """The level filter keeps courses of that proficiency band."""
    CourseFactory(title="Débutant", level_band="foundation")
    CourseFactory(title="Confirmé", level_band="intermediate")

    response = client.get(URL, {"level": "intermediate"})

    assert _titles(response) == ["Confirmé"]
    assert "Niveau : <strong>Intermédiaire</strong>" in response.content.decode()


def test_views_catalogue_filter_by_language(client):
    """The language filter keeps courses written in that language."""
    CourseFactory(title="En français", language="fr")
    CourseFactory(title="In het Nederlands", language="nl")

    response = client.get(URL, {"language": "nl"})

    assert _titles(response) == ["In het Nederlands"]
    assert "Langue du module : <strong>Néerlandais</strong>" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        ("2h", ["Court", "Deux heures"]),
        ("4h", ["Court", "Deux heures", "Quatre heures"]),
        ("plus-4h", ["Long"]),
    ],
)
def test_views_catalogue_filter_by_duration(client, duration, expected):
    """The duration filter keeps courses up to 2 h, up to 4 h, or over 4 h."""
    CourseFactory(title="Court", duration_hours=Decimal("1.5"))
    CourseFactory(title="Deux heures", duration_hours=2)
    CourseFactory(title="Quatre heures", duration_hours=4)
    CourseFactory(title="Long", duration_hours=Decimal("4.5"))

    assert _titles(client.get(URL, {"duration": duration})) == expected


def test_views_catalogue_filters_combine(client):
    """Search and filters combine: every condition must hold."""
    match = CourseFactory(title="Arnaques en ligne", language="fr", duration_hours=1)
    CourseCompetenceFactory(course=match, competence=_competence("4.2"))
    too_long = CourseFactory(title="Arnaques au long cours", duration_hours=6)
    CourseCompetenceFactory(course=too_long, competence=_competence("4.2"))
    other_area = CourseFactory(title="Arnaques et e-mails", duration_hours=1)
    CourseCompetenceFactory(course=other_area, competence=_competence("2.1"))
    dutch = CourseFactory(title="Arnaques (NL)", language="nl", duration_hours=1)
    CourseCompetenceFactory(course=dutch, competence=_competence("4.2"))

    response = client.get(
        URL, {"q": "arnaques", "area": "4", "language": "fr", "duration": "2h"}
    )

    assert _titles(response) == ["Arnaques en ligne"]
    page = response.content.decode()
    assert "Rechercher : <strong>« arnaques »</strong>" in page
    assert "Durée : <strong>2 h ou moins</strong>" in page


def test_views_catalogue_form_works_without_javascript(client):
    """The filters are a GET form with a submit button and a link to clear them."""
    page = client.get(URL, {"level": "advanced"}).content.decode()

    assert '<form method="get" action="/courses/"' in page
    assert '<button type="submit">Rechercher</button>' in page
    assert '<a href="/courses/" role="button"' in page
    assert "Effacer les filtres" in page
    assert '<option value="advanced" selected>' in page


def test_views_catalogue_bad_values_are_reported_and_ignored(client):
    """Unknown filter values show the form's error; the valid filters still apply."""
    CourseFactory(title="Français", language="fr")
    CourseFactory(title="Nederlands", language="nl")

    response = client.get(
        URL,
        {"area": "9", "level": "expert", "duration": "abc", "language": "nl"},
    )

    assert response.status_code == 200
    assert _titles(response) == ["Nederlands"]
    page = response.content.decode()
    assert "ne sont pas appliqués" in page
    assert "Sélectionnez un choix valide" in page
    assert set(response.context["form"].errors) == {"area", "level", "duration"}


def test_views_catalogue_garbage_never_fails(client):
    """Nonsense, repeated or huge parameters give a page, never an error."""
    CourseFactory(title="Un module")

    for params in (
        {"area": "1.5"},
        {"area": ["1", "2"]},
        {"q": "x" * 5000},
        {"q": "' OR 1=1 --"},
        {"page": "-3"},
        {"duration": "\x00"},
        {"q": "arna\x00ques"},
        {"q": "a & | ! ( :* '"},
    ):
        response = client.get(URL, params)
        assert response.status_code == 200, params


def test_views_catalogue_remove_one_filter_link(client):
    """Each active filter has a link that removes it and keeps the other valid ones."""
    CourseFactory()

    response = client.get(
        URL, {"level": "advanced", "language": "nl", "page": "1", "duration": "x"}
    )

    filters = {f["name"]: f["remove_url"] for f in response.context["active_filters"]}
    assert filters == {"level": "?language=nl", "language": "?level=advanced"}


def test_views_catalogue_pagination_keeps_filters(client):
    """Next and previous page links keep the search and the filters."""
    for number in range(30):
        CourseFactory(title=f"Module {number:02d}", language="nl")
    CourseFactory(title="Hors filtre", language="fr")

    first = client.get(URL, {"language": "nl", "q": "module"})
    second = client.get(URL, {"language": "nl", "q": "module", "page": "2"})

    assert 'href="?language=nl&amp;q=module&amp;page=2"' in first.content.decode()
    assert 'href="?language=nl&amp;q=module&amp;page=1"' in second.content.decode()
    assert "Page 2 sur 3" in second.content.decode()
    assert all(t.startswith("Module") for t in _titles(second))


def test_views_catalogue_no_match_says_so(client):
    """A search that finds nothing says so and offers every course again."""
    CourseFactory(title="Un module")

    page = client.get(URL, {"q": "introuvable"}).content.decode()

    assert "Aucun module ne correspond à ces choix" in page
    assert "Voir tous les modules" in page


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [10, 200])
def test_views_catalogue_query_count_anonymous(
    client, django_assert_max_num_queries, count
):
    """A visitor's catalogue page takes at most 5 queries, for 10 or 200 courses."""
    _many_courses(count)

    with django_assert_max_num_queries(5):
        response = client.get(URL, {"area": "4", "level": "foundation"})

    assert len(response.context["page"].object_list) == min(count, 12)
    assert "4.2" in response.content.decode()


@pytest.mark.parametrize("count", [10, 200])
def test_views_catalogue_query_count_logged_in(
    client, django_assert_max_num_queries, count
):
    """A learner's catalogue page takes at most 7 queries, for 10 or 200 courses."""
    _many_courses(count)
    client.force_login(LearnerFactory())

    with django_assert_max_num_queries(7):
        response = client.get(URL, {"q": "module", "duration": "2h"})

    assert len(response.context["page"].object_list) == min(count, 12)


def test_views_catalogue_query_count_same_for_10_and_200_courses(client):
    """A learner created by a trainer: the same count at 10 and 200 courses, <= 7.

    The area names are cached after the first page (one query less afterwards).
    """
    client.force_login(LearnerFactory(created_by=TrainerFactory()))
    params = {"area": "1", "duration": "2h"}
    _many_courses(10)
    client.get(URL, params)

    with_10 = _queries(client, params)
    _many_courses(190)
    with_200 = _queries(client, params)

    assert with_10 == with_200 <= 7


def test_views_course_page_links_its_other_language_versions(client):
    """A course names its published versions in other languages, each in its
    language; a draft version stays hidden."""
    course = CourseFactory(title="Repérer les arnaques", language="fr")
    dutch = CourseFactory(title="Veilig online", language="nl")
    draft = CourseFactory(title="Spot scams", language="en", status=Course.Status.DRAFT)
    course.other_language_versions.add(dutch, draft)

    page = client.get(course.get_absolute_url()).content.decode()
    back = client.get(dutch.get_absolute_url()).content.decode()

    assert "Ce module existe aussi en" in page
    assert (
        f'href="{dutch.get_absolute_url()}" hreflang="nl" lang="nl" dir="ltr">'
        "Veilig online" in page
    )
    assert "Spot scams" not in page
    assert 'hreflang="fr" lang="fr" dir="ltr">Repérer les arnaques' in back
