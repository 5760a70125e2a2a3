"""The public stories pages: who sees what (404 for others), the list and its
filters at a constant number of queries, evidence and sanitising."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from skills.models import MemberSkill, Portfolio
from stories.models import Story
from tests.factories import LearnerFactory, TrainerFactory
from tests.skills.factories import attested, issued_certificate
from tests.stories.factories import PublishedStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db

LIST = reverse("stories:story-list")


def _page(response) -> str:
    return response.content.decode()


def test_views_stories_list_shows_only_published(client):
    """Drafts, stories in review and taken-down stories never reach the list."""
    shown = PublishedStoryFactory(title="Publiée")
    for status in ("draft", "in_review", "unpublished", "refused"):
        StoryFactory(status=status, title=f"Cachée {status}")

    page = _page(client.get(LIST))

    assert shown.title in page and shown.get_absolute_url() in page
    assert "Cachée" not in page


@pytest.mark.parametrize(
    "status", ["draft", "awaiting_member", "in_review", "changes_requested"]
)
def test_views_stories_unpublished_is_404_except_for_its_people(client, status):
    """Before publication, the author, the drafting trainer and staff see it;
    visitors and other learners get a 404."""
    trainer = TrainerFactory()
    story = StoryFactory(status=status, drafted_by=trainer)
    url = story.get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(LearnerFactory())
    assert client.get(url).status_code == 404
    for allowed in (story.author, trainer):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200
        assert "pas publiée" in _page(response)


def test_views_stories_unpublish_takes_effect_at_once(client):
    """The member confirms, and the next visitor gets a 404."""
    story = PublishedStoryFactory()
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200

    client.force_login(story.author)
    confirm = client.get(reverse("stories:story-unpublish", args=[story.slug]))
    assert confirm.status_code == 200 and "Retirer" in _page(confirm)
    story.refresh_from_db()
    assert story.status == Story.Status.PUBLISHED  # a GET changes nothing
    client.post(reverse("stories:story-unpublish", args=[story.slug]))
    client.logout()

    assert client.get(url).status_code == 404
    assert story.title not in _page(client.get(LIST))


def test_views_stories_page_sanitises_markdown(client, learner):
    """Script and event handlers typed in the story never reach the page."""
    client.force_login(learner)
    client.post(
        reverse("stories:story-create"),
        {
            "title": "<b>Titre</b>",
            "kind": "job",
            "language": "fr",
            "body": "Bien <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>"
            "\n\n[clic](javascript:alert(3))",
        },
    )
    story = Story.objects.get(author=learner)

    page = _page(client.get(story.get_absolute_url()))

    assert "<script>alert" not in page
    assert not re.search(r"<img[^>]*onerror", page)
    assert "javascript:alert" not in page.replace("&lt;", "")
    assert "<b>Titre</b>" not in page and "&lt;b&gt;Titre&lt;/b&gt;" in page


def test_views_stories_page_shows_evidence_with_verification_links(
    client, learner, django_capture_on_commit_callbacks
):
    """Each certificate links to its /v/ page; a revoked one no longer shows as
    evidence; skills show with their level."""
    certificate = issued_certificate(
        user=learner, capture=django_capture_on_commit_callbacks
    )
    skill = attested(learner, "2.1", 4)
    story = PublishedStoryFactory(author=learner)
    story.certificates.add(certificate)
    story.skills.add(skill)

    page = _page(client.get(story.get_absolute_url()))
    assert f'href="/v/{certificate.display_code}"' in page
    assert "niveau 4" in page and "2.1" in page

    Certificate.objects.filter(pk=certificate.pk).update(
        status=Certificate.Status.REVOKED
    )
    MemberSkill.objects.filter(pk=skill.pk).update(withdrawn_at=timezone.now())
    page = _page(client.get(story.get_absolute_url()))
    assert f"/v/{certificate.display_code}" not in page
    assert "niveau 4" not in page


def test_views_stories_page_noindex_unless_public_portfolio_says_so(client):
    """Search engines are kept away unless the member's public portfolio lets
    them in."""
    story = PublishedStoryFactory()
    response = client.get(story.get_absolute_url())
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert 'name="robots"' in _page(response)

    Portfolio.objects.create(
        user=story.author, visibility=Portfolio.Visibility.PUBLIC, search_engines=True
    )
    response = client.get(story.get_absolute_url())
    assert "X-Robots-Tag" not in response
    assert Portfolio.objects.get(user=story.author).get_absolute_url() in _page(
        response
    )


def test_views_stories_share_link_on_published_page(client):
    """The page carries its own full address, ready to copy."""
    story = PublishedStoryFactory()
    page = _page(client.get(story.get_absolute_url()))
    assert f'value="http://testserver{story.get_absolute_url()}"' in page
    assert '<img src="data:image/svg+xml' in page and "QR code" in page


def test_views_stories_submit_is_post_only(client, learner):
    """A GET never sends a story to review (catalogue A5)."""
    story = StoryFactory(author=learner)
    client.force_login(learner)
    response = client.get(reverse("stories:story-submit", args=[story.slug]))
    assert response.status_code == 405
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT


def test_views_stories_filters_competence_kind_language(client):
    """Filtering by a competence (from a skill or a certificate), a kind and a
    language keeps only the matching stories."""
    digital = PublishedStoryFactory(title="Avec 2.1", kind="job", language="fr")
    digital.skills.add(attested(digital.author, "2.1", 3))
    safety = PublishedStoryFactory(title="Avec 4.2", kind="business", language="nl")
    safety.skills.add(attested(safety.author, "4.2", 2))
    withdrawn = PublishedStoryFactory(title="Retirée 2.1")
    old = attested(withdrawn.author, "2.1", 3)
    old.withdrawn_at = timezone.now()
    old.save()
    withdrawn.skills.add(old)

    by_competence = _page(client.get(LIST, {"competence": "2.1"}))
    assert "Avec 2.1" in by_competence
    assert "Avec 4.2" not in by_competence and "Retirée 2.1" not in by_competence
    by_kind = _page(client.get(LIST, {"kind": "business"}))
    assert "Avec 4.2" in by_kind and "Avec 2.1" not in by_kind
    by_language = _page(client.get(LIST, {"language": "nl"}))
    assert "Avec 4.2" in by_language and "Avec 2.1" not in by_language


def test_views_stories_filter_by_certificate_competence(
    client, learner, django_capture_on_commit_callbacks
):
    """A story proved by a certificate is found by the certificate's competence."""
    certificate = issued_certificate(
        user=learner, capture=django_capture_on_commit_callbacks
    )
    code = certificate.competences[0]["code"]
    story = PublishedStoryFactory(author=learner, title="Par certificat")
    story.certificates.add(certificate)
    other = "4.2" if code != "4.2" else "2.1"

    assert "Par certificat" in _page(client.get(LIST, {"competence": code}))
    assert "Par certificat" not in _page(client.get(LIST, {"competence": other}))


