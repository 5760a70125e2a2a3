"""The story's life: written, sent, reviewed, published, changed, taken down;
who may do each step, and the evidence that may prove it."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from certificates.models import Certificate
from skills.models import MemberSkill
from stories import services
from stories.models import Story
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory
from tests.skills.factories import attested, issued_certificate
from tests.stories.conftest import stored_files
from tests.stories.factories import StoryFactory, mp3_upload, png_upload

pytestmark = pytest.mark.django_db

Status = Story.Status


def _write(author, actor=None, **fields):
    data = {"title": "Mon emploi", "body": "J'ai *trouvé*.", "kind": Story.Kind.JOB}
    data.update(fields)
    return services.story_create(actor=actor or author, author=author, **data)


def _in_review(author):
    story = _write(author)
    return services.story_submit(story=story, actor=author)


def test_services_stories_member_writes_a_draft_sanitised(learner):
    """A new story is a draft nobody else sees; its Markdown becomes safe HTML."""
    story = _write(
        learner, body="**Oui** <script>alert(1)</script> <img src=x onerror=alert(1)>"
    )

    assert story.status == Status.DRAFT
    assert story.drafted_by is None
    assert "<strong>Oui</strong>" in story.body_html
    assert "<script" not in story.body_html and "<img" not in story.body_html
    assert len(story.slug) >= 10 and story.slug not in story.title.lower()


def test_services_stories_submit_then_staff_publish_and_email(
    learner, staff, django_capture_on_commit_callbacks
):
    """Only staff publish, after review; the member is e-mailed the decision."""
    story = _in_review(learner)
    assert story.status == Status.IN_REVIEW and story.published_at is None

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_review(
            story=story, reviewer=staff, decision=services.Decision.APPROVE
        )

    assert story.status == Status.PUBLISHED and story.published_at is not None
    assert [message.to for message in mail.outbox] == [[learner.email]]
    assert "publiée" in mail.outbox[0].subject
    assert story.get_absolute_url() in mail.outbox[0].body


def test_services_stories_member_cannot_review_their_own(learner):
    """A member cannot publish without review: the review is for staff only."""
    story = _in_review(learner)

    with pytest.raises(PermissionDenied):
        services.story_review(
            story=story, reviewer=learner, decision=services.Decision.APPROVE
        )
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW


def test_services_stories_a_draft_cannot_be_reviewed(learner, staff):
    """Staff publish only what the member sent."""
    story = _write(learner)

    with pytest.raises(ValidationError):
        services.story_review(
            story=story, reviewer=staff, decision=services.Decision.APPROVE
        )


def test_services_stories_changes_need_a_comment_and_are_mailed(
    learner, staff, django_capture_on_commit_callbacks
):
    """Asking for changes says what; the member edits and sends it again."""
    story = _in_review(learner)
    with pytest.raises(ValidationError) as error:
        services.story_review(
            story=story, reviewer=staff, decision=services.Decision.CHANGES
        )
    assert "comment" in error.value.message_dict

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_review(
            story=story,
            reviewer=staff,
            decision=services.Decision.CHANGES,
            comment="Ajoutez le nom du métier.",
        )
    assert story.status == Status.CHANGES_REQUESTED
    assert "Ajoutez le nom du métier." in mail.outbox[0].body

    story = services.story_update(story=story, actor=learner, title="Magasinier !")
    assert story.status == Status.CHANGES_REQUESTED
    story = services.story_submit(story=story, actor=learner)
    assert story.status == Status.IN_REVIEW


def test_services_stories_no_email_without_address(
    staff, django_capture_on_commit_callbacks
):
    """A learner without an address (trainer-created account) gets no e-mail."""
    learner = LearnerFactory(email="")
    story = _in_review(learner)

    with django_capture_on_commit_callbacks(execute=True):
        services.story_review(
            story=story, reviewer=staff, decision=services.Decision.APPROVE
        )
    assert mail.outbox == []


def test_services_stories_refused_is_final(learner, staff):
    """A refused story cannot be edited or sent again; it can be deleted."""
    story = _in_review(learner)
    story = services.story_review(
        story=story,
        reviewer=staff,
        decision=services.Decision.REFUSE,
        comment="Ce texte parle d'une autre personne.",
    )

    with pytest.raises(ValidationError):
        services.story_update(story=story, actor=learner, title="Autre")
    with pytest.raises(ValidationError):
        services.story_submit(story=story, actor=learner)
    services.story_delete(story=story, actor=learner)
    assert not Story.objects.exists()


def test_services_stories_editing_a_published_story_sends_it_back(learner, staff):
    """A changed published story leaves the public pages until staff read it."""
    story = _in_review(learner)
    story = services.story_review(
        story=story, reviewer=staff, decision=services.Decision.APPROVE
    )

    story = services.story_update(story=story, actor=learner, body="Nouveau texte")

    assert story.status == Status.IN_REVIEW
    assert story.published_at is None
    assert "Nouveau texte" in story.body_html


def test_services_stories_unpublish_at_once_and_resubmit(learner, staff):
    """The member takes the story down; it can be sent to review again."""
    story = _in_review(learner)
    story = services.story_review(
        story=story, reviewer=staff, decision=services.Decision.APPROVE
    )

    story = services.story_unpublish(story=story, actor=learner)
    assert story.status == Status.UNPUBLISHED and story.published_at is None
    story = services.story_submit(story=story, actor=learner)
    assert story.status == Status.IN_REVIEW


def test_services_stories_another_member_gets_404_on_every_step(learner, staff):
    """Nobody else edits, sends, takes down or deletes a member's story."""
    story = _write(learner)
    other = LearnerFactory()

    for call in (
        lambda: services.story_update(story=story, actor=other, title="x"),
        lambda: services.story_submit(story=story, actor=other),
        lambda: services.story_unpublish(story=story, actor=other),
        lambda: services.story_delete(story=story, actor=other),
        lambda: services.story_approve_by_member(story=story, actor=other),
    ):
        with pytest.raises(Http404):
            call()
    story.refresh_from_db()
    assert story.title == "Mon emploi" and story.status == Status.DRAFT


