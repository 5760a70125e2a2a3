"""manage.py demo: the demo accounts exist once, whatever how often it runs."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from core.markdown import RENDERER_VERSION
from courses.models import Course, Enrollment, Lesson, LessonProgress, Module
from courses.selectors import learner_home
from members.models import LearnerGroup, Organisation, User
from quizzes.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """The demo's H5P activity is stored under the test's own folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


DEMO_PASSWORD = "sirius-demo-2026"
ACCOUNTS = {
    "admin": "staff",
    "tom": "trainer",
    "nadia": "trainer",
    "lea": "learner",
    "paula": "partner",
}


def test_commands_demo_twice_leaves_one_of_each():
    """Running the demo twice leaves exactly one of each account and organisation."""
    call_command("demo", stdout=None)
    call_command("demo", stdout=None)

    for username, role in ACCOUNTS.items():
        assert User.objects.filter(username=username).count() == 1
        assert User.objects.get(username=username).role == role
    assert Organisation.objects.count() == 3  # Forem, the cooperative, a centre
    # tom's Tuesday group, and his spring cohort for the impact reports.
    assert LearnerGroup.objects.count() == 2
    assert EmailAddress.objects.filter(email="lea@sirius-hub.example").count() == 1
    assert Course.objects.published().count() == Course.objects.count() == 5
    assert Module.objects.count() == 15
    assert Lesson.objects.filter(kind="text").count() == 40
    assert Lesson.objects.filter(kind="quiz").count() == 5
    assert Lesson.objects.filter(kind="h5p").count() == 1  # installed once
    assert Question.objects.count() == 40  # 8 per quiz, not 16 after two runs


