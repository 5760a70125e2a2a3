"""Stories built for tests: drafts through the model, published ones dated."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.markdown import render_markdown
from stories.models import Story
from tests.factories import LearnerFactory

# The first bytes of a real MP3: enough for the content check.
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 64


def png_upload(name: str = "moi.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


def mp3_upload(name: str = "voix.mp3") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MP3, "audio/mpeg")


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story

    author = factory.SubFactory(LearnerFactory)
    title = factory.Sequence(lambda n: f"Ma réussite {n}")
    body = "J'ai trouvé un **emploi**."
    body_html = factory.LazyAttribute(lambda story: render_markdown(story.body))
    kind = Story.Kind.JOB
    language = "fr"
    status = Story.Status.DRAFT


class PublishedStoryFactory(StoryFactory):
    status = Story.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
