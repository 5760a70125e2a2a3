"""The Celery application; tasks run in-process when no broker is configured."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")

app = Celery("lms")
# The default for every thread, not only this one: shared tasks sent from another
# thread (a threaded web server, a thread pool) would otherwise use a blank app
# that publishes to amqp://localhost.
app.set_default()
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