def test_commands_demo_password_works_for_each_account():
    """Every demo account logs in with the documented password."""
    call_command("demo", stdout=None)

    for username in ACCOUNTS:
        client = Client()
        response = client.post(
            reverse("account_login"),
            {"login": username, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(
            User.objects.get(username=username).pk
        )


def test_commands_demo_password_reset_after_change():
    """A demo password changed by a visitor is restored by running the demo again."""
    call_command("demo", stdout=None)
    lea = User.objects.get(username="lea")
    lea.set_password("autre-chose-2026")
    lea.save()

    call_command("demo", stdout=None)

    lea.refresh_from_db()
    assert lea.check_password(DEMO_PASSWORD)


def test_commands_demo_partner_belongs_to_forem():
    """Paula is a partner of the organisation named "Forem (démo)"."""
    call_command("demo", stdout=None)

    paula = User.objects.get(username="paula")
    assert paula.organisation.name == "Forem (démo)"
    assert paula.organisation.company_number == "0236363165"


def test_commands_demo_roles_and_privileges():
    """Only admin is a superuser; tom leads lea's group; lea was created by tom."""
    call_command("demo", stdout=None)

    admin, tom, lea = (User.objects.get(username=n) for n in ("admin", "tom", "lea"))
    assert admin.is_superuser and admin.is_staff
    assert not tom.is_staff and not lea.is_staff
    assert lea.created_by == tom
    group = LearnerGroup.objects.get(learners=lea)
    assert group.trainer == tom
    assert list(group.learners.all()) == [lea]
    assert set(tom.taught_courses.values_list("slug", flat=True)) == {
        "premiers-pas-smartphone",
        "adresse-email",
        "reperer-arnaques",
        "chercher-emploi-en-ligne",
        "veilig-online",
    }


def test_commands_demo_prints_accounts(capsys):
    """The command lists the accounts and their shared password."""
    call_command("demo")

    output = capsys.readouterr().out
    for username in ACCOUNTS:
        assert username in output
    assert DEMO_PASSWORD in output


def test_commands_demo_courses_have_rendered_text_competences_and_links():
    """Each course has rendered lesson text, DigComp competences and its links."""
    call_command("demo", stdout=None)

    text_lessons = Lesson.objects.filter(kind="text")
    assert not text_lessons.exclude(renderer_version=RENDERER_VERSION).exists()
    assert not text_lessons.filter(body_html="").exists()
    assert "<script" not in "".join(Lesson.objects.values_list("body_html", flat=True))
    course = Course.objects.get(slug="premiers-pas-smartphone")
    assert course.description_html.startswith("<")
    assert [c.competence.code for c in course.course_competences.all()] == [
        "2.1",
        "4.1",
        "5.1",
    ]
    assert list(
        Course.objects.get(slug="adresse-email").prerequisites.values_list(
            "slug", flat=True
        )
    ) == ["premiers-pas-smartphone"]
    assert list(
        Course.objects.get(slug="reperer-arnaques").other_language_versions.values_list(
            "slug", flat=True
        )
    ) == ["veilig-online"]


def test_commands_demo_lea_is_halfway_and_keeps_progress(
    django_capture_on_commit_callbacks,
):
    """Léa has half the required lessons done; running again keeps her progress."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=None)
    lea = User.objects.get(username="lea")
    enrollment = Enrollment.objects.get(
        user=lea, course__slug="premiers-pas-smartphone"
    )
    extra = Lesson.objects.get(
        module__course=enrollment.course, module__position=2, position=2
    )
    LessonProgress.objects.create(enrollment=enrollment, lesson=extra)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=None)

    home = learner_home(user=lea)
    # The course she completed a month ago comes after the one she follows.
    assert [e.course.slug for e in home.enrollments] == [
        "premiers-pas-smartphone",
        "reperer-arnaques",
    ]
    assert home.enrollments[0].course_progress.done == 5
    assert home.enrollments[0].course_progress.total == 9  # 8 lessons and the quiz
    assert home.next_lesson.title == "Envoyer un SMS"
    assert LessonProgress.objects.filter(enrollment=enrollment).count() == 5


def test_commands_demo_every_course_ends_with_a_real_quiz():
    """Each demo course ends with a required quiz of 5 to 10 questions on its
    content, using at least five question types, ready to publish."""
    call_command("demo", stdout=None)

    for course in Course.objects.all():
        last = (
            Lesson.objects.filter(module__course=course)
            .order_by("module__position", "position")
            .last()
        )
        assert last.kind == "quiz", course.slug
        assert last.required
        questions = list(last.quiz.questions.all())
        assert 5 <= len(questions) <= 10, course.slug
        assert len({q.kind for q in questions}) >= 5, course.slug
        assert all(q.text_html for q in questions)
        assert last.quiz.bank == course.question_bank


def test_commands_demo_lea_certificate_skills_and_shared_portfolio(
    django_capture_on_commit_callbacks,
):
    """Léa has one issued certificate, its skills (4.2 at level 2), tom's
    attestation of 2.1 at level 3 and a portfolio shared with Forem (démo);
    Samir's is public. Running again changes none of it."""
    from certificates.models import Certificate
    from skills.models import MemberSkill, Portfolio

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo", stdout=None)
    lea = User.objects.get(username="lea")
    certificate = Certificate.objects.get(user=lea)
    assert certificate.status == Certificate.Status.ISSUED
    assert certificate.course.slug == "reperer-arnaques"
    skills = MemberSkill.objects.filter(user=lea, withdrawn_at=None)
    assert skills.get(competence__code="4.2", certificate=certificate).level == 2
    attested = skills.get(source="attested", attested_by__username="tom")
    assert (attested.competence.code, attested.level) == ("2.1", 3)
    portfolio = Portfolio.objects.get(user=lea)
    assert portfolio.visibility == "shared"
    assert [s.organisation.name for s in portfolio.shares.all()] == ["Forem (démo)"]
    samir = Portfolio.objects.get(user__username="samir")
    assert samir.visibility == "public"


def test_commands_demo_certificate_has_a_signed_badge(
    django_capture_on_commit_callbacks, settings, tmp_path, client
):
    """The demo certificate's Open Badge is served and names the did:web issuer
    whose did.json lists its key; its status list is served too."""
    from certificates.models import Certificate

    settings.CREDENTIAL_SIGNING_KEY = ""
    settings.CREDENTIAL_SIGNING_KEY_FILE = ""
    settings.CREDENTIAL_DEV_KEY_FILE = tmp_path / "signing-key"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=None)
    certificate = Certificate.objects.get(user__username="lea")
    response = client.get(f"/api/v1/certificates/{certificate.display_code}/credential")
    assert response.status_code == 200
    badge = json.loads(response.content)
    assert "OpenBadgeCredential" in badge["type"]
    assert badge["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    did = client.get("/.well-known/did.json").json()
    assert badge["proof"]["verificationMethod"] in did["assertionMethod"]
    assert client.get("/credentials/status/1").status_code == 200


def test_commands_demo_cohort_report_shows_some_figures_and_hides_others(
    django_capture_on_commit_callbacks,
):
    """tom's organisation has a report worth looking at: enrolments and
    completions shown, the one certificate of the scams course hidden ("< 5")
    with a second cell hidden beside it. Running again adds no one."""
    from datetime import timedelta

    from django.utils import timezone

    from reports.published import report_publish
    from reports.selectors import Period, impact_figures

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo", stdout=None)
    cooperative = User.objects.get(username="tom").organisation
    today = timezone.localdate()
    period = Period(today - timedelta(days=364), today)

    figures = impact_figures(period=period, organisation=cooperative)
    report = report_publish(figures)

    assert User.objects.filter(username__startswith="cohorte").count() == 12
    assert figures.enrolments == 12 + 2 + 2  # the cohort, 2 second courses, Léa's
    shown = {f.key: f.figure for f in report.figures}
    assert shown["enrolments"].value == 15
    assert shown["completions"].value == 5  # 5 of the cohort and Léa: 6
    assert not shown["median_days_to_completion"].hidden
    by_course = next(t for t in report.tables if t.key == "certificates_by_course")
    assert sorted(row.figure.text for row in by_course.rows) == ["< 5", "masqué"]


def test_commands_demo_cohort_answers_what_happened_since(
    django_capture_on_commit_callbacks,
):
    """The five certified members of tom's cohort said what happened since their
    certificate: the report counts five answers, all more at ease online, and
    hides the smaller counts; languages show, the rest stays "< 5"."""
    from datetime import timedelta

    from django.utils import timezone

    from reports.published import report_publish
    from reports.selectors import Period, impact_figures

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("demo", stdout=None)
    cooperative = User.objects.get(username="tom").organisation
    today = timezone.localdate()
    report = report_publish(
        impact_figures(
            period=Period(today - timedelta(days=364), today), organisation=cooperative
        )
    )

    tables = {table.key: table for table in report.tables}
    outcomes = {row.key: row.figure.text for row in tables["outcomes"].rows}
    assert tables["outcomes"].total.text == "5"
    assert outcomes["confident"] == "5"
    assert outcomes["job"] == "< 5"
    assert "5" in {row.figure.text for row in tables["learners_by_language"].rows}
