"""The trainer's list of people: an e-mail per line if they have one, names that
are names, and people who already have an account added rather than doubled."""

import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import selectors, services
from members.models import LearnerGroup, User
from members.services import PersonName
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory

pytestmark = pytest.mark.django_db

URL = reverse("members:group-create")
FORM = {"name": "Jeudi", "consent": "on", "language": "fr"}


def _errors(response) -> list[str]:
    """The messages listed under the people field, as the trainer reads them."""
    match = re.search(
        r'id="id_people_error"[^>]*>(.*?)</ul>', response.content.decode(), re.S
    )
    items = re.findall(r"<li>(.*?)</li>", match.group(1), re.S) if match else []
    return [unescape(item).strip() for item in items]


def _post(client, people: str, **extra):
    return client.post(URL, {**FORM, "people": people, **extra})


@pytest.fixture
def tom(client):
    trainer = TrainerFactory()
    client.force_login(trainer)
    return trainer


@pytest.mark.parametrize(
    "line",
    [
        "Kevin Martin kevin.martin@example.org",
        "Kevin\tMartin\tkevin.martin@example.org",  # pasted from a spreadsheet
        "Kevin;Martin;kevin.martin@example.org",
        "Kevin Martin, Kevin.Martin@Example.org",
    ],
)
def test_views_group_people_email_column(client, tom, line):
    """An e-mail on the line becomes the account's address, never part of the
    name or of the username."""
    response = _post(client, f"Léa Dupont\n{line}")

    assert response.status_code == 302
    kevin = User.objects.get(first_name="Kevin")
    assert (kevin.last_name, kevin.username) == ("Martin", "kevin.martin")
    assert kevin.email.lower() == "kevin.martin@example.org"
    assert EmailAddress.objects.filter(user=kevin, verified=False).exists()
    assert User.objects.get(first_name="Léa").email == ""


def test_views_group_people_every_bad_line_named_nothing_created(client, tom):
    """Each refused line gets its own message, all at once, and no account is
    created until every line is right; what was typed stays in the form."""
    people = "\n".join(
        [
            "Léa Dupont",
            "Kevin Martin kevin@",
            "Samir 0475123456",
            "Tom Lambert tom@example.org tom2@example.org",
            "Nora El Idrissi nora@example.org",
            "Nour Haddad NORA@example.org",
            "Madeleine " + "x" * 61,
            "Mohamed",
        ]
    )

    response = _post(client, people)

    assert response.status_code == 200
    assert _errors(response) == [
        "Ligne 2 : « kevin@ » n'est pas une adresse e-mail. "
        "Vérifiez-la, ou effacez-la.",
        "Ligne 3 : « 0475123456 » n'est pas un nom. Un nom a des lettres, "
        "sans chiffres ni signes.",
        "Ligne 4 : une seule adresse e-mail par personne.",
        "Ligne 6 : l'adresse NORA@example.org est déjà sur la ligne 5. "
        "Une adresse e-mail est à une seule personne.",
        "Ligne 7 : ce nom est trop long. Un nom a au plus 60 lettres.",
        "Ligne 8 : écrivez le prénom et le nom.",
    ]
    assert "Samir 0475123456" in response.content.decode()
    assert not LearnerGroup.objects.exists()
    assert not User.objects.filter(role="learner").exists()


def test_views_group_people_names_of_every_script_accepted(client, tom):
    """Arabic, Persian (with its zero-width non-joiner), apostrophes and hyphens
    are names."""
    people = "ليلى بن علي\nمهسا نیک\u200cنام\nJean-Luc D'Hondt\nZoë O’Neill"

    response = _post(client, people)

    assert response.status_code == 302
    assert User.objects.filter(role="learner").count() == 4


def test_views_group_people_email_of_another_account_refused(client, tom):
    """An e-mail that belongs to someone the trainer does not work with is
    refused on its line; nothing is created and no account is shown."""
    LearnerFactory(first_name="Autre", last_name="Personne", email="kim@example.org")

    response = _post(client, "Léa Dupont\nKim Nguyen kim@example.org")

    assert response.status_code == 200
    assert _errors(response) == [
        "Ligne 2 : l'adresse kim@example.org est déjà celle d'un autre compte. "
        "Ajoutez ce compte au groupe, ou laissez l'adresse vide."
    ]
    assert "Autre Personne" not in response.content.decode()
    assert not LearnerGroup.objects.exists()


@pytest.fixture
def lea(tom):
    """Léa Dubois, already in one of Tom's groups."""
    learner = LearnerFactory(
        first_name="Léa", last_name="Dubois", username="lea.dubois"
    )
    LearnerGroupFactory(trainer=tom, name="Mardi matin", learners=[learner])
    return learner


def test_views_group_people_existing_member_offered_nothing_created(client, lea):
    """Léa Dubois already has an account: the trainer is asked, with her username
    and group, and nothing is created until they choose."""
    response = _post(client, "léa DUBOIS\nTom Lambert")

    page = unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ces personnes ont peut-être déjà un compte" in page
    assert "Ligne 1 : léa DUBOIS" in page
    assert (
        "Ajouter son compte au groupe : Léa Dubois — identifiant lea.dubois — "
        "groupe Mardi matin" in page
    )
    assert "Créer un nouveau compte : c'est une autre personne" in page
    choices = re.findall(r'<input[^>]*name="existing_0"[^>]*>', page)
    assert len(choices) == 2
    assert not any("checked" in choice for choice in choices)  # nothing chosen
    assert LearnerGroup.objects.count() == 1
    assert User.objects.filter(role="learner").count() == 1


