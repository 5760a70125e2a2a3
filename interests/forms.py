"""The member's decision on an interest: share the portfolio, or not."""

from django import forms


class DecisionForm(forms.Form):
    """Two submit buttons carry share=1 or share=0; anything else is invalid."""

    share = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
