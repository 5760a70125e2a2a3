"""The stories API: published stories for everyone, the member's own stories
for the member only; status never set by a member."""

import pytest
from django.utils import timezone

from stories.models import Story
from tests.factories import LearnerFactory
from tests.skills.factories import attested, issued_certificate
from tests.stories.factories import PublishedStoryFactory, StoryFactory

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/stories/"


def _new(client, **fields):
    data = {"title": "Mon emploi", "body": "J'ai **trouvé**.", "kind": "job"}
    data.update(fields)
    return client.post(MINE, data, content_type="application/json")


def test_api_stories_list_published_with_filters(client):
    """Anonymous callers list published stories, filtered like the page."""
    shown = PublishedStoryFactory(title="Publiée", language="nl")
    shown.skills.add(attested(shown.author, "2.1", 3))
    PublishedStoryFactory(title="Autre", language="fr")
    StoryFactory(title="Brouillon")

    everything = client.get("/api/v1/stories/").json()
    by_competence = client.get("/api/v1/stories/", {"competence": "2.1"}).json()
    by_language = client.get("/api/v1/stories/", {"language": "fr"}).json()

    assert {s["title"] for s in everything["results"]} == {"Publiée", "Autre"}
    assert [s["title"] for s in by_competence["results"]] == ["Publiée"]
    assert by_competence["results"][0]["skills"][0]["competence"] == "2.1"
    assert [s["title"] for s in by_language["results"]] == ["Autre"]
    bad = client.get("/api/v1/stories/", {"competence": "x", "kind": "nope"})
    assert bad.status_code == 400 and {"competence", "kind"} <= set(bad.json())


def test_api_stories_detail_only_when_published(client):
    """A draft answers 404, even to its author, on the public endpoint."""
    published = PublishedStoryFactory()
    draft = StoryFactory()
    client.force_login(draft.author)

    data = client.get(f"/api/v1/stories/{published.slug}/").json()
    assert data["title"] == published.title
    assert data["body_html"] == published.body_html
    assert "email" not in str(data) and published.author.last_name not in str(data)
    assert client.get(f"/api/v1/stories/{draft.slug}/").status_code == 404


def test_api_stories_detail_certificate_links_to_verification(
    client, learner, django_capture_on_commit_callbacks
):
    """Each certificate of a story carries its verification address."""
    certificate = issued_certificate(
        user=learner, capture=django_capture_on_commit_callbacks
    )
    story = PublishedStoryFactory(author=learner)
    story.certificates.add(certificate)

    data = client.get(f"/api/v1/stories/{story.slug}/").json()

    assert data["certificates"][0]["verification_url"].endswith(
        f"/v/{certificate.display_code}"
    )


def test_api_stories_mine_needs_login(client):
    assert client.get(MINE).status_code in (401, 403)
    assert _new(client).status_code in (401, 403)
    assert not Story.objects.exists()


def test_api_stories_create_submit_withdraw(client, learner, staff):
    """The member writes, sends, and after publication withdraws the story."""
    client.force_login(learner)
    created = _new(client)
    assert created.status_code == 201
    slug = created.json()["slug"]
    assert created.json()["status"] == "draft"
    assert "<strong>trouvé</strong>" in created.json()["body_html"]

    submitted = client.post(f"{MINE}{slug}/submit/")
    assert submitted.json()["status"] == "in_review"
    story = Story.objects.get(slug=slug)
    story.status, story.published_at = "published", timezone.now()
    story.save()

    withdrawn = client.post(f"{MINE}{slug}/withdraw/")
    assert withdrawn.json()["status"] == "unpublished"
    assert client.get(f"/api/v1/stories/{slug}/").status_code == 404
    again = client.post(f"{MINE}{slug}/withdraw/")
    assert again.status_code == 400


