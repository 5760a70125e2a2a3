"""Writing stories: the member's pages, a trainer's drafts, staff review, and
who may edit, submit or delete."""

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from skills.models import Portfolio
from stories import services
from stories.models import Story
from tests.factories import LearnerFactory, LearnerGroupFactory, TrainerFactory
from tests.skills.factories import competence, issued_certificate
from tests.stories.factories import PublishedStoryFactory, StoryFactory, png_upload

pytestmark = pytest.mark.django_db

LIST = reverse("stories:story-list")


def _page(response) -> str:
    return response.content.decode()


def test_views_stories_my_stories_lists_own_with_status_in_words(client, learner):
    """ "Mes réussites" shows the member's own stories with their state."""
    StoryFactory(author=learner, title="La mienne", status="changes_requested")
    StoryFactory(title="Pas la mienne")
    client.force_login(learner)

    page = _page(client.get(reverse("stories:mine")))

    assert "La mienne" in page and "Changements demandés" in page
    assert "Pas la mienne" not in page


def test_views_stories_member_creates_with_photo(client, learner, media_root):
    """A story with a photo and its description is saved as a draft."""
    client.force_login(learner)
    response = client.post(
        reverse("stories:story-create"),
        {
            "title": "Mon entreprise",
            "kind": "business",
            "language": "fr",
            "body": "J'ai ouvert mon salon.",
            "photo_upload": png_upload(),
            "photo_alt": "Mon salon de coiffure",
        },
    )

    assert response.status_code == 302
    story = Story.objects.get(author=learner)
    assert story.status == Story.Status.DRAFT and story.photo


def test_views_stories_photo_without_alt_keeps_the_text(client, learner, media_root):
    """A missing description is explained; what the member typed stays."""
    client.force_login(learner)
    response = client.post(
        reverse("stories:story-create"),
        {
            "title": "Mon entreprise",
            "kind": "business",
            "language": "fr",
            "body": "J'ai ouvert mon salon.",
            "photo_upload": png_upload(),
        },
    )

    page = _page(response)
    assert response.status_code == 200
    assert "Décrivez la photo" in page and "J&#x27;ai ouvert mon salon." in page
    assert not Story.objects.exists()


def test_views_stories_cannot_link_another_members_certificate(
    client, learner, django_capture_on_commit_callbacks
):
    """Someone else's certificate is not a choice: refused, nothing saved."""
    others = issued_certificate(capture=django_capture_on_commit_callbacks)
    client.force_login(learner)
    response = client.post(
        reverse("stories:story-create"),
        {
            "title": "Titre",
            "kind": "job",
            "language": "fr",
            "body": "Texte",
            "certificates": [others.pk],
        },
    )
    assert response.status_code == 200
    assert not Story.objects.exists()


def test_views_stories_submit_goes_to_review_not_published(client, learner):
    """Sending a story puts it in the staff's queue; it is not public yet."""
    story = StoryFactory(author=learner)
    client.force_login(learner)

    client.post(reverse("stories:story-submit", args=[story.slug]))

    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW
    client.logout()
    assert client.get(story.get_absolute_url()).status_code == 404


def test_views_stories_others_cannot_edit_submit_or_delete(client, learner):
    """Another member's story answers 404 on every member page."""
    story = StoryFactory()
    client.force_login(learner)
    for name in ("story-edit", "story-unpublish", "story-delete"):
        assert (
            client.get(reverse(f"stories:{name}", args=[story.slug])).status_code == 404
        )
    for name in ("story-submit", "story-delete"):
        assert (
            client.post(reverse(f"stories:{name}", args=[story.slug])).status_code
            == 404
        )
    assert Story.objects.filter(pk=story.pk, status="draft").exists()


