"""factory_boy factories for every app's models."""

from datetime import date

import factory
from django.utils import timezone

from certificates.codes import code_generate
from certificates.models import Certificate, CertificateOutcome
from courses.models import Course, CourseCompetence, Enrollment, Lesson, Module
from members.models import LearnerGroup, Organisation, User
from skills.models import Competence, CompetenceArea, Framework, ProficiencyLevel

PASSWORD = "correct-horse-battery-42"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    # Valid BCE/KBO numbers: 8 digits then 97 - (those digits mod 97).
    company_number = factory.Sequence(
        lambda n: f"{10_000_000 + n:08d}{97 - (10_000_000 + n) % 97:02d}"
    )
    contact_name = "Service emploi"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Léa"
    last_name = factory.Sequence(lambda n: f"Martin{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.LEARNER
    password = factory.django.Password(PASSWORD)


class LearnerFactory(UserFactory):
    role = User.Role.LEARNER


class TrainerFactory(UserFactory):
    role = User.Role.TRAINER
    first_name = "Tom"


class PartnerFactory(UserFactory):
    role = User.Role.PARTNER
    organisation = factory.SubFactory(OrganisationFactory)


class StaffFactory(UserFactory):
    role = User.Role.STAFF
    is_staff = True


class LearnerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnerGroup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Groupe {n}")
    trainer = factory.SubFactory(TrainerFactory)
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def learners(self, create, extracted, **kwargs):
        if create and extracted:
            self.learners.add(*extracted)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "Un module court pour apprendre."
    duration_hours = 2
    status = Course.Status.PUBLISHED

    @factory.post_generation
    def trainers(self, create, extracted, **kwargs):
        if create and extracted:
            self.trainers.add(*extracted)


class FrameworkFactory(factory.django.DjangoModelFactory):
    """A framework beside DigComp 2.2, which the migrations already load."""

    class Meta:
        model = Framework
        django_get_or_create = ("name", "version")

    name = "DigComp"
    version = factory.Sequence(lambda n: f"test-{n}")


class CompetenceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetenceArea

    framework = factory.SubFactory(FrameworkFactory)
    number = 1
    name_en = factory.Sequence(lambda n: f"Area {n}")
    name_fr = factory.Sequence(lambda n: f"Domaine {n}")
    name_nl = factory.Sequence(lambda n: f"Domein {n}")


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence

    framework = factory.SubFactory(FrameworkFactory)
    area = factory.SubFactory(
        CompetenceAreaFactory, framework=factory.SelfAttribute("..framework")
    )
    position = 1
    code = factory.LazyAttribute(lambda c: f"{c.area.number}.{c.position}")
    name_en = factory.Sequence(lambda n: f"Competence {n}")
    name_fr = factory.Sequence(lambda n: f"Compétence {n}")
    name_nl = factory.Sequence(lambda n: f"Competentie {n}")


class ProficiencyLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProficiencyLevel

    framework = factory.SubFactory(FrameworkFactory)
    level = 1
    band = ProficiencyLevel.Band.FOUNDATION
    name_en = "Foundation"
    name_fr = "Fondamental"
    name_nl = "Basis"


class CourseCompetenceFactory(factory.django.DjangoModelFactory):
    """Tags a course with a DigComp 2.2 competence (loaded by the migrations)."""

    class Meta:
        model = CourseCompetence

    course = factory.SubFactory(CourseFactory)
    competence = factory.LazyFunction(
        lambda: Competence.objects.in_framework().get(code="1.1")
    )
    level = 2


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Partie {n}")
    position = factory.Sequence(lambda n: n)


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    module = factory.SubFactory(ModuleFactory)
    title = factory.Sequence(lambda n: f"Leçon {n}")
    position = factory.Sequence(lambda n: n)
    kind = Lesson.Kind.TEXT
    body_markdown = "Un texte court."
    minutes = 5
    # A quiz lesson always has its quiz (a database constraint says so).
    quiz = factory.Maybe(
        factory.LazyAttribute(lambda lesson: lesson.kind == Lesson.Kind.QUIZ),
        factory.SubFactory("tests.quizzes.factories.QuizFactory"),
        None,
    )


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    user = factory.SubFactory(LearnerFactory)
    course = factory.SubFactory(CourseFactory)


class CertificateFactory(factory.django.DjangoModelFactory):
    """An issued certificate row, as issuance leaves it (no PDF, no skills)."""

    class Meta:
        model = Certificate

    code = factory.LazyFunction(code_generate)
    status = Certificate.Status.ISSUED
    user = factory.SubFactory(LearnerFactory)
    course = factory.SubFactory(CourseFactory)
    holder_name = factory.LazyAttribute(lambda c: str(c.user) if c.user else "")
    course_title = factory.LazyAttribute(lambda c: c.course.title)
    course_language = "fr"
    hours = 2
    issuer_name = "Le Monde des Possibles asbl (Sirius Hub)"
    issuer_company_number = "0123456789"
    issued_on = date(2026, 3, 10)


class CertificateOutcomeFactory(factory.django.DjangoModelFactory):
    """The holder's answer to "what happened since?" (a job, by default)."""

    class Meta:
        model = CertificateOutcome

    certificate = factory.SubFactory(CertificateFactory)
    user = factory.LazyAttribute(lambda o: o.certificate.user)
    found_job = True
