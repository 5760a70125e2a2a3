"""Belgian company numbers (BCE/KBO): how partners write them, and typing slips."""

import pytest
from django.core.exceptions import ValidationError

from members.models import Organisation
from members.validators import (
    normalise_company_number,
    validate_belgian_company_number,
)

# 0236.363.165: 97 - (02363631 mod 97) = 65, so the check digits are 65.


@pytest.mark.parametrize(
    "written",
    [
        "0236363165",
        "0236.363.165",
        "0236 363 165",
        "BE0236363165",
        "BE 0236.363.165",
        "be0236.363.165",
        "236.363.165",  # the old 9-digit form, before the leading 0
        "0403.019.261",
    ],
)
def test_validators_company_number_valid_forms_accepted(written):
    """The usual ways of writing a valid number are accepted and give 10 digits."""
    validate_belgian_company_number(written)

    normalised = normalise_company_number(written)
    assert len(normalised) == 10
    assert normalised.isdigit()


def test_validators_company_number_normalised_to_ten_digits():
    """Dots, spaces and the BE prefix are dropped when the number is stored."""
    assert normalise_company_number("BE 0236.363.165") == "0236363165"
    assert normalise_company_number("236 363 165") == "0236363165"


@pytest.mark.parametrize("written", ["0236.363.166", "0236.363.156", "BE0236363164"])
def test_validators_company_number_wrong_checksum_refused(written):
    """A number with a slip in a digit is refused: it does not exist."""
    with pytest.raises(ValidationError) as error:
        validate_belgian_company_number(written)

    assert error.value.messages == [
        "Ce numéro d'entreprise n'existe pas : vérifiez les chiffres."
    ]


@pytest.mark.parametrize(
    "written", ["0236.363", "0236.363.1650", "2236363165", "", "BE", "abcdefghij"]
)
def test_validators_company_number_wrong_length_or_form_refused(written):
    """Too few or too many digits, or a first digit other than 0 or 1, is refused."""
    with pytest.raises(ValidationError) as error:
        validate_belgian_company_number(written)

    assert error.value.messages == [
        "Un numéro d'entreprise a 10 chiffres et commence par 0 ou 1."
    ]


@pytest.mark.django_db
def test_validators_company_number_organisation_stores_digits_only():
    """An organisation saved with a dotted number keeps only its 10 digits."""
    organisation = Organisation(
        name="Forem", company_number="0236.363.165", contact_name="Service"
    )

    organisation.full_clean()
    organisation.save()

    assert Organisation.objects.get().company_number == "0236363165"


@pytest.mark.django_db
def test_validators_company_number_organisation_wrong_checksum_refused():
    """An organisation with a non-existent number cannot be saved through validation."""
    organisation = Organisation(
        name="Forem", company_number="0236.363.166", contact_name="Service"
    )

    with pytest.raises(ValidationError) as error:
        organisation.full_clean()

    assert "company_number" in error.value.message_dict