def test_views_stories_delete_asks_then_deletes(client, learner):
    """Deleting asks once; the POST removes it for good."""
    story = StoryFactory(author=learner)
    client.force_login(learner)
    url = reverse("stories:story-delete", args=[story.slug])

    assert "Oui, supprimer" in _page(client.get(url))
    assert Story.objects.filter(pk=story.pk).exists()
    client.post(url)
    assert not Story.objects.filter(pk=story.pk).exists()


def test_views_stories_review_pages_staff_only(client, learner, staff):
    """Learners and trainers get 403 on the review queue; staff publish."""
    story = StoryFactory(status="in_review", submitted_at=timezone.now())
    queue = reverse("stories:review-queue")
    review = reverse("stories:story-review", args=[story.slug])
    for someone in (learner, TrainerFactory()):
        client.force_login(someone)
        assert client.get(queue).status_code == 403
        assert client.post(review, {"decision": "approve"}).status_code == 403

    client.force_login(staff)
    assert story.title in _page(client.get(queue))
    client.post(review, {"decision": "approve"})
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED


def test_views_stories_review_refusal_needs_comment(client, staff):
    """Refusing without a word is explained on the page; nothing changes."""
    story = StoryFactory(status="in_review", submitted_at=timezone.now())
    client.force_login(staff)
    response = client.post(
        reverse("stories:story-review", args=[story.slug]), {"decision": "refuse"}
    )
    assert "Expliquez au membre" in _page(response)
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW


def test_views_stories_trainer_draft_only_for_own_learners(client, learner):
    """A trainer drafts for a learner of their group; any other learner is 404."""
    trainer = TrainerFactory()
    LearnerGroupFactory(trainer=trainer, learners=[learner])
    client.force_login(trainer)

    stranger = LearnerFactory()
    url = reverse("stories:trainer-draft", args=[stranger.pk])
    assert client.get(url).status_code == 404
    response = client.post(
        reverse("stories:trainer-draft", args=[learner.pk]),
        {"title": "Ensemble", "kind": "training", "language": "fr", "body": "Texte"},
    )
    assert response.status_code == 302
    story = Story.objects.get(author=learner)
    assert story.status == Story.Status.AWAITING_MEMBER
    assert story.drafted_by == trainer

    client.force_login(learner)
    page = _page(client.get(reverse("stories:mine")))
    assert "Approuver et envoyer" in page


def test_views_stories_portfolio_shows_published_stories(client):
    """A public portfolio lists its member's published stories, not the others."""
    story = PublishedStoryFactory(title="Visible sur le portfolio")
    StoryFactory(author=story.author, title="Brouillon caché")
    portfolio = Portfolio.objects.create(
        user=story.author, visibility=Portfolio.Visibility.PUBLIC
    )

    page = _page(client.get(portfolio.get_absolute_url()))

    assert "Visible sur le portfolio" in page and story.get_absolute_url() in page
    assert "Brouillon caché" not in page


def test_views_stories_competence_choices_are_digcomp(client):
    """The competence filter offers DigComp's 21 competences and "Toutes"."""
    page = _page(client.get(LIST))
    assert page.count("<option") >= 21 + len(Story.Kind.choices)
    assert str(competence("2.1")) in page


def test_views_stories_withdrawn_guardian_consent_hides_at_once(client):
    """I5: when a child's guardian consent is withdrawn, the story leaves the
    list and its page answers 404 to visitors; the child still sees it."""
    story = PublishedStoryFactory(title="Réussite enfant")
    child = story.author
    child.under_13, child.guardian_consent_at = True, timezone.now()
    child.save()
    assert client.get(story.get_absolute_url()).status_code == 200

    child.guardian_consent_at = None
    child.save()

    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Réussite enfant" not in _page(client.get(LIST))
    client.force_login(child)
    assert client.get(story.get_absolute_url()).status_code == 200


