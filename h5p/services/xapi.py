"""xAPI intake and saved state: one statement at a time from the logged-in
learner's browser, checked strictly (the actor is the user, the object this
content, verbs on an allow-list, scores within bounds); a finishing statement
ends the attempt and keeps the best score."""

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Attempt, Content, SavedState, Statement
from ..selectors import content_iri
from ..signals import attempt_finished

XAPI_VERBS_PREFIX = "http://adlnet.gov/expapi/verbs/"
XAPI_VERBS = frozenset(
    {
        "attempted",
        "interacted",
        "answered",
        "completed",
        "progressed",
        "passed",
        "failed",
        "scored",
    }
)
FINISHING_VERBS = frozenset({"answered", "completed"})
SUB_CONTENT_ID = re.compile(r"[\w\-]{1,64}")
SCALED_TOLERANCE = Decimal("0.01")
SCORE_LIMIT = Decimal(10) ** 7  # beyond the Attempt columns; no activity scores that


def _xapi_error(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _parse_statement(statement: Mapping[str, Any] | str | bytes) -> dict[str, Any]:
    """The statement as a dict, within H5P_MAX_STATEMENT_BYTES and strict JSON."""
    raw = statement
    if isinstance(raw, Mapping):
        try:
            raw = json.dumps(raw, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise _xapi_error(_("Déclaration xAPI illisible."), "bad_json") from error
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if len(raw) > settings.H5P_MAX_STATEMENT_BYTES:
        raise _xapi_error(_("Déclaration xAPI trop longue."), "statement_too_big")
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise _xapi_error(_("Déclaration xAPI illisible."), "bad_json") from error
    if not isinstance(data, dict):
        raise _xapi_error(_("Déclaration xAPI illisible."), "bad_json")
    return data


def _refuse_constant(name: str) -> None:
    raise ValueError(name)


def _verb(data: Mapping[str, Any]) -> str:
    verb = data.get("verb")
    verb_id = verb.get("id") if isinstance(verb, dict) else None
    if not isinstance(verb_id, str) or not verb_id.startswith(XAPI_VERBS_PREFIX):
        raise _xapi_error(_("Verbe xAPI non admis."), "bad_verb")
    name = verb_id.removeprefix(XAPI_VERBS_PREFIX)
    if name not in XAPI_VERBS:
        raise _xapi_error(_("Verbe xAPI non admis."), "bad_verb")
    return name


def _is_root(data: Mapping[str, Any], content: Content) -> bool:
    """True for the content itself, False for one of its sub-contents."""
    obj = data.get("object")
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(object_id, str):
        raise _xapi_error(_("Objet xAPI manquant."), "bad_object")
    base, sep, query = object_id.partition("?")
    if base != content_iri(content):
        raise _xapi_error(
            _("Cette déclaration concerne une autre activité."), "bad_object"
        )
    if not sep:
        return True
    key, _eq, value = query.partition("=")
    if key != "subContentId" or not SUB_CONTENT_ID.fullmatch(value):
        raise _xapi_error(_("Objet xAPI non admis."), "bad_object")
    return False


def _number(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(value)
    number = Decimal(str(value))
    if not number.is_finite() or abs(number) >= SCORE_LIMIT:
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class _Score:
    raw: Decimal
    max: Decimal
    scaled: Decimal


def _score(data: Mapping[str, Any]) -> _Score | None:
    """result.score, checked: 0 <= raw <= max, max > 0, scaled = raw / max."""
    result = data.get("result")
    if result is None:
        return None
    score = result.get("score") if isinstance(result, dict) else None
    if score is None:
        return None
    bad = _xapi_error(_("Score xAPI incohérent."), "bad_score")
    if not isinstance(score, dict):
        raise bad
    try:
        raw, top = _number(score.get("raw")), _number(score.get("max"))
        low = _number(score.get("min", 0))
        scaled = _number(score["scaled"]) if "scaled" in score else None
    except (ValueError, KeyError) as error:
        raise bad from error
    if low != 0 or top <= 0 or not 0 <= raw <= top:
        raise bad
    expected = (raw / top).quantize(Decimal("0.0001"))
    if scaled is not None and abs(scaled - expected) > SCALED_TOLERANCE:
        raise bad
    return _Score(raw=raw.quantize(Decimal("0.0001")), max=top, scaled=expected)


def _actor(user) -> dict[str, Any]:
    """The logged-in user, whatever actor the statement claimed."""
    return {
        "objectType": "Agent",
        "account": {"homePage": settings.SITE_URL, "name": str(user.pk)},
    }


@transaction.atomic
def statement_record(
    *, user, content: Content, statement: Mapping[str, Any] | str | bytes
) -> Statement:
    """Stores one xAPI statement with the logged-in user as actor; a root
    `answered` or `completed` finishes the learner's attempt with its score
    (self-reported: it counts for progress, never for a certificate)."""
    data = _parse_statement(statement)
    verb = _verb(data)
    root = _is_root(data, content)
    score = _score(data)
    try:
        statement_id = uuid.UUID(str(data.get("id") or uuid.uuid4()))
    except ValueError as error:
        raise _xapi_error(
            _("Identifiant de déclaration invalide."), "bad_id"
        ) from error
    existing = Statement.objects.filter(statement_id=statement_id).first()
    if existing is not None:
        if existing.user_id == user.pk and existing.content_id == content.pk:
            return existing  # the browser sent it twice
        raise _xapi_error(_("Identifiant de déclaration déjà utilisé."), "duplicate_id")
    data["id"] = str(statement_id)
    data["actor"] = _actor(user)
    recorded = Statement.objects.create(
        user=user, content=content, statement_id=statement_id, verb=verb, raw=data
    )
    if root:
        _attempt_update(user=user, content=content, verb=verb, score=score, data=data)
    return recorded


def _attempt_update(
    *, user, content: Content, verb: str, score: _Score | None, data: dict[str, Any]
) -> None:
    attempt = (
        Attempt.objects.select_for_update()
        .filter(user=user, content=content, completed=False)
        .first()
    )
    if attempt is None:
        attempt = Attempt.objects.create(user=user, content=content)
    if verb not in FINISHING_VERBS:
        return
    result = data.get("result") if isinstance(data.get("result"), dict) else {}
    success = result.get("success")
    attempt.success = success if isinstance(success, bool) else None
    if score is not None:
        attempt.raw, attempt.max, attempt.scaled = score.raw, score.max, score.scaled
    attempt.completed = True
    attempt.finished_at = max(timezone.now(), attempt.started_at)
    attempt.save()
    transaction.on_commit(
        lambda: attempt_finished.send(sender=Attempt, attempt=attempt)
    )


@transaction.atomic
def state_save(*, user, content: Content, data: str) -> SavedState | None:
    """Keeps where the learner is in the activity (JSON, size-capped); an empty
    state forgets it."""
    if not data:
        SavedState.objects.filter(user=user, content=content).delete()
        return None
    if len(data.encode("utf-8")) > settings.H5P_MAX_STATE_BYTES:
        raise ValidationError(
            _("L'état de l'activité est trop lourd pour être enregistré."),
            code="state_too_big",
        )
    try:
        json.loads(data, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ValidationError(
            _("L'état de l'activité est illisible."), code="bad_state"
        ) from error
    state, _created = SavedState.objects.update_or_create(
        user=user, content=content, defaults={"data": data}
    )
    return state
