"""member_age_band_set: the member's own, optional answer about their age."""

import pytest
from django.core.exceptions import ValidationError

from members.models import User
from members.services import member_age_band_set
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


def test_services_member_age_band_given_then_taken_back():
    member = LearnerFactory()

    member_age_band_set(user=member, age_band="65_plus")
    assert User.objects.get(pk=member.pk).get_age_band_display() == "65 ans et plus"

    member_age_band_set(user=member, age_band="")
    assert User.objects.get(pk=member.pk).age_band == ""


def test_services_member_age_band_unknown_is_refused():
    member = LearnerFactory(age_band="18_25")

    with pytest.raises(ValidationError, match="tranche d'âge de la liste"):
        member_age_band_set(user=member, age_band="42")

    assert User.objects.get(pk=member.pk).age_band == "18_25"
