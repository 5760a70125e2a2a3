"""django-allauth adapter: e-mails go through a Celery task; new secrets void cards."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from kombu.exceptions import OperationalError

from .services import login_cards_revoke
from .tasks import send_email_task

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def set_password(self, user, password: str) -> None:
        """Password change, set or reset: cards printed earlier stop working too."""
        super().set_password(user, password)
        login_cards_revoke(user=user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        site = get_current_site(request)
        site.name = settings.SITE_NAME  # not the bare host name
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                body
                for body, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            None,
        )
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "html": html,
        }
        # A rolled-back sign-up sends nothing; a slow mail server never holds a request.
        transaction.on_commit(lambda: _queue_email(payload))


def _queue_email(payload: dict) -> None:
    """Queues the e-mail; with the broker down, sends it now rather than lose it."""
    try:
        send_email_task.delay(**payload)
    except OperationalError:
        logger.warning("broker unavailable: sending an account e-mail in-process")
        send_email_task.apply(kwargs=payload)
