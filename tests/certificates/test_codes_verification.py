"""Certificate codes: forgiving input, typo detection, one-query verification page."""

import pytest
from django.urls import reverse
from stdnum import luhn

from certificates.codes import code_display, code_generate, code_parse
from members.cards import ALPHABET


def test_codes_generate_valid_and_unique():
    """Generated codes pass their own check and do not repeat."""
    codes = {code_generate() for _ in range(200)}
    assert len(codes) == 200
    assert all(code_parse(code).canonical == code for code in codes)


def test_codes_parse_forgives_case_spaces_and_lookalikes():
    """Lower case, spaces, hyphens, O for 0 and I/L for 1 are read as meant."""
    code = "0123456789AB"
    code += luhn.calc_check_digit(code, alphabet=ALPHABET)
    typed = code_display(code).lower().replace("0", "o").replace("1", "l")
    assert code_parse(" " + typed.replace("-", " - ") + " ").canonical == code


def test_codes_parse_wrong_check_symbol_is_a_typo():
    """One mistyped symbol is reported as a probable typo, not as unknown."""
    code = code_generate()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert code_parse(wrong).problem == "typo"
    assert code_parse("ABC").problem == "format"


@pytest.mark.django_db
def test_views_verify_unknown_code_one_query(client, django_assert_num_queries):
    """A well-formed unknown code costs one query and says so plainly."""
    code = code_display(code_generate())
    with django_assert_num_queries(1):
        response = client.get(reverse("certificates:verify-code", args=[code]))
    assert response.status_code == 404
    assert "Aucun certificat ne porte ce code" in response.content.decode()


@pytest.mark.django_db
def test_views_verify_typo_answered_without_query(client, django_assert_num_queries):
    """A wrong check symbol is answered before any database look-up."""
    code = code_generate()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with django_assert_num_queries(0):
        response = client.get(reverse("certificates:verify"), {"code": wrong})
    assert "faute de frappe" in response.content.decode()
