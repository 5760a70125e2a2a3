"""Personal data held by stories: the member's stories, their files, and the
drafts a trainer wrote for others (lms/privacy.py calls these)."""

from django.utils.translation import gettext as _

from .models import Story
from .services import stories_delete


def member_data_export(*, user) -> dict:
    stories = (
        Story.objects.filter(author=user)
        .prefetch_related("certificates", "skills__competence")
        .order_by("created_at", "pk")
    )
    return {
        "stories": [
            {
                "title": story.title,
                "body": story.body,
                "kind": story.kind,
                "language": story.language,
                "status": story.status,
                "photo": bool(story.photo),
                "photo_alt": story.photo_alt,
                "audio": bool(story.audio),
                "audio_transcript": story.audio_transcript,
                "drafted_by_trainer": story.drafted_by_id is not None,
                "review_comment": story.review_comment,
                "certificates": [c.display_code for c in story.certificates.all()],
                "skills": [
                    {"competence": s.competence.code, "level": s.level}
                    for s in story.skills.all()
                ],
                "created_at": story.created_at,
                "member_approved_at": story.member_approved_at,
                "submitted_at": story.submitted_at,
                "published_at": story.published_at,
            }
            for story in stories
        ],
        "drafted_for_others": Story.objects.filter(drafted_by=user)
        .exclude(author=user)
        .count(),
    }


def member_consent_log(*, user) -> list[dict]:
    """Each publication the member consented to: approving a trainer's draft,
    and a story going public after review."""
    entries = []
    for story in Story.objects.filter(author=user).order_by("pk"):
        if story.member_approved_at:
            entries.append(
                {
                    "when": story.member_approved_at,
                    "what": _("Brouillon de réussite approuvé"),
                    "who": story.title,
                }
            )
        if story.published_at:
            entries.append(
                {
                    "when": story.published_at,
                    "what": _("Réussite publiée"),
                    "who": story.title,
                }
            )
    return entries


def member_data_erase(*, user) -> None:
    """The member's stories are deleted, their photo and audio files after
    commit; drafts they wrote for others stay, without their name."""
    stories_delete(Story.objects.filter(author=user))
    Story.objects.filter(drafted_by=user).update(drafted_by=None)
    Story.objects.filter(reviewed_by=user).update(reviewed_by=None)
