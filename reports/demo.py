"""Demo data for the impact reports: a spring cohort of tom's organisation, so
that its report shows some figures and hides others. Lives here because it
needs courses, certificates and members, which reports may all use."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from certificates.demo import demo_enrollment_complete
from certificates.models import Certificate, CertificateOutcome
from certificates.services import certificate_outcome_set
from courses.models import Course, Enrollment, LessonProgress
from courses.services import enrollment_create, lesson_complete
from members.models import LearnerGroup, User

COHORT_GROUP = "Cohorte de printemps (démo rapports)"
COHORT_SIZE = 12
COHORT_COURSE = "premiers-pas-smartphone"
# Of the cohort, how many finished the course (and so got its certificate), and
# how many started the scams course too: enough for a figure or two to show,
# few enough that others stay hidden ("< 5").
COHORT_COMPLETED = 5
SECOND_COURSE = "reperer-arnaques"
SECOND_COURSE_LEARNERS = 2
# The language the cohort chose on screen (one never chose), and the age band
# the certified ones gave with their answer: the language table shows a figure,
# the age table only "< 5".
DEMO_LANGUAGES = ["fr"] * 7 + ["ar"] * 2 + ["nl"] * 2 + [""]
DEMO_AGE_BANDS = ["26_44", "26_44", "45_64", "26_44", "18_25"]
# What the certified ones said happened since: all more at ease online, two
# found a job, one started a training.
DEMO_OUTCOMES = [
    ["confident", "job"],
    ["confident", "job"],
    ["confident", "training"],
    ["confident"],
    ["confident"],
]
DEMO_FIRST_NAMES = [
    "Amina", "Bruno", "Chloé", "Driss", "Elif", "Fatou",
    "Gaëtan", "Hanna", "Ilyas", "Julie", "Kofi", "Lina",
]  # fmt: skip


def _cohort_learner(index: int, *, tom: User) -> User:
    learner, created = User.objects.get_or_create(
        username=f"cohorte{index + 1:02d}",
        defaults={
            "first_name": DEMO_FIRST_NAMES[index],
            "last_name": "Démo",
            "role": User.Role.LEARNER,
            "created_by": tom,
            "organisation": tom.organisation,
            "consent_confirmed_at": timezone.now(),
            "language": DEMO_LANGUAGES[index],
        },
    )
    if created:
        # Demo figures only: nobody logs in as them.
        learner.set_unusable_password()
        learner.save(update_fields=["password"])
    return learner


def _first_lessons(enrollment: Enrollment, count: int) -> None:
    lessons = enrollment.course.modules.order_by("position").first().lessons
    for lesson in lessons.filter(kind="text", required=True).order_by("position")[
        :count
    ]:
        lesson_complete(enrollment=enrollment, lesson=lesson)


def _dated(enrollment: Enrollment, *, days_ago: int, took_days: int | None) -> None:
    """Spreads the cohort over the last months (after commit, once the
    completion's own after-commit work has touched the row)."""
    now = timezone.now()
    enrolled_at = now - timedelta(days=days_ago)
    completed = {}
    if took_days is not None:
        completed = {"completed_at": enrolled_at + timedelta(days=took_days)}

    def update() -> None:
        Enrollment.objects.filter(pk=enrollment.pk).update(
            enrolled_at=enrolled_at,
            last_activity_at=completed.get("completed_at", enrolled_at),
            **completed,
        )
        LessonProgress.objects.filter(enrollment=enrollment).update(
            completed_at=completed.get("completed_at", enrolled_at)
        )

    transaction.on_commit(update)


def _outcome_answered(learner: User, course: Course, index: int) -> None:
    """The learner answers "what happened since?" under their certificate, and
    says their age band there, as the form on "Mes certificats" asks."""
    certificate = Certificate.objects.filter(
        user=learner, course=course, status=Certificate.Status.ISSUED
    ).first()
    if (
        certificate is None
        or CertificateOutcome.objects.filter(certificate=certificate).exists()
    ):
        return
    certificate_outcome_set(
        certificate=certificate,
        user=learner,
        outcomes=DEMO_OUTCOMES[index],
        age_band=DEMO_AGE_BANDS[index],
    )


def demo_cohort_load(*, users: dict[str, User]) -> None:
    """Twelve learners of tom's organisation in his spring group: all enrolled
    in the smartphone course over the last four months, five finished it (and
    were certified), two started the scams course. Safe to run again."""
    tom = users["tom"]
    if tom.organisation is None:
        return
    group, _created = LearnerGroup.objects.get_or_create(name=COHORT_GROUP, trainer=tom)
    course = Course.objects.get(slug=COHORT_COURSE)
    second = Course.objects.get(slug=SECOND_COURSE)
    learners = [_cohort_learner(index, tom=tom) for index in range(COHORT_SIZE)]
    group.learners.add(*learners)
    for index, learner in enumerate(learners):
        enrollment = enrollment_create(user=learner, course=course)
        finished = index < COHORT_COMPLETED
        if enrollment.completed_at is None:
            if finished:
                demo_enrollment_complete(enrollment)
            else:
                _first_lessons(enrollment, 1 + index % 3)
        _dated(
            enrollment,
            days_ago=120 - index * 8,
            took_days=3 + index * 2 if finished else None,
        )
        if finished:
            # After commit: the certificate is issued by the completion's own
            # after-commit task (in-process in the demo), registered before.
            transaction.on_commit(
                lambda learner=learner, index=index: _outcome_answered(
                    learner, course, index
                )
            )
        if index < SECOND_COURSE_LEARNERS:
            started = enrollment_create(user=learner, course=second)
            if not started.progress.exists():
                _first_lessons(started, 1)
            _dated(started, days_ago=20 - index, took_days=None)