def test_views_stories_upload_over_the_limit_is_explained(
    client, learner, settings, media_root
):
    """A file past the limit is not even read: a clear message, the text stays,
    nothing is stored."""
    settings.LESSON_AUDIO_MAX_BYTES = 1024
    client.force_login(learner)
    big = png_upload()
    big.write(b"\0" * 4096)
    big.seek(0)

    response = client.post(
        reverse("stories:story-create"),
        {
            "title": "Mon titre",
            "kind": "job",
            "language": "fr",
            "body": "Mon texte",
            "photo_upload": big,
            "photo_alt": "Moi",
        },
    )

    assert response.status_code == 200
    assert "trop lourd" in _page(response)
    assert not Story.objects.exists()
    assert list(media_root.rglob("*.*")) == []


def test_views_stories_trainer_picks_a_learner_of_their_groups(client, learner):
    """The learner list holds the trainer's own learners only; picking one
    opens the draft form for them."""
    trainer = TrainerFactory()
    LearnerGroupFactory(trainer=trainer, learners=[learner])
    stranger = LearnerFactory(first_name="Inconnue")
    client.force_login(trainer)
    url = reverse("stories:trainer-choose")

    page = _page(client.get(url))
    assert f'value="{learner.pk}"' in page and f'value="{stranger.pk}"' not in page
    response = client.get(url, {"learner": learner.pk})
    assert response["Location"] == reverse("stories:trainer-draft", args=[learner.pk])
    assert client.get(url, {"learner": stranger.pk}).status_code == 200
    client.force_login(learner)
    assert client.get(url).status_code == 403


def test_views_stories_text_keeps_its_own_direction(client):
    """A French story reads left to right on an Arabic page, an Arabic story
    right to left on a French page."""
    french = PublishedStoryFactory(language="fr")
    arabic = PublishedStoryFactory(language="ar", body="نجحت")
    client.cookies["django_language"] = "ar"
    page = _page(client.get(french.get_absolute_url()))
    assert 'dir="rtl"' in page  # the page
    assert 'class="lesson-body story-body" lang="fr" dir="ltr"' in page

    client.cookies["django_language"] = "fr"
    page = _page(client.get(arabic.get_absolute_url()))
    assert 'class="lesson-body story-body" lang="ar" dir="rtl"' in page


def test_views_stories_certificate_in_preparation_shows_once_issued(
    client, learner, django_capture_on_commit_callbacks
):
    """A certificate still being prepared may be linked; the page shows it only
    once it is issued."""
    certificate = issued_certificate(
        user=learner, capture=django_capture_on_commit_callbacks
    )
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.PREPARING
    )
    certificate.refresh_from_db()
    story = services.story_create(
        actor=learner,
        author=learner,
        title="Tout de suite",
        body="Texte",
        kind="training",
        certificates=[certificate],
    )
    Story.objects.filter(pk=story.pk).update(
        status=Story.Status.PUBLISHED, published_at=timezone.now()
    )
    link = f'href="/v/{certificate.display_code}"'

    assert link not in _page(client.get(story.get_absolute_url()))
    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.ISSUED
    )
    assert link in _page(client.get(story.get_absolute_url()))


def test_views_stories_trainer_deletes_own_draft_until_approved(client, learner):
    """The drafting trainer may delete a draft the member has not approved;
    once approved, it is the member's: 404 for the trainer."""
    trainer = TrainerFactory()
    draft = StoryFactory(author=learner, drafted_by=trainer, status="awaiting_member")
    approved = StoryFactory(author=learner, drafted_by=trainer, status="in_review")
    client.force_login(trainer)

    gone = client.post(reverse("stories:story-delete", args=[draft.slug]))
    kept = client.get(reverse("stories:story-delete", args=[approved.slug]))

    assert gone.status_code == 302 and not Story.objects.filter(pk=draft.pk).exists()
    assert kept.status_code == 404
    assert (
        client.post(reverse("stories:story-delete", args=[approved.slug])).status_code
        == 404
    )
    assert Story.objects.filter(pk=approved.pk).exists()