def test_api_stories_member_cannot_set_status(client, learner):
    """status, author and published_at are refused with 400; nothing changes."""
    client.force_login(learner)
    assert _new(client, status="published").status_code == 400
    assert not Story.objects.exists()
    slug = _new(client).json()["slug"]

    response = client.patch(
        f"{MINE}{slug}/",
        {"status": "published", "author": 1},
        content_type="application/json",
    )

    assert response.status_code == 400 and {"status", "author"} <= set(response.json())
    assert Story.objects.get(slug=slug).status == "draft"


def test_api_stories_patch_published_goes_back_to_review(client, learner):
    """Changing a published story takes it off the public endpoint until review."""
    story = PublishedStoryFactory(author=learner)
    client.force_login(learner)

    response = client.patch(
        f"{MINE}{story.slug}/",
        {"title": "Nouveau titre"},
        content_type="application/json",
    )

    assert response.json()["status"] == "in_review"
    assert client.get(f"/api/v1/stories/{story.slug}/").status_code == 404


def test_api_stories_another_members_story_is_404(client, learner):
    """Reading, changing, sending or deleting someone else's story: 404."""
    story = StoryFactory()
    client.force_login(learner)
    url = f"{MINE}{story.slug}/"

    assert client.get(url).status_code == 404
    patch = client.patch(url, {"title": "x"}, content_type="application/json")
    assert patch.status_code == 404
    assert client.post(f"{url}submit/").status_code == 404
    assert client.post(f"{url}withdraw/").status_code == 404
    assert client.delete(url).status_code == 404
    assert client.get(MINE).json() == []
    assert Story.objects.get(pk=story.pk).title == story.title


def test_api_stories_evidence_of_another_member_refused(
    client, learner, django_capture_on_commit_callbacks
):
    """A certificate code or skill id of someone else is refused like an
    unknown one; the member's own are linked."""
    own = issued_certificate(user=learner, capture=django_capture_on_commit_callbacks)
    others = issued_certificate(capture=django_capture_on_commit_callbacks)
    other_skill = attested(LearnerFactory(), "2.1", 3)
    client.force_login(learner)

    refused = _new(client, certificates=[others.display_code])
    refused_skill = _new(client, skills=[other_skill.pk])
    linked = _new(client, certificates=[own.display_code.lower()])

    assert refused.status_code == 400 and "certificates" in refused.json()
    assert refused_skill.status_code == 400 and "skills" in refused_skill.json()
    assert linked.status_code == 201
    assert linked.json()["certificates"] == [own.display_code]


def test_api_stories_delete_own(client, learner):
    story = StoryFactory(author=learner)
    client.force_login(learner)
    assert client.delete(f"{MINE}{story.slug}/").status_code == 204
    assert not Story.objects.exists()


def test_api_stories_schema_lists_the_endpoints(client):
    """The stories endpoints are in the OpenAPI schema."""
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in (
        "/api/v1/stories/",
        "/api/v1/stories/{slug}/",
        "/api/v1/me/stories/",
        "/api/v1/me/stories/{slug}/submit/",
        "/api/v1/me/stories/{slug}/withdraw/",
    ):
        assert path in schema["paths"]


@pytest.mark.parametrize("count", [10, 300])
def test_api_stories_list_constant_queries(
    client, django_assert_max_num_queries, count
):
    """The public list costs the same queries for 10 and 300 stories."""
    author = LearnerFactory()
    skill = attested(author, "2.1", 3)
    stories = Story.objects.bulk_create(
        Story(
            author=author,
            slug=f"a{n:05d}",
            title=f"Réussite {n}",
            body="x",
            body_html="<p>x</p>",
            kind="job",
            status=Story.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    Story.skills.through.objects.bulk_create(
        Story.skills.through(story_id=story.pk, memberskill_id=skill.pk)
        for story in stories
    )

    # The count, the page, its certificates, its skills.
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/stories/", {"competence": "2.1"}).json()
    assert data["count"] == count and len(data["results"]) == min(count, 20)
