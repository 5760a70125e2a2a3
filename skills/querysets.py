"""Chainable filters on the parts of a skills framework (areas, competences, levels)."""

from django.db import models

# The framework courses are tagged with until a newer one is adopted.
DEFAULT_FRAMEWORK_NAME = "DigComp"
DEFAULT_FRAMEWORK_VERSION = "2.2"


class FrameworkPartQuerySet(models.QuerySet):
    def in_framework(self, framework=None):
        """Rows of the given framework; without one, of DigComp 2.2."""
        if framework is not None:
            return self.filter(framework=framework)
        return self.filter(
            framework__name=DEFAULT_FRAMEWORK_NAME,
            framework__version=DEFAULT_FRAMEWORK_VERSION,
        )
