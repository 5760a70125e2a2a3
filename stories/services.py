"""Writes on stories: write, submit, member approval, staff review, un-publish,
delete. Each checks who asks; another person's story is a 404."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from certificates.models import Certificate
from core.markdown import RENDERER_VERSION, render_markdown
from core.storage_transactions import atomic_with_files, file_written
from core.uploads import audio_check, image_check, upload_store
from members.models import LearnerGroup, User
from members.selectors import member_language
from members.services import email_send
from skills.models import MemberSkill

from .models import BODY_MAX_LENGTH, Story

logger = logging.getLogger(__name__)

Status = Story.Status
TEXT_FIELDS = ("title", "body", "language", "kind", "photo_alt", "audio_transcript")
# States the author may edit from, and where an edit leaves the story.
AFTER_EDIT = {
    Status.DRAFT: Status.DRAFT,
    Status.AWAITING_MEMBER: Status.AWAITING_MEMBER,
    Status.CHANGES_REQUESTED: Status.CHANGES_REQUESTED,
    Status.IN_REVIEW: Status.IN_REVIEW,
    # A published story changed by its author is read again before it shows.
    Status.PUBLISHED: Status.IN_REVIEW,
    Status.UNPUBLISHED: Status.DRAFT,
}
SUBMITTABLE = (Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED)


def _guardian_consent_check(author: User) -> None:
    """I5: below 13, nothing of the member goes public without a legal
    representative's consent."""
    if author.needs_guardian_consent:
        raise ValidationError(
            _(
                "Avant 13 ans, une réussite ne peut être publiée qu'avec l'accord "
                "d'un représentant légal. Parlez-en à votre formateur ou votre "
                "formatrice."
            ),
            code="guardian_consent",
        )


class Decision:
    """The staff's three answers to a story in review."""

    APPROVE = "approve"
    CHANGES = "changes"
    REFUSE = "refuse"
    CHOICES = (APPROVE, CHANGES, REFUSE)


def trainer_of(*, trainer: User, learner: User) -> bool:
    """True when the learner is in one of the trainer's groups."""
    return LearnerGroup.objects.filter(trainer=trainer, learners=learner).exists()


def _evidence_check(
    *, author: User, certificates: Iterable[Certificate], skills: Iterable[MemberSkill]
) -> tuple[list[Certificate], list[MemberSkill]]:
    """Only the author's own active certificates and skills may prove a story. A
    certificate still being prepared may be linked: pages show it once issued."""
    certificates, skills = list(certificates), list(skills)
    for certificate in certificates:
        if (
            certificate.user_id != author.pk
            or certificate.status not in Certificate.ACTIVE
        ):
            raise ValidationError(
                {"certificates": _("Choisissez un de vos certificats valides.")},
                code="certificate_not_yours",
            )
    for skill in skills:
        if skill.user_id != author.pk or skill.withdrawn_at is not None:
            raise ValidationError(
                {"skills": _("Choisissez une de vos compétences.")},
                code="skill_not_yours",
            )
    return certificates, skills


def _files_store(
    story: Story,
    *,
    photo: UploadedFile | None,
    audio: UploadedFile | None,
    remove_photo: bool,
    remove_audio: bool,
) -> list[str]:
    """Checks and stores new files; returns the names of the files they replace,
    to delete once the change is committed."""
    replaced = []
    if photo is not None:
        extension = image_check(photo)
        if story.photo:
            replaced.append(story.photo.name)
        story.photo.name = upload_store(
            upload=photo, folder="stories/photos", extension=extension
        )
        file_written(story.photo.name)
    elif remove_photo and story.photo:
        replaced.append(story.photo.name)
        story.photo.name = ""
        story.photo_alt = ""
    if audio is not None:
        extension = audio_check(audio)
        if story.audio:
            replaced.append(story.audio.name)
        story.audio.name = upload_store(
            upload=audio, folder="stories/audio", extension=extension
        )
        file_written(story.audio.name)
    elif remove_audio and story.audio:
        replaced.append(story.audio.name)
        story.audio.name = ""
    return replaced


def _files_delete_after_commit(names: Iterable[str]) -> None:
    for name in names:
        transaction.on_commit(lambda name=name: default_storage.delete(name))


