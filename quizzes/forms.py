"""Forms that turn a learner's answer to one quiz question into the engine's payload.

They only know what the learner sees (display indexes), never the answer key, and
nothing of courses: they belong to the engine, for any page that hosts a quiz.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.languages import isolated, language_attrs
from quizzes.models import Question
from quizzes.selectors import QuestionPage

Kind = Question.Kind


class AnswerForm(forms.Form):
    """One question's answer field(s), built for its kind; `payload()` gives the
    engine's shape, or None when the learner left it blank. `language` is the
    one the question is written in (the host knows it): its choices and items
    keep that language's direction inside any interface."""

    def __init__(self, page: QuestionPage, *args, language: str = "", **kwargs):
        self.page = page
        super().__init__(*args, initial=_initial(page), **kwargs)
        described = {"aria-describedby": f"question-text-{page.position}"}
        # The labels stay in the interface; each choice is content, isolated.
        choices = [(index, isolated(text, language)) for index, text in page.choices]
        if page.kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            self.fields["choice"] = forms.TypedChoiceField(
                label=_("Votre réponse"),
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect(attrs=described),
            )
        elif page.kind == Kind.MULTIPLE:
            self.fields["choices"] = forms.TypedMultipleChoiceField(
                label=_("Votre réponse (une ou plusieurs)"),
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs=described),
            )
        elif page.kind == Kind.SHORT_TEXT:
            self.fields["text"] = forms.CharField(
                label=_("Votre réponse"),
                max_length=200,
                required=False,
                widget=forms.TextInput(attrs={**described, "autocomplete": "off"}),
            )
        elif page.kind == Kind.NUMBER:
            self.fields["number"] = forms.CharField(
                label=_("Votre réponse (un nombre)"),
                max_length=20,
                required=False,
                widget=forms.TextInput(
                    attrs={**described, "inputmode": "decimal", "autocomplete": "off"}
                ),
            )
        elif page.kind == Kind.ORDERING:
            self.fields["order"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
        elif page.kind == Kind.MATCHING:
            for index, item in choices:
                self.fields[f"match_{index}"] = forms.TypedChoiceField(
                    label=item,
                    choices=[("", _("— Choisir —")), *page.options],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    # An <option> holds no markup: the list carries the language.
                    widget=forms.Select(attrs=language_attrs(language or "")),
                )

    def clean_order(self) -> list[int]:
        raw = self.cleaned_data.get("order") or ""
        try:
            order = [int(part) for part in raw.split(",") if part != ""]
        except ValueError:
            order = []
        if sorted(order) != list(range(len(self.page.choices))):
            # A tampered or empty list: start again from the order shown.
            return self.current_order()
        return order

    def current_order(self) -> list[int]:
        """The items' order as the learner last left it (the shown order at first)."""
        response = self.page.response or {}
        return list(response.get("order") or range(len(self.page.choices)))

    def ordered_items(self, moved: str = "") -> list[dict]:
        """Ordering questions: the items in the learner's current order, each with
        its Monter/Descendre button values; `moved` (the last button pressed)
        gets the focus back, so keyboard users keep their place."""
        order = (
            self.cleaned_data["order"] if self.is_bound and self.is_valid() else None
        )
        texts = dict(self.page.choices)
        items = []
        for index in order or self.current_order():
            up = f"{self.page.position}:{index}:up"
            down = f"{self.page.position}:{index}:down"
            items.append(
                {
                    "index": index,
                    "text": texts[index],
                    "up": up,
                    "down": down,
                    "focus_up": moved == up,
                    "focus_down": moved == down,
                }
            )
        return items

    def matching_fields(self):
        return [self[f"match_{index}"] for index, _item in self.page.choices]

    def payload(self) -> dict | None:
        """The answer in the engine's shape; None when nothing was answered."""
        data = self.cleaned_data
        kind = self.page.kind
        if kind in (Kind.SINGLE, Kind.TRUE_FALSE):
            return (
                None if data.get("choice") in (None, "") else {"choice": data["choice"]}
            )
        if kind == Kind.MULTIPLE:
            return {"choices": data["choices"]} if data.get("choices") else None
        if kind == Kind.SHORT_TEXT:
            return {"text": data["text"]} if data.get("text", "").strip() else None
        if kind == Kind.NUMBER:
            # As typed: the engine reads digits and separators of every script.
            number = data.get("number", "").strip()
            return {"number": number} if number else None
        if kind == Kind.ORDERING:
            return {"order": data["order"]}
        matches = [data.get(f"match_{index}") for index, _item in self.page.choices]
        return {"matches": matches} if any(m is not None for m in matches) else None


def _initial(page: QuestionPage) -> dict:
    response = page.response or {}
    if page.kind == Kind.ORDERING:
        order = response.get("order") or range(len(page.choices))
        return {"order": ",".join(str(i) for i in order)}
    if page.kind == Kind.MATCHING:
        matches = response.get("matches") or []
        return {
            f"match_{index}": matches[index]
            for index, _item in page.choices
            if index < len(matches) and matches[index] is not None
        }
    if page.kind == Kind.NUMBER and "number" in response:
        return {"number": str(response["number"])}
    return dict(response)


def move_item(order: list[int], index: int, direction: str) -> list[int]:
    """The order with one item moved a place up or down (unchanged at the ends)."""
    order = list(order)
    if index not in order:
        return order
    at = order.index(index)
    other = at - 1 if direction == "up" else at + 1
    if 0 <= other < len(order):
        order[at], order[other] = order[other], order[at]
    return order
