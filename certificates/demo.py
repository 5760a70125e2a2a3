"""Demo data for certificates and portfolios: Léa's certificate, the skills it
awarded, a skill her trainer attested, her portfolio shared with the demo
partner; Samir's public portfolio. Lives here because it needs courses, skills
and members, which certificates may all use (architecture.md)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from courses.models import Course, Enrollment, Lesson
from courses.quiz import services as quiz_services
from courses.services import enrollment_create, lesson_complete
from members.models import Organisation, User
from quizzes import services as quiz_engine
from quizzes.selectors import right_answer_payload
from skills import services as skills_services
from skills.models import Competence, MemberSkill, Portfolio

from .models import Certificate
from .services import certificate_issue

# Léa finished this course a month ago; tom attested 2.1 at level 3, which is
# how paula finds her.
DEMO_CERTIFIED_COURSE = "reperer-arnaques"
DEMO_PARTNER = "Forem (démo)"


def demo_enrollment_complete(enrollment: Enrollment) -> None:
    """Reads every required text lesson and passes the quiz, through the services."""
    lessons = Lesson.objects.filter(module__course=enrollment.course).order_by(
        "module__position", "position"
    )
    for lesson in lessons:
        if lesson.kind == Lesson.Kind.TEXT and lesson.required:
            lesson_complete(enrollment=enrollment, lesson=lesson)
        elif lesson.kind == Lesson.Kind.QUIZ:
            attempt = quiz_services.quiz_attempt_start(
                enrollment=enrollment, lesson=lesson
            )
            for item in attempt.attempt_questions.select_related(
                "question"
            ).prefetch_related("question__choices"):
                quiz_engine.answer_save(
                    attempt=attempt,
                    position=item.position,
                    payload=right_answer_payload(item),
                )
            quiz_services.quiz_attempt_submit(
                enrollment=enrollment, lesson=lesson, attempt=attempt
            )


def _certified(learner: User) -> None:
    """The learner completed DEMO_CERTIFIED_COURSE a month ago; certificate issued
    (its PDF, then its skills, follow after commit)."""
    course = Course.objects.get(slug=DEMO_CERTIFIED_COURSE)
    enrollment = enrollment_create(user=learner, course=course)
    if enrollment.completed_at is None:
        demo_enrollment_complete(enrollment)
        enrollment.refresh_from_db()
    # A month ago: Léa's home still opens on the course she is following. After
    # commit, once the completion's own after-commit work has touched the row.
    transaction.on_commit(
        lambda: Enrollment.objects.filter(pk=enrollment.pk).update(
            last_activity_at=timezone.now() - timedelta(days=30)
        )
    )
    if not Certificate.objects.filter(user=learner, course=course).exists():
        certificate_issue(enrollment=enrollment)


def demo_portfolios_load(*, users: dict[str, User]) -> None:
    """Léa: one certificate, its skills, tom's attestation, a portfolio shared
    with the demo partner. Samir: a public portfolio. Safe to run again."""
    lea, tom = users["lea"], users["tom"]
    _certified(lea)
    interacting = Competence.objects.in_framework().get(code="2.1")
    if not MemberSkill.objects.filter(user=lea, attested_by=tom).exists():
        skills_services.skill_attest(
            trainer=tom,
            learner=lea,
            competence=interacting,
            level=3,
            note="Envoie seule un message et une pièce jointe à un employeur.",
        )
    forem = Organisation.objects.get(name=DEMO_PARTNER)
    portfolio = skills_services.portfolio_get_or_create(user=lea)
    skills_services.portfolio_update(
        portfolio=portfolio,
        user=lea,
        headline=portfolio.headline or "Aide-ménagère, je cherche un emploi",
        languages=portfolio.languages or "français, arabe",
        region=portfolio.region or "Liège",
    )
    # "Shared" needs its organisation in the same choice.
    skills_services.portfolio_audience_set(
        member=lea, visibility=Portfolio.Visibility.SHARED, organisations=[forem]
    )
    _samir(tom)


def _samir(tom: User) -> None:
    """A second demo learner (not in tom's group): a certificate, a public
    portfolio."""
    samir, created = User.objects.get_or_create(
        username="samir",
        defaults={
            "first_name": "Samir",
            "last_name": "El Amrani",
            "role": User.Role.LEARNER,
            "created_by": tom,
        },
    )
    if created:
        samir.set_unusable_password()
        samir.save(update_fields=["password"])
    _certified(samir)
    portfolio = skills_services.portfolio_get_or_create(user=samir)
    skills_services.portfolio_update(
        portfolio=portfolio,
        user=samir,
        visibility=Portfolio.Visibility.PUBLIC,
        headline=portfolio.headline or "Magasinier, permis B",
        job_sought=portfolio.job_sought or "Magasinier ou préparateur de commandes",
    )