def _save(
    story: Story,
    *,
    fields: dict,
    certificates,
    skills,
    photo,
    audio,
    remove_photo: bool,
    remove_audio: bool,
) -> Story:
    for name, value in fields.items():
        setattr(story, name, value.strip() if isinstance(value, str) else value)
    if len(story.body) > BODY_MAX_LENGTH:
        raise ValidationError(
            {
                "body": ngettext(
                    "Ce texte est trop long : %(max)s signe au plus.",
                    "Ce texte est trop long : %(max)s signes au plus.",
                    BODY_MAX_LENGTH,
                )
                % {"max": BODY_MAX_LENGTH}
            },
            code="body_too_long",
        )
    keeps_photo = photo is not None or (story.photo and not remove_photo)
    if keeps_photo and not story.photo_alt:
        raise ValidationError(
            {
                "photo_alt": _(
                    "Décrivez la photo en quelques mots, pour les personnes "
                    "qui ne la voient pas."
                )
            },
            code="photo_alt_required",
        )
    # Stored files go again if anything below fails (atomic_with_files).
    replaced = _files_store(
        story,
        photo=photo,
        audio=audio,
        remove_photo=remove_photo,
        remove_audio=remove_audio,
    )
    story.body_html = render_markdown(story.body)
    story.renderer_version = RENDERER_VERSION
    story.full_clean(exclude=["author", "drafted_by", "reviewed_by", "slug"])
    story.save()
    if certificates is not None:
        story.certificates.set(certificates)
    if skills is not None:
        story.skills.set(skills)
    _files_delete_after_commit(replaced)
    return story


@atomic_with_files()
def story_create(
    *,
    actor: User,
    author: User,
    title: str,
    body: str,
    kind: str,
    language: str = "fr",
    photo: UploadedFile | None = None,
    photo_alt: str = "",
    audio: UploadedFile | None = None,
    audio_transcript: str = "",
    certificates: Iterable[Certificate] = (),
    skills: Iterable[MemberSkill] = (),
) -> Story:
    """A member writes a draft; a trainer may draft one for a learner of their
    group, which waits for the learner's approval (404 for anyone else)."""
    if actor.pk == author.pk:
        story = Story(author=author, status=Status.DRAFT)
    elif (actor.is_trainer or actor.is_staff_member) and trainer_of(
        trainer=actor, learner=author
    ):
        story = Story(author=author, drafted_by=actor, status=Status.AWAITING_MEMBER)
    else:
        raise Http404
    certificates, skills = _evidence_check(
        author=author, certificates=certificates, skills=skills
    )
    story = _save(
        story,
        fields={
            "title": title,
            "body": body,
            "kind": kind,
            "language": language,
            "photo_alt": photo_alt,
            "audio_transcript": audio_transcript,
        },
        certificates=certificates,
        skills=skills,
        photo=photo,
        audio=audio,
        remove_photo=False,
        remove_audio=False,
    )
    logger.info("story %s created (%s)", story.pk, story.status)
    return story


def _story_locked(story: Story) -> Story:
    return Story.objects.select_for_update().get(pk=story.pk)


@atomic_with_files()
def story_update(
    *,
    story: Story,
    actor: User,
    photo: UploadedFile | None = None,
    audio: UploadedFile | None = None,
    remove_photo: bool = False,
    remove_audio: bool = False,
    certificates: Iterable[Certificate] | None = None,
    skills: Iterable[MemberSkill] | None = None,
    **fields,
) -> Story:
    """The author edits their story (a published one goes back to review); the
    trainer who drafted it may edit it until the member approves it."""
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Ces champs ne peuvent pas être changés : %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="not_writable",
        )
    story = _story_locked(story)
    is_author = actor.pk == story.author_id
    is_drafter = actor.pk == story.drafted_by_id
    if not (is_author or is_drafter):
        raise Http404
    if is_drafter and not is_author and story.status != Status.AWAITING_MEMBER:
        raise ValidationError(
            _("Le membre a déjà approuvé cette réussite : lui seul peut la modifier."),
            code="member_owns_it",
        )
    if story.status not in AFTER_EDIT:
        raise ValidationError(
            _("Cette réussite a été refusée : elle ne peut plus être modifiée."),
            code="refused",
        )
    if certificates is not None or skills is not None:
        checked = _evidence_check(
            author=story.author,
            certificates=certificates or [],
            skills=skills or [],
        )
        certificates = checked[0] if certificates is not None else None
        skills = checked[1] if skills is not None else None
    was_published = story.status == Status.PUBLISHED
    story.status = AFTER_EDIT[Status(story.status)]
    if was_published:
        story.published_at = None
        story.submitted_at = timezone.now()
    story = _save(
        story,
        fields=fields,
        certificates=certificates,
        skills=skills,
        photo=photo,
        audio=audio,
        remove_photo=remove_photo,
        remove_audio=remove_audio,
    )
    return story


@transaction.atomic
def story_submit(*, story: Story, actor: User) -> Story:
    """The author sends the story to staff for review; a trainer's draft is sent
    by the member's approval. Nothing is published without review."""
    story = _story_locked(story)
    if actor.pk != story.author_id:
        raise Http404
    if story.status == Status.AWAITING_MEMBER:
        return story_approve_by_member(story=story, actor=actor)
    _guardian_consent_check(story.author)
    if story.status not in SUBMITTABLE:
        raise ValidationError(
            _("Cette réussite ne peut pas être envoyée dans son état : %(status)s.")
            % {"status": story.get_status_display()},
            code="not_submittable",
        )
    story.status = Status.IN_REVIEW
    story.submitted_at = timezone.now()
    story.save(update_fields=["status", "submitted_at", "updated_at"])
    logger.info("story %s submitted", story.pk)
    return story