def test_services_stories_unknown_fields_refused(learner):
    """Status, author and the like are not fields a member can write."""
    story = _write(learner)

    with pytest.raises(ValidationError):
        services.story_update(story=story, actor=learner, status=Status.PUBLISHED)
    story.refresh_from_db()
    assert story.status == Status.DRAFT


def test_services_stories_trainer_drafts_member_approves(learner, staff):
    """A trainer drafts for a learner of their group; the learner approves it
    before staff see it; the trainer can no longer change it then."""
    trainer = TrainerFactory()
    LearnerGroupFactory(trainer=trainer, learners=[learner])

    story = _write(learner, actor=trainer)
    assert story.status == Status.AWAITING_MEMBER and story.drafted_by == trainer
    story = services.story_update(story=story, actor=trainer, title="Relu ensemble")
    with pytest.raises(Http404):
        services.story_submit(story=story, actor=trainer)
    with pytest.raises(ValidationError):
        services.story_review(
            story=story, reviewer=staff, decision=services.Decision.APPROVE
        )

    story = services.story_approve_by_member(story=story, actor=learner)

    assert story.status == Status.IN_REVIEW and story.member_approved_at
    with pytest.raises(ValidationError):
        services.story_update(story=story, actor=trainer, title="Autre chose")


def test_services_stories_trainer_outside_the_group_gets_404(learner):
    """A trainer cannot draft for a learner who is not in their groups."""
    with pytest.raises(Http404):
        _write(learner, actor=TrainerFactory())
    with pytest.raises(Http404):
        _write(learner, actor=LearnerFactory())
    assert not Story.objects.exists()


