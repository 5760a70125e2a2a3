"""Admin of certificates: read-only, since a certificate's snapshot never changes;
revoked with a reason, never deleted (a deleted code would answer "unknown")."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Certificate, SigningKey


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Raison de la révocation (interne, jamais publiée)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.REASON_MAX_LENGTH,
    )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = (
        "display_code",
        "holder_name",
        "course_title",
        "status",
        "issued_on",
    )
    list_filter = ("status",)
    search_fields = ("code", "holder_name", "course_title")
    exclude = ("pdf",)
    readonly_fields = ("pdf_link",)
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Certificates are revoked, never deleted: a partner holding a deleted
        # certificate's code would read "unknown", as for a forgery.
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="certificates_certificate_pdf",
            ),
            *super().get_urls(),
        ]

    def pdf_view(self, request, pk: int):
        """The stored PDF, for staff: the file field's own URL points into the
        private storage, which serves nothing (the 404 the admin linked to)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        certificate = get_object_or_404(Certificate, pk=pk)
        if not certificate.pdf:
            raise Http404
        return FileResponse(
            certificate.pdf.open("rb"),
            as_attachment=True,
            filename=f"certificat-{certificate.display_code}.pdf",
            content_type="application/pdf",
        )

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: Certificate) -> str:
        if not obj.pdf:
            return _("pas encore de PDF")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:certificates_certificate_pdf", args=[obj.pk]),
            _("Télécharger le PDF"),
        )

    @admin.action(description=_("Révoquer les certificats choisis"))
    def revoke(self, request, queryset):
        """Asks for the reason, then revokes each through the revocation service
        (date public, reason internal, skills withdrawn)."""
        form = RevokeForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Révoquer des certificats"),
                "form": form,
                "certificates": queryset,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(
                request, "admin/certificates/certificate/revoke.html", context
            )
        revoked = 0
        for certificate in queryset:
            try:
                services.certificate_revoke(
                    certificate=certificate,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{certificate.display_code} : {' '.join(error.messages)}",
                    messages.WARNING,
                )
            else:
                revoked += 1
        if revoked:
            self.message_user(
                request,
                ngettext(
                    "%(count)s certificat révoqué.",
                    "%(count)s certificats révoqués.",
                    revoked,
                )
                % {"count": revoked},
                messages.SUCCESS,
            )
        return None


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin):
    """Read-only: keys change through `manage.py credentials_rotate_key`."""

    list_display = ("fragment", "state", "created_at", "state_changed_at")
    readonly_fields = (
        "fragment",
        "public_key_multibase",
        "state",
        "created_at",
        "state_changed_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
