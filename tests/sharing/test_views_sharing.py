"""Pages of sharing: the share form, the shared catalogue and the copy."""

import pytest
from django.urls import reverse

from courses.models import Course, Licence
from tests.factories import CourseFactory, LearnerFactory, OrganisationFactory
from tests.sharing.factories import h5p_libraries_install, rich_course, trainer_of

pytestmark = pytest.mark.django_db


def _shared(count: int, *, title: str = "", **kwargs) -> list[Course]:
    """Published courses shared by one organisation, titled in catalogue order."""
    organisation = OrganisationFactory()
    return [
        CourseFactory(
            title=title or f"Module partagé {number:03d}",
            licence=Licence.CC_BY_SA,
            shared_at="2026-11-01T10:00:00Z",
            author_organisation=organisation,
            **kwargs,
        )
        for number in range(count)
    ]


@pytest.fixture
def author(client):
    trainer = trainer_of()
    client.force_login(trainer)
    return trainer


def test_views_share_form_shares_with_the_chosen_licence(client, author):
    course = CourseFactory(trainers=[author])
    url = reverse("sharing:course-share", args=[course.pk])

    page = client.get(url)
    response = client.post(url, {"licence": Licence.CC_BY_NC_SA})

    assert "CC BY-SA 4.0" in page.content.decode()
    assert author.organisation.name in page.content.decode()
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.licence == Licence.CC_BY_NC_SA


def test_views_share_someone_elses_course_is_404(client, author):
    course = CourseFactory(trainers=[trainer_of()])

    response = client.post(
        reverse("sharing:course-share", args=[course.pk]), {"licence": "CC-BY-4.0"}
    )

    assert response.status_code == 404
    course.refresh_from_db()
    assert not course.is_shared


def test_views_share_bad_licence_keeps_the_course_unshared(client, author):
    course = CourseFactory(trainers=[author])

    response = client.post(
        reverse("sharing:course-share", args=[course.pk]), {"licence": "GPL"}
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    course.refresh_from_db()
    assert not course.is_shared


def test_views_unshare_is_post_only(client, author):
    (course,) = _shared(1)
    course.trainers.add(author)
    url = reverse("sharing:course-unshare", args=[course.pk])

    assert client.get(url).status_code == 405
    client.post(url)

    course.refresh_from_db()
    assert not course.is_shared


def test_views_catalogue_lists_only_published_shared_courses(client, author):
    (shared,) = _shared(1, title="Partagé")
    _shared(1, title="Brouillon partagé", status=Course.Status.DRAFT)
    CourseFactory(title="Pas partagé")

    page = client.get(reverse("sharing:catalogue")).content.decode()

    assert "Partagé" in page
    assert "Brouillon partagé" not in page
    assert "Pas partagé" not in page
    assert "CC BY-SA 4.0" in page
    assert shared.author_organisation.name in page


def test_views_catalogue_filters_like_the_learner_catalogue(client, author):
    _shared(1, title="Sécurité en ligne", language="fr")
    _shared(1, title="Veilig online", language="nl")

    page = client.get(reverse("sharing:catalogue"), {"language": "nl"}).content.decode()

    assert "Veilig online" in page
    assert "Sécurité en ligne" not in page


def test_views_catalogue_is_for_trainers(client):
    client.force_login(LearnerFactory())

    assert client.get(reverse("sharing:catalogue")).status_code == 403


@pytest.mark.parametrize("count", [10, 300])
def test_views_catalogue_queries_do_not_grow(
    client, author, count, django_assert_max_num_queries
):
    """The same number of queries for 10 and for 300 shared courses, each
    with its organisation and the organisations using it."""
    courses = _shared(count)
    for course in courses[:5]:
        CourseFactory(based_on=course, author_organisation=OrganisationFactory())

    with django_assert_max_num_queries(7):
        response = client.get(reverse("sharing:catalogue"))

    assert response.status_code == 200
    assert "Utilisé par 1 organisation" in response.content.decode()


def test_views_copy_asks_then_copies_and_redirects_to_the_copy(client, author):
    h5p_libraries_install()
    original = rich_course(trainer=trainer_of())
    Course.objects.filter(pk=original.pk).update(
        licence=Licence.CC_BY, shared_at="2026-11-01T10:00:00Z"
    )
    url = reverse("sharing:course-copy", args=[original.pk])

    confirm = client.get(url)
    response = client.post(url)

    assert "Oui, copier dans mes cours" in confirm.content.decode()
    copy = Course.objects.get(based_on=original)
    assert response["Location"] == reverse("teach:course-detail", args=[copy.pk])
    page = client.get(response["Location"]).content.decode()
    assert "D&#x27;après « " in page or "D'après « " in page


def test_views_copy_of_a_course_not_shared_is_404(client, author):
    course = CourseFactory()

    response = client.post(reverse("sharing:course-copy", args=[course.pk]))

    assert response.status_code == 404
    assert not Course.objects.filter(based_on=course).exists()


def test_views_learner_page_of_a_copy_shows_the_attribution(client):
    course = CourseFactory(
        attribution_title="Repérer les arnaques",
        attribution_organisation="Coopérative Sirius",
        attribution_licence=Licence.CC_BY_SA,
        attribution_url="http://127.0.0.1:8000/courses/reperer-arnaques/",
    )

    page = client.get(course.get_absolute_url()).content.decode()

    assert "Coopérative Sirius" in page
    assert "CC BY-SA 4.0" in page
    assert "Repérer les arnaques" in page


def test_views_catalogue_search_finds_by_words(client, author):
    _shared(1, title="Repérer les arnaques", summary="Les faux messages.")
    _shared(1, title="Premiers pas avec un smartphone")

    page = client.get(reverse("sharing:catalogue"), {"q": "arnaques"})

    assert "Repérer les arnaques" in page.content.decode()
    assert "Premiers pas" not in page.content.decode()


@pytest.mark.parametrize("q", ["demarches", "DÉMARCHES", "Demarches en ligne"])
def test_views_catalogue_search_ignores_accents_and_case(client, author, q):
    """Typed without accents or in capitals, the search still finds the module
    (on SQLite and on PostgreSQL: the folded column needs no extension)."""
    _shared(1, title="Mes démarches en ligne", summary="Formulaires officiels.")
    _shared(1, title="Premiers pas avec un smartphone")

    page = client.get(reverse("sharing:catalogue"), {"q": q}).content.decode()

    assert "Mes démarches en ligne" in page
    assert "Premiers pas" not in page


def test_views_catalogue_learner_search_ignores_accents(client):
    CourseFactory(title="Sécurité du téléphone", summary="Verrouiller l'écran.")

    page = client.get(reverse("courses:catalogue"), {"q": "securite"})

    assert "Sécurité du téléphone" in page.content.decode()
