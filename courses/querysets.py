"""Chainable filters on courses."""

from django.db import models


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def taught_by(self, user):
        return self.filter(trainers=user)