def test_views_group_people_existing_member_added_not_doubled(client, lea):
    """Choosing her account adds Léa to the new group; only Tom is created, and
    the story picker has one Léa Dubois."""
    response = _post(client, "Léa Dubois\nTom Lambert", existing_0=str(lea.pk))

    assert response.status_code == 302
    group = LearnerGroup.objects.get(name="Jeudi")
    assert set(group.learners.values_list("username", flat=True)) == {
        "lea.dubois",
        "tom.lambert",
    }
    assert User.objects.filter(first_name="Léa", last_name="Dubois").count() == 1


def test_views_group_people_another_person_same_name_on_purpose(client, lea):
    """ "Another person" creates a second Léa Dubois, with her own username."""
    response = _post(client, "Léa Dubois", existing_0="new")

    assert response.status_code == 302
    group = LearnerGroup.objects.get(name="Jeudi")
    assert list(group.learners.values_list("username", flat=True)) == ["lea.dubois2"]


def test_views_group_people_no_choice_asked_again(client, lea):
    """Submitting without choosing asks again, next to the question."""
    response = _post(client, "Léa Dubois", existing_1="new")

    assert response.status_code == 200
    assert "Choisissez : ajouter le compte qui existe, ou créer un nouveau compte." in (
        unescape(response.content.decode())
    )
    assert LearnerGroup.objects.count() == 1


def test_views_group_people_made_up_account_never_added(client, lea):
    """A posted account that is not among those offered (another trainer's
    learner) is not a choice: nothing is created, nobody is added."""
    stranger = LearnerFactory(first_name="Léa", last_name="Dubois")
    LearnerGroupFactory(learners=[stranger])

    response = _post(client, "Léa Dubois", existing_0=str(stranger.pk))

    assert response.status_code == 200
    assert LearnerGroup.objects.filter(learners=stranger).count() == 1
    assert not LearnerGroup.objects.filter(name="Jeudi").exists()


def test_views_group_people_same_email_is_the_same_person(client, lea):
    """A line whose e-mail is a learner's of the trainer is offered as that
    learner, whatever name was typed."""
    lea.email = "lea@example.org"
    lea.save()

    response = _post(client, "Léa Dubois-Martin lea@example.org")

    assert "identifiant lea.dubois" in unescape(response.content.decode())


def test_selectors_people_existing_accounts_one_query(tom, django_assert_num_queries):
    """Looking for existing accounts costs the same for 1 person or 40."""
    for n in range(3):
        learner = LearnerFactory(first_name="Léa", last_name=f"Dubois{n}")
        LearnerGroupFactory(trainer=tom, learners=[learner])
    few = [PersonName("Léa", "Dubois0")]
    many = [PersonName("Léa", f"Dubois{n}") for n in range(40)]

    with django_assert_num_queries(2):  # the learners, then their groups
        assert len(selectors.people_existing_accounts(tom, few)) == 1
    with django_assert_num_queries(2):
        assert len(selectors.people_existing_accounts(tom, many)) == 3


def test_services_learner_group_create_refuses_a_stranger(tom):
    """The service adds only learners the trainer works with."""
    stranger = LearnerFactory()
    LearnerGroupFactory(learners=[stranger])

    with pytest.raises(ValidationError, match="apprenant·es de vos groupes"):
        services.learner_group_create(
            trainer=tom,
            name="Jeudi",
            people=[],
            existing=[stranger],
            consent_confirmed=True,
        )
    assert not LearnerGroup.objects.filter(name="Jeudi").exists()


def test_views_group_people_story_picker_tells_namesakes_apart(client, tom):
    """Two Léa Dubois in the trainer's groups: the story picker shows their
    usernames; a name nobody shares is shown alone."""
    first = LearnerFactory(first_name="Léa", last_name="Dubois", username="lea.dubois")
    second = LearnerFactory(
        first_name="Léa", last_name="Dubois", username="lea.dubois2"
    )
    tom_lambert = LearnerFactory(first_name="Tom", last_name="Lambert")
    LearnerGroupFactory(trainer=tom, learners=[first, second, tom_lambert])

    page = unescape(client.get(reverse("stories:trainer-choose")).content.decode())

    assert ">Léa Dubois (lea.dubois)</option>" in page
    assert ">Léa Dubois (lea.dubois2)</option>" in page
    assert ">Tom Lambert</option>" in page


def test_services_learner_group_create_address_taken_meanwhile(tom, monkeypatch):
    """An address given to another account between the check and the creation
    (another trainer, at the same moment): a clear refusal, no group."""
    LearnerFactory(email="kim@example.org")
    monkeypatch.setattr(services, "_emails_refused", lambda people: [])

    with pytest.raises(ValidationError, match="vient d'être donnée"):
        services.learner_group_create(
            trainer=tom,
            name="Jeudi",
            people=[PersonName("Kim", "Nguyen", email="kim@example.org", line=1)],
            consent_confirmed=True,
        )
    assert not LearnerGroup.objects.filter(name="Jeudi").exists()
