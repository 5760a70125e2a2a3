"""What a trainer types in the quiz authoring forms: one question of each kind,
numbered rows, a PNG, the address of a new question."""

import io

from django.urls import reverse
from PIL import Image

COMMON = {"text_markdown": "Une **question** ?", "feedback_markdown": "Parce que."}


def _rows(*rows) -> dict:
    """Numbered row fields from (text, correct, match) tuples."""
    data = {}
    for n, (text, correct, match) in enumerate(rows, start=1):
        data[f"choice_{n}_text"] = text
        if correct:
            data[f"choice_{n}_correct"] = "on"
        if match:
            data[f"choice_{n}_match"] = match
    return data


# What a trainer types for one question of each kind.
POSTS = {
    "single": _rows(("Envoyer", True, ""), ("Supprimer", False, "")),
    "multiple": _rows(("A", True, ""), ("B", True, ""), ("C", False, "")),
    "true_false": {"answer": "false"},
    "short_text": {"accepted_answers": "apprenant\n\nélève\n"},
    "number": {"number_answer": "3,5", "number_tolerance": "0,5"},
    "ordering": _rows(("Un", False, ""), ("Deux", False, ""), ("Trois", False, "")),
    "matching": _rows(("Loupe", False, "Chercher"), ("Corbeille", False, "Jeter")),
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def _new(course, kind: str) -> str:
    return reverse("teach:question-create", args=[course.pk, kind])