def test_views_stories_bad_filter_says_so_and_lists_all(client):
    """A filter value nobody offers is named as not understood, not a crash."""
    PublishedStoryFactory(title="Toujours là")
    response = client.get(LIST, {"competence": "9.9'--", "kind": "<script>"})
    page = _page(response)
    assert response.status_code == 200
    assert "pas été compris" in page and "Toujours là" in page


@pytest.mark.parametrize("count", [10, 300])
def test_views_stories_list_constant_queries(
    client, django_assert_max_num_queries, count
):
    """The public list costs the same number of queries for 10 and 300 stories."""
    authors = LearnerFactory.create_batch(5)
    stories = Story.objects.bulk_create(
        Story(
            author=authors[n % 5],
            slug=f"s{n:05d}",
            title=f"Réussite {n}",
            body="x",
            body_html="<p>x</p>",
            kind="job",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    skills = [attested(author, "2.1", 3) for author in authors]
    Story.skills.through.objects.bulk_create(
        Story.skills.through(story_id=story.pk, memberskill_id=skills[n % 5].pk)
        for n, story in enumerate(stories)
    )

    # The filter's competences, the count, the page, its certificates, its skills.
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"competence": "2.1"})
    assert response.status_code == 200
    assert _page(response).count('class="course-card story-card"') == min(count, 24)
