"""Demo stories: Samir's published success, linked to his certificate, and a
second one waiting for review (for the staff's queue); safe to load twice."""

from certificates.models import Certificate
from members.models import User

from . import services
from .models import Story

PUBLISHED_TITLE = "J'ai trouvé un emploi de magasinier"
PUBLISHED_BODY = """\
Avant, je n'osais pas postuler en ligne. Avec le module sur les arnaques,
j'ai appris à reconnaître les fausses offres d'emploi.

J'ai créé mon adresse e-mail, j'ai envoyé **trois candidatures** sur le site
du Forem, et une entreprise de Herstal m'a appelé.

Depuis mars, je travaille comme magasinier. Mon conseil : demandez de l'aide,
puis essayez seul·e.
"""
IN_REVIEW_TITLE = "Mon premier rendez-vous pris en ligne"
IN_REVIEW_BODY = """\
J'ai pris seul mon rendez-vous à la commune, sur mon téléphone.
Avant, je devais demander à ma voisine.
"""


def demo_stories_load(*, users: dict[str, User]) -> None:
    """Samir tells two stories; staff (admin) published the first one."""
    samir = User.objects.filter(username="samir").first()
    if samir is None:
        return
    admin = users["admin"]
    if not Story.objects.filter(author=samir, title=PUBLISHED_TITLE).exists():
        # Still being prepared on a fresh database (its PDF renders after
        # commit): the story page shows it once issued.
        certificates = Certificate.objects.filter(
            user=samir, status__in=Certificate.ACTIVE
        )
        story = services.story_create(
            actor=samir,
            author=samir,
            title=PUBLISHED_TITLE,
            body=PUBLISHED_BODY,
            kind=Story.Kind.JOB,
            language="fr",
            certificates=list(certificates),
        )
        services.story_submit(story=story, actor=samir)
        services.story_review(
            story=story, reviewer=admin, decision=services.Decision.APPROVE
        )
    if not Story.objects.filter(author=samir, title=IN_REVIEW_TITLE).exists():
        story = services.story_create(
            actor=samir,
            author=samir,
            title=IN_REVIEW_TITLE,
            body=IN_REVIEW_BODY,
            kind=Story.Kind.ONLINE_ALONE,
            language="fr",
        )
        services.story_submit(story=story, actor=samir)
