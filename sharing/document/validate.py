"""Checking a document strictly, each problem named by the path of its field."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from core.markdown import MAX_MARKDOWN_CHARS
from courses.models import Course, Lesson, Licence, Module
from h5p.models import Content
from quizzes.models import Choice, Question, Quiz
from skills.models import ProficiencyBand

from .checker import Check
from .common import (
    AUDIO_NAME,
    COMPETENCE_CODE,
    COVER_NAME,
    FORMAT,
    H5P_FILE,
    IMAGE_NAME,
    LIBRARY_KEY,
    MARKDOWN_IMAGE,
    MAX_ACCEPTED_ANSWER_CHARS,
    MAX_ACCEPTED_ANSWERS,
    MAX_CHOICES,
    MAX_COMPETENCES,
    MAX_IMAGES,
    MAX_LESSONS_PER_MODULE,
    MAX_MODULES,
    MAX_QUESTIONS,
    QUESTION_COMPETENCE_CODE,
    QUESTION_IMAGE_NAME,
    QUESTION_REF,
    VERSION,
    VIDEO_NAME,
)


def _max(model: type[models.Model], name: str) -> int:
    """The length the model allows for a field."""
    return model._meta.get_field(name).max_length


def _alt_text(check: Check, image: Any, alt: Any, path: str, model) -> None:
    """An image's alternative text: within the model's length, and given."""
    limit = _max(model, path.rsplit(".", 1)[-1])
    if check.text(alt, path, limit) and image is not None and not alt.strip():
        check.error(path, _("l'image a besoin de sa description."))


def _markdown(check: Check, value: Any, path: str, images: set[str]) -> None:
    if check.text(value, path, MAX_MARKDOWN_CHARS):
        for name in MARKDOWN_IMAGE.findall(value):
            if name not in images:
                check.error(
                    path,
                    _("l'image « %(name)s » n'est pas dans la liste des images.")
                    % {"name": name},
                )


COURSE_KEYS = (
    "title", "summary", "description_markdown", "language", "level_band",
    "duration_hours", "certificate_validity_months", "cover", "cover_alt",
    "competences", "licence", "organisation", "url", "attribution",
)  # fmt: skip
ATTRIBUTION_KEYS = ("title", "organisation", "licence", "url")


def _check_course(check: Check, data: Any, images: set[str]) -> None:
    path = "course"
    if not check.keys(data, path, COURSE_KEYS):
        return
    check.text(data["title"], f"{path}.title", _max(Course, "title"), blank=False)
    check.text(data["summary"], f"{path}.summary", _max(Course, "summary"), blank=False)
    _markdown(
        check, data["description_markdown"], f"{path}.description_markdown", images
    )
    check.choice(data["language"], f"{path}.language", dict(settings.LANGUAGES))
    check.choice(data["level_band"], f"{path}.level_band", ProficiencyBand.values)
    check.decimal(
        data["duration_hours"], f"{path}.duration_hours", digits=4, places=1,
        positive=True,
    )  # fmt: skip
    check.integer(
        data["certificate_validity_months"],
        f"{path}.certificate_validity_months",
        1,
        600,
        null=True,
    )
    check.name(data["cover"], f"{path}.cover", COVER_NAME)
    _alt_text(check, data["cover"], data["cover_alt"], f"{path}.cover_alt", Course)
    codes = set()
    for index, row in enumerate(
        check.items(data["competences"], f"{path}.competences", MAX_COMPETENCES)
    ):
        where = f"{path}.competences[{index}]"
        if check.keys(row, where, ("code", "level")):
            if isinstance(row["code"], str) and COMPETENCE_CODE.fullmatch(row["code"]):
                if row["code"] in codes:
                    check.error(f"{where}.code", _("compétence en double."))
                codes.add(row["code"])
            else:
                check.error(f"{where}.code", _("ce n'est pas un code DigComp."))
            check.integer(row["level"], f"{where}.level", 1, 8)
    check.choice(data["licence"], f"{path}.licence", ["", *Licence.values])
    check.text(data["organisation"], f"{path}.organisation", 200)
    check.text(data["url"], f"{path}.url", _max(Course, "attribution_url"))
    attribution = data["attribution"]
    if attribution is not None:
        where = f"{path}.attribution"
        if check.keys(attribution, where, ATTRIBUTION_KEYS):
            check.text(attribution["title"], f"{where}.title", 200, blank=False)
            check.text(attribution["organisation"], f"{where}.organisation", 200)
            check.choice(attribution["licence"], f"{where}.licence", Licence.values)
            check.text(
                attribution["url"], f"{where}.url", _max(Course, "attribution_url")
            )


QUESTION_KEYS = (
    "ref", "kind", "text_markdown", "feedback_markdown", "image", "image_alt",
    "accepted_answers", "number_answer", "number_tolerance", "competence_codes",
    "choices",
)  # fmt: skip
CHOICE_KEYS = ("text", "is_correct", "feedback", "match_text")
CHOICE_KINDS = {"single", "multiple", "true_false", "ordering", "matching"}


def _check_choices(check: Check, question: dict, path: str) -> None:
    choices = check.items(question["choices"], f"{path}.choices", MAX_CHOICES)
    for index, choice in enumerate(choices):
        where = f"{path}.choices[{index}]"
        if check.keys(choice, where, CHOICE_KEYS):
            check.text(
                choice["text"], f"{where}.text", _max(Choice, "text"), blank=False
            )
            check.boolean(choice["is_correct"], f"{where}.is_correct")
            check.text(
                choice["feedback"], f"{where}.feedback", _max(Choice, "feedback")
            )
            check.text(
                choice["match_text"], f"{where}.match_text", _max(Choice, "match_text")
            )
    kind = question["kind"]
    if kind not in CHOICE_KINDS:
        if choices:
            check.error(f"{path}.choices", _("ce type de question n'a pas de choix."))
        return
    if len(choices) < 2:
        check.error(f"{path}.choices", _("il faut au moins deux réponses."))
        return
    correct = sum(1 for c in choices if isinstance(c, dict) and c.get("is_correct"))
    if kind in {"single", "true_false"} and correct != 1:
        check.error(f"{path}.choices", _("exactement une bonne réponse est attendue."))
    if kind == "multiple" and correct < 1:
        check.error(f"{path}.choices", _("au moins une bonne réponse est attendue."))
    if kind == "matching" and any(
        isinstance(c, dict) and not c.get("match_text") for c in choices
    ):
        check.error(f"{path}.choices", _("chaque élément a besoin de son associé."))


def _check_question(check: Check, question: Any, path: str, images: set[str]) -> None:
    if not check.keys(question, path, QUESTION_KEYS):
        return
    check.choice(question["kind"], f"{path}.kind", Question.Kind.values)
    _markdown(check, question["text_markdown"], f"{path}.text_markdown", images)
    if (
        isinstance(question["text_markdown"], str)
        and not question["text_markdown"].strip()
    ):
        check.error(f"{path}.text_markdown", _("ce texte ne peut pas être vide."))
    _markdown(check, question["feedback_markdown"], f"{path}.feedback_markdown", images)
    check.name(question["image"], f"{path}.image", QUESTION_IMAGE_NAME)
    _alt_text(
        check, question["image"], question["image_alt"], f"{path}.image_alt", Question
    )
    answers = check.items(
        question["accepted_answers"], f"{path}.accepted_answers", MAX_ACCEPTED_ANSWERS
    )
    for index, answer in enumerate(answers):
        check.text(
            answer, f"{path}.accepted_answers[{index}]", MAX_ACCEPTED_ANSWER_CHARS,
            blank=False,
        )  # fmt: skip
    if question["kind"] == "short_text" and not answers:
        check.error(f"{path}.accepted_answers", _("au moins une réponse est attendue."))
    # An answer may be below zero (a temperature); a tolerance may not.
    check.decimal(
        question["number_answer"], f"{path}.number_answer", digits=18, places=6,
        null=True, signed=True,
    )  # fmt: skip
    check.decimal(
        question["number_tolerance"], f"{path}.number_tolerance", digits=18, places=6
    )
    if question["kind"] == "number" and question["number_answer"] is None:
        check.error(f"{path}.number_answer", _("la bonne réponse manque."))
    for index, code in enumerate(
        check.items(question["competence_codes"], f"{path}.competence_codes", 30)
    ):
        if not isinstance(code, str) or not QUESTION_COMPETENCE_CODE.fullmatch(code):
            check.error(
                f"{path}.competence_codes[{index}]", _("ce n'est pas un code DigComp.")
            )
    _check_choices(check, question, path)


QUIZ_KEYS = (
    "title", "selection", "draw_count", "shuffle_choices", "display", "pass_mark",
    "max_attempts", "time_limit_minutes", "review_policy", "questions",
)  # fmt: skip


def _check_quiz(check: Check, quiz: Any, path: str, bank: set[str]) -> None:
    if not check.keys(quiz, path, QUIZ_KEYS):
        return
    check.text(quiz["title"], f"{path}.title", _max(Quiz, "title"), blank=False)
    check.choice(quiz["selection"], f"{path}.selection", Quiz.Selection.values)
    check.integer(quiz["draw_count"], f"{path}.draw_count", 1, 1000, null=True)
    check.boolean(quiz["shuffle_choices"], f"{path}.shuffle_choices")
    check.choice(quiz["display"], f"{path}.display", Quiz.Display.values)
    check.integer(quiz["pass_mark"], f"{path}.pass_mark", 0, 100)
    check.integer(quiz["max_attempts"], f"{path}.max_attempts", 1, 1000, null=True)
    check.integer(
        quiz["time_limit_minutes"], f"{path}.time_limit_minutes", 1, 1440, null=True
    )
    check.choice(
        quiz["review_policy"], f"{path}.review_policy", Quiz.ReviewPolicy.values
    )
    refs = check.items(quiz["questions"], f"{path}.questions", MAX_QUESTIONS)
    seen = set()
    for index, ref in enumerate(refs):
        where = f"{path}.questions[{index}]"
        if not isinstance(ref, str) or ref not in bank:
            check.error(
                where,
                _("la question « %(ref)s » n'est pas dans la banque de questions.")
                % {"ref": str(ref)[:20]},
            )
        elif ref in seen:
            check.error(where, _("question en double."))
        seen.add(ref)
    if quiz["selection"] == Quiz.Selection.RANDOM:
        draw = quiz["draw_count"]
        if draw is None:
            check.error(
                f"{path}.draw_count", _("le nombre de questions tirées manque.")
            )
        elif isinstance(draw, int) and draw > len(refs):
            check.error(f"{path}.draw_count", _("il n'y a pas assez de questions."))


H5P_KEYS = ("title", "main_library", "libraries", "h5p_json", "content_json", "files")


def _check_h5p(check: Check, h5p: Any, path: str) -> None:
    if not check.keys(h5p, path, H5P_KEYS):
        return
    check.text(h5p["title"], f"{path}.title", _max(Content, "title"), blank=False)
    keys = set()
    for index, key in enumerate(
        check.items(h5p["libraries"], f"{path}.libraries", 200)
    ):
        if not isinstance(key, str) or not LIBRARY_KEY.fullmatch(key):
            check.error(
                f"{path}.libraries[{index}]", _("nom de bibliothèque non admis.")
            )
        else:
            keys.add(key)
    main = h5p["main_library"]
    if not isinstance(main, str) or not LIBRARY_KEY.fullmatch(main):
        check.error(f"{path}.main_library", _("nom de bibliothèque non admis."))
    elif main not in keys:
        check.error(f"{path}.main_library", _("absente de la liste des bibliothèques."))
    check.json(h5p["h5p_json"], f"{path}.h5p_json")
    check.json(h5p["content_json"], f"{path}.content_json")
    seen = set()
    limit = settings.H5P_MAX_ENTRIES
    for index, name in enumerate(check.items(h5p["files"], f"{path}.files", limit)):
        where = f"{path}.files[{index}]"
        if (
            not isinstance(name, str)
            or not H5P_FILE.fullmatch(name)
            or ".." in name
            or name == "content/content.json"
        ):
            check.error(where, _("nom de fichier non admis."))
        elif name in seen:
            check.error(where, _("fichier en double."))
        seen.add(name)


LESSON_KEYS = ("kind", "title", "minutes", "required")
TEXT_KEYS = (
    "body_markdown", "audio", "audio_transcript", "video", "video_transcript"
)  # fmt: skip


def _check_lesson(
    check: Check, lesson: Any, path: str, bank: set[str], images: set[str]
) -> None:
    if not isinstance(lesson, dict):
        check.error(path, _("un objet {…} est attendu."))
        return
    kind = lesson.get("kind")
    extra = {"text": TEXT_KEYS, "quiz": ("quiz",), "h5p": ("h5p",)}.get(kind)
    if extra is None:
        check.error(f"{path}.kind", _("valeur non admise."))
        return
    if not check.keys(lesson, path, (*LESSON_KEYS, *extra)):
        return
    check.text(lesson["title"], f"{path}.title", _max(Lesson, "title"), blank=False)
    check.integer(lesson["minutes"], f"{path}.minutes", 1, 240)
    check.boolean(lesson["required"], f"{path}.required")
    if kind == "quiz":
        _check_quiz(check, lesson["quiz"], f"{path}.quiz", bank)
    elif kind == "h5p":
        _check_h5p(check, lesson["h5p"], f"{path}.h5p")
    else:
        _markdown(check, lesson["body_markdown"], f"{path}.body_markdown", images)
        for media, pattern in (("audio", AUDIO_NAME), ("video", VIDEO_NAME)):
            check.name(lesson[media], f"{path}.{media}", pattern)
            transcript = lesson[f"{media}_transcript"]
            where = f"{path}.{media}_transcript"
            if (
                check.text(transcript, where, MAX_MARKDOWN_CHARS)
                and lesson[media] is not None
                and not transcript.strip()
            ):
                check.error(where, _("la transcription est nécessaire."))


def document_validate(data: Any) -> dict[str, Any]:
    """The document when its structure is right; ValidationError listing every
    problem, in French, with the path of each field, otherwise."""
    check = Check()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValidationError(
            _("Ce fichier n'est pas un module de la plateforme."), code="format"
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ValidationError(
            _("La version de ce fichier n'est pas lisible."), code="version"
        )
    if version > VERSION:
        raise ValidationError(
            _(
                "Cette archive vient d'une version plus récente de la plateforme. "
                "Mettez la plateforme à jour, ou exportez le module à nouveau depuis "
                "une version égale ou plus ancienne."
            ),
            code="newer_version",
        )
    if check.keys(
        data,
        "document",
        ("format", "version", "course", "images", "modules", "questions"),
    ):
        images = set()
        for index, name in enumerate(check.items(data["images"], "images", MAX_IMAGES)):
            if check.name(name, f"images[{index}]", IMAGE_NAME) and name is not None:
                images.add(name)
        _check_course(check, data["course"], images)
        bank = set()
        for index, question in enumerate(
            check.items(data["questions"], "questions", MAX_QUESTIONS)
        ):
            where = f"questions[{index}]"
            ref = question.get("ref") if isinstance(question, dict) else None
            if not isinstance(ref, str) or not QUESTION_REF.fullmatch(ref):
                check.error(f"{where}.ref", _("référence non admise."))
            elif ref in bank:
                check.error(f"{where}.ref", _("référence en double."))
            else:
                bank.add(ref)
            _check_question(check, question, where, images)
        for m, module in enumerate(
            check.items(data["modules"], "modules", MAX_MODULES)
        ):
            where = f"modules[{m}]"
            if not check.keys(module, where, ("title", "unlock_in_order", "lessons")):
                continue
            check.text(
                module["title"], f"{where}.title", _max(Module, "title"), blank=False
            )
            check.boolean(module["unlock_in_order"], f"{where}.unlock_in_order")
            lessons = check.items(
                module["lessons"], f"{where}.lessons", MAX_LESSONS_PER_MODULE
            )
            for index, lesson in enumerate(lessons):
                _check_lesson(check, lesson, f"{where}.lessons[{index}]", bank, images)
    if check.messages:
        raise ValidationError(check.messages[:50], code="invalid_document")
    return data
