"""django-allauth adapter: e-mails go through a Celery task; new secrets void cards."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site

from .services import email_send, login_cards_revoke


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
        email_send(
            subject=message.subject,
            body=message.body,
            to=list(message.to),
            html=html,
            from_email=message.from_email,
        )
