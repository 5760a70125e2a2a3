"""Forms of sharing: the licence a trainer shares a course under."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Licence

# Each licence in plain words (FALC): what others may do with the course.
LICENCE_HELP = {
    Licence.CC_BY_SA: _(
        "Tout le monde peut utiliser, copier et modifier le module, même pour "
        "gagner de l'argent. Il faut citer votre organisation, et partager les "
        "versions modifiées avec la même licence. C'est le choix conseillé."
    ),
    Licence.CC_BY: _(
        "Tout le monde peut utiliser, copier et modifier le module, même pour "
        "gagner de l'argent. Il faut seulement citer votre organisation."
    ),
    Licence.CC_BY_NC_SA: _(
        "Tout le monde peut utiliser, copier et modifier le module, mais pas pour "
        "gagner de l'argent. Il faut citer votre organisation, et partager les "
        "versions modifiées avec la même licence."
    ),
}


class ShareForm(forms.Form):
    """The licence, CC BY-SA 4.0 unless the trainer chooses another."""

    licence = forms.ChoiceField(
        label=_("Sous quelle licence partager ce module ?"),
        choices=Licence.choices,
        initial=Licence.CC_BY_SA,
        widget=forms.RadioSelect,
    )