def test_services_stories_evidence_must_be_the_authors(
    learner, django_capture_on_commit_callbacks
):
    """Only the author's own issued certificates and active skills prove a story."""
    own = issued_certificate(user=learner, capture=django_capture_on_commit_callbacks)
    others = issued_certificate(capture=django_capture_on_commit_callbacks)
    own_skill = attested(learner, "2.1", 3)

    story = _write(learner, certificates=[own], skills=[own_skill])
    assert list(story.certificates.all()) == [own]
    assert list(story.skills.all()) == [own_skill]

    with pytest.raises(ValidationError) as error:
        _write(learner, certificates=[others])
    assert "certificates" in error.value.message_dict
    with pytest.raises(ValidationError):
        _write(learner, skills=[attested(LearnerFactory(), "2.1", 3)])

    Certificate.objects.filter(pk=own.pk).update(status=Certificate.Status.REVOKED)
    own.refresh_from_db()
    with pytest.raises(ValidationError):
        _write(learner, certificates=[own])
    MemberSkill.objects.filter(pk=own_skill.pk).update(withdrawn_at=timezone.now())
    own_skill.refresh_from_db()
    with pytest.raises(ValidationError):
        _write(learner, skills=[own_skill])


def test_services_stories_photo_needs_alt_and_nothing_is_stored(learner, media_root):
    """A photo without a description is refused before any file is written."""
    with pytest.raises(ValidationError) as error:
        _write(learner, photo=png_upload())

    assert "photo_alt" in error.value.message_dict
    assert stored_files(media_root) == []
    assert not Story.objects.exists()


def test_services_stories_files_checked_by_content_and_renamed(learner, media_root):
    """A photo and a recording are stored under generated names; a fake file is
    refused and leaves nothing behind."""
    story = _write(
        learner,
        photo=png_upload("../../moi.png"),
        photo_alt="Moi devant l'entrepôt",
        audio=mp3_upload(),
        audio_transcript="J'ai trouvé.",
    )
    files = stored_files(media_root)
    assert len(files) == 2
    assert all(name.startswith("stories/") and "moi" not in name for name in files)

    fake = png_upload("voix.mp3")
    with pytest.raises(ValidationError):
        _write(learner, audio=fake)
    assert stored_files(media_root) == files
    assert Story.objects.count() == 1
    assert story.audio.name.endswith(".mp3")


def test_services_stories_delete_removes_files_after_commit(
    learner, media_root, django_capture_on_commit_callbacks
):
    """Deleting takes the story and, once committed, its files."""
    story = _write(learner, photo=png_upload(), photo_alt="Moi")
    assert len(stored_files(media_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.story_delete(story=story, actor=learner)

    assert not Story.objects.exists()
    assert stored_files(media_root) == []


def test_services_stories_replacing_the_photo_deletes_the_old_one(
    learner, media_root, django_capture_on_commit_callbacks
):
    """A new photo replaces the old file; removing it removes its description."""
    story = _write(learner, photo=png_upload(), photo_alt="Moi")
    first = stored_files(media_root)

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_update(story=story, actor=learner, photo=png_upload())
    second = stored_files(media_root)
    assert len(second) == 1 and second != first

    with django_capture_on_commit_callbacks(execute=True):
        story = services.story_update(story=story, actor=learner, remove_photo=True)
    assert stored_files(media_root) == []
    assert story.photo_alt == ""


def test_services_stories_body_too_long_refused(learner):
    """A very long text is refused with a clear message."""
    with pytest.raises(ValidationError) as error:
        _write(learner, body="a" * 5001)
    assert "body" in error.value.message_dict


def test_services_stories_stories_delete_counts_only_stories(learner):
    """Deleting two stories counts two, whatever they link to."""
    for story in StoryFactory.create_batch(2, author=learner):
        story.skills.add(attested(learner, "2.1", 3))
    assert services.stories_delete(Story.objects.filter(author=learner)) == 2


def test_services_stories_under_13_needs_a_guardians_consent(learner, staff):
    """I5: below 13, a story is not sent or published without a legal
    representative's consent; with it, it is."""
    child = LearnerFactory(under_13=True)
    story = _write(child)

    with pytest.raises(ValidationError) as error:
        services.story_submit(story=story, actor=child)
    assert error.value.code == "guardian_consent"

    child.guardian_consent_at = timezone.now()
    child.save()
    story = services.story_submit(story=story, actor=child)
    assert story.status == Status.IN_REVIEW
