"""WSGI entry point of the benchmark apps; DJANGO_SETTINGS_MODULE picks the app."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
