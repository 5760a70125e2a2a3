"""django-allauth adapter: e-mails leave through a Celery task after commit."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from .tasks import send_email_task


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
        }
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
        transaction.on_commit(lambda: send_email_task.delay(**payload))
