"""Fixtures for the interests tests: a partner, and a member they may see."""

import pytest

from tests.factories import LearnerFactory
from tests.interests.factories import forem_partner, portfolio


@pytest.fixture
def paula(db):
    return forem_partner()


@pytest.fixture
def lea(db):
    return LearnerFactory(
        username="lea", first_name="Léa", last_name="Dubois", email="lea@example.org"
    )


@pytest.fixture
def lea_portfolio(lea, paula):
    """Léa's portfolio, shared with paula's organisation."""
    return portfolio(lea, "shared", shared_with=[paula.organisation])
