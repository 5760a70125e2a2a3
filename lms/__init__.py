"""The Sirius Hub project: settings, URLs, Celery and checks that span the apps."""

from .celery import app as celery_app

__all__ = ("celery_app",)