@transaction.atomic
def story_approve_by_member(*, story: Story, actor: User) -> Story:
    """The member approves what a trainer drafted with them; it goes to review."""
    story = _story_locked(story)
    if actor.pk != story.author_id:
        raise Http404
    if story.status != Status.AWAITING_MEMBER:
        raise ValidationError(
            _("Cette réussite n'attend pas votre accord."), code="not_awaiting"
        )
    _guardian_consent_check(story.author)
    now = timezone.now()
    story.status = Status.IN_REVIEW
    story.member_approved_at = now
    story.submitted_at = now
    story.save(
        update_fields=["status", "member_approved_at", "submitted_at", "updated_at"]
    )
    logger.info("story %s approved by its member", story.pk)
    return story


@transaction.atomic
def story_review(
    *, story: Story, reviewer: User, decision: str, comment: str = ""
) -> Story:
    """Staff approve, ask for changes or refuse a story in review; the member is
    e-mailed the decision when they have an address."""
    if not reviewer.is_staff_member:
        raise PermissionDenied
    story = _story_locked(story)
    if story.status != Status.IN_REVIEW:
        raise ValidationError(
            _("Cette réussite n'est plus en relecture : %(status)s.")
            % {"status": story.get_status_display()},
            code="not_in_review",
        )
    comment = (comment or "").strip()
    if decision == Decision.APPROVE:
        _guardian_consent_check(story.author)
    if decision not in Decision.CHOICES:
        raise ValidationError(_("Choisissez une décision."), code="decision")
    if decision != Decision.APPROVE and not comment:
        raise ValidationError(
            {"comment": _("Expliquez au membre ce qui doit changer ou pourquoi.")},
            code="comment_required",
        )
    now = timezone.now()
    story.status = {
        Decision.APPROVE: Status.PUBLISHED,
        Decision.CHANGES: Status.CHANGES_REQUESTED,
        Decision.REFUSE: Status.REFUSED,
    }[decision]
    story.review_comment = comment
    story.reviewed_by = reviewer
    story.reviewed_at = now
    story.published_at = now if decision == Decision.APPROVE else None
    story.save(
        update_fields=[
            "status",
            "review_comment",
            "reviewed_by",
            "reviewed_at",
            "published_at",
            "updated_at",
        ]
    )
    _decision_email(story)
    logger.info("story %s reviewed: %s", story.pk, decision)
    return story


def _decision_email(story: Story) -> None:
    author = story.author
    if not author.email:
        return
    with override(member_language(author)):
        subject = {
            Status.PUBLISHED: _("Votre réussite est publiée"),
            Status.CHANGES_REQUESTED: _("Votre réussite : quelques changements"),
            Status.REFUSED: _("Votre réussite n'est pas publiée"),
        }[story.status]
        lines = [
            _("Bonjour %(name)s,") % {"name": author.first_name or author.username},
            "",
            _("L'équipe de Sirius Hub a relu « %(title)s » : %(status)s.")
            % {"title": story.title, "status": story.get_status_display()},
        ]
        if story.review_comment:
            lines += ["", story.review_comment]
        url = settings.SITE_URL.rstrip("/") + story.get_absolute_url()
        lines += ["", url]
    email_send(subject=subject, body="\n".join(lines), to=[author.email])


@transaction.atomic
def story_unpublish(*, story: Story, actor: User) -> Story:
    """The author takes the story down at once (or out of review); it can be
    edited and sent again later."""
    story = _story_locked(story)
    if actor.pk != story.author_id:
        raise Http404
    if story.status not in (Status.PUBLISHED, Status.IN_REVIEW):
        raise ValidationError(
            _("Cette réussite n'est ni publiée ni en relecture."),
            code="not_published",
        )
    story.status = Status.UNPUBLISHED
    story.published_at = None
    story.save(update_fields=["status", "published_at", "updated_at"])
    logger.info("story %s unpublished by its member", story.pk)
    return story


@transaction.atomic
def story_delete(*, story: Story, actor: User) -> None:
    """The author deletes the story at once; its files go after commit. The
    drafting trainer may delete a draft the member has not approved yet."""
    story = _story_locked(story)
    drafter_before_approval = (
        actor.pk == story.drafted_by_id and story.status == Status.AWAITING_MEMBER
    )
    if actor.pk != story.author_id and not drafter_before_approval:
        raise Http404
    stories_delete(Story.objects.filter(pk=story.pk))


def stories_delete(stories) -> int:
    """Deletes the stories and, once committed, their photo and audio files."""
    names = [
        name
        for photo, audio in stories.values_list("photo", "audio")
        for name in (photo, audio)
        if name
    ]
    _total, per_model = stories.delete()
    _files_delete_after_commit(names)
    return per_model.get(Story._meta.label, 0)
