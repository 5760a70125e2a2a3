"""Writes on sharing: a trainer shares a course under an open licence or stops,
and copies a shared course into their own drafts."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.storage_transactions import atomic_with_files
from courses.models import Course, Licence
from members.models import User
from members.permissions import is_trainer

from .document import (
    course_attribution,
    course_build,
    course_document,
    storage_open_file,
)

# A copy asked again this soon by the same trainer is the same request (a double
# click), not a wish for two copies.
REPEAT_WINDOW = timedelta(seconds=30)
# Share-alike licences: what is made from the course is shared under the same one.
SHARE_ALIKE = {Licence.CC_BY_SA, Licence.CC_BY_NC_SA}


def _teaches(trainer: User, course: Course) -> bool:
    return trainer.is_staff_member or course.trainers.filter(pk=trainer.pk).exists()


@transaction.atomic
def course_share(
    *, course: Course, trainer: User, licence: str = Licence.CC_BY_SA
) -> Course:
    """Shares a course the trainer teaches under an open licence, credited to
    the trainer's organisation; a copy of a share-alike course keeps its licence."""
    if not is_trainer(trainer) or not _teaches(trainer, course):
        raise ValidationError(
            _("Seuls les formateur·rices du module peuvent le partager."),
            code="not_teacher",
        )
    if licence not in Licence.values:
        raise ValidationError(
            _("Choisissez une des licences proposées."), code="licence"
        )
    if (
        course.attribution_licence in SHARE_ALIKE
        and licence != course.attribution_licence
    ):
        raise ValidationError(
            _(
                "Ce module est fait d'après un module sous licence %(licence)s : "
                "il se partage sous la même licence."
            ),
            params={"licence": Licence(course.attribution_licence).label},
            code="share_alike",
        )
    organisation = course.author_organisation or trainer.organisation
    if organisation is None:
        raise ValidationError(
            _(
                "Votre compte n'est rattaché à aucune organisation, et un module "
                "partagé doit citer la sienne. Demandez à l'équipe de la plateforme "
                "de vous rattacher à votre organisation."
            ),
            code="no_organisation",
        )
    course.licence = licence
    course.shared_at = course.shared_at or timezone.now()
    course.author_organisation = organisation
    Course.objects.filter(pk=course.pk).update(
        licence=course.licence,
        shared_at=course.shared_at,
        author_organisation=organisation,
    )
    return course


@transaction.atomic
def course_unshare(*, course: Course, trainer: User) -> Course:
    """Stops sharing: no new copies; copies already made keep their attribution."""
    if not is_trainer(trainer) or not _teaches(trainer, course):
        raise ValidationError(
            _("Seuls les formateur·rices du module peuvent arrêter de le partager."),
            code="not_teacher",
        )
    course.licence, course.shared_at = "", None
    Course.objects.filter(pk=course.pk).update(licence="", shared_at=None)
    return course


# Its files (media, H5P content) go again if the copy's transaction fails, its
# commit included: course_build cleans up only what fails inside it.
@atomic_with_files()
def course_copy(*, source: Course, trainer: User) -> Course:
    """A deep copy of a shared, published course into the trainer's drafts:
    modules, lessons, media, question bank, quizzes and H5P activities (content
    copied, libraries shared), crediting the original. Later edits of either
    never change the other. A second request of the same trainer within
    REPEAT_WINDOW (a double click) returns the copy just made."""
    if not is_trainer(trainer):
        raise ValidationError(
            _("Seuls les formateur·rices peuvent copier un module."),
            code="not_trainer",
        )
    # Read again, locked: the author may have stopped sharing since the page was
    # shown, and two clicks of one trainer must wait for each other.
    source = (
        Course.objects.select_for_update(of=("self",))
        .select_related("author_organisation")
        .filter(pk=source.pk, status=Course.Status.PUBLISHED)
        .exclude(licence="")
        .first()
    )
    if source is None:
        raise ValidationError(
            _("Ce module n'est pas partagé : il ne peut pas être copié."),
            code="not_shared",
        )
    just_made = Course.objects.filter(
        based_on=source,
        trainers=trainer,
        created_at__gte=timezone.now() - REPEAT_WINDOW,
    ).first()
    if just_made is not None:
        return just_made
    document = course_document(source)
    return course_build(
        data=document.data,
        open_file=storage_open_file(document.files),
        owner=trainer,
        based_on=source,
        attribution=course_attribution(source),
    )
