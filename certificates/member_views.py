"""The member's own certificates: the list with a share panel, the PDF, the
switch for public verification, and the private "what happened since?"."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.qr import qr_data_uri
from courses.models import Course

from . import selectors, services
from .forms import CertificateOutcomeForm
from .models import Certificate, CertificateOutcome, Credential

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def verification_url(certificate: Certificate) -> str:
    """The short public link printed in the QR code: SITE_URL/v/<code>."""
    return f"{settings.SITE_URL}{certificate.get_absolute_url()}"


def linkedin_add_url(certificate: Certificate, verify_url: str) -> str:
    """LinkedIn's add-certification link: a plain link, nothing loaded from there."""
    query = urlencode(
        {
            "startTask": "CERTIFICATION_NAME",
            "name": certificate.course_title,
            "organizationName": certificate.issuer_name,
            "issueYear": certificate.issued_on.year,
            "issueMonth": certificate.issued_on.month,
            "certUrl": verify_url,
            "certId": certificate.display_code,
        }
    )
    return f"{LINKEDIN_ADD_URL}?{query}"


def _share(certificate: Certificate) -> dict | None:
    """What the share panel needs; only a valid, publicly verifiable certificate
    is worth sharing."""
    if certificate.public_status != Certificate.PublicStatus.VALID:
        return None
    url = verification_url(certificate)
    share = {
        "url": url,
        "qr": qr_data_uri(url),
        "linkedin": linkedin_add_url(certificate, url),
    }
    if getattr(certificate, "has_credential", False):
        badge = settings.SITE_URL + reverse(
            "api-certificate-credential", args=[certificate.display_code]
        )
        share["badge_url"] = badge
        share["badge_qr"] = qr_data_uri(badge)
    return share


VERIFICATIONS_PAGE_SIZE = 20


def _verifications(request):
    """One page of the partner checks the holder may see, grouped by day."""
    grouped = selectors.verifications_seen_grouped(user=request.user)
    return Paginator(grouped, VERIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("checks")
    )


def _outcome_form(certificate: Certificate, user, data=None) -> CertificateOutcomeForm:
    """The question of one card, filled in with the holder's last answer; ids
    carry the certificate, as a page shows several cards."""
    answer = getattr(certificate, "outcome_answer", None)
    initial = {"age_band": user.age_band}
    if answer is not None and not answer.declined:
        initial["outcomes"] = answer.outcomes
    return CertificateOutcomeForm(
        data, initial=initial, auto_id=f"outcome-{certificate.pk}-%s"
    )


def _answer_of(certificate: Certificate) -> CertificateOutcome | None:
    try:
        return certificate.outcome
    except CertificateOutcome.DoesNotExist:
        return None


def _list_page(request, *, bound: tuple[int, CertificateOutcomeForm] | None = None):
    """The list; `bound` is the card whose answer was refused, shown with its
    errors and what the member ticked."""
    certificates = list(
        selectors.certificates_of(user=request.user)
        .select_related("superseded_by", "outcome")
        .annotate(
            has_credential=Exists(Credential.objects.filter(certificate=OuterRef("pk")))
        )
    )
    for certificate in certificates:
        certificate.share = _share(certificate)
        certificate.outcome_answer = _answer_of(certificate)
        if bound is not None and bound[0] == certificate.pk:
            certificate.outcome_form = bound[1]
        elif certificate.status == Certificate.Status.ISSUED:
            certificate.outcome_form = _outcome_form(certificate, request.user)
    context = {
        "certificates": certificates,
        "verifications": _verifications(request),
    }
    status = 400 if bound is not None else 200
    return render(request, "certificates/certificate_list.html", context, status=status)


@login_required
def certificate_list(request):
    """The member's certificates: status in words, the PDF, the link to share."""
    return _list_page(request)


@login_required
def certificate_pdf(request, code: str):
    """The holder downloads the original PDF of their certificate."""
    certificate = selectors.certificate_of_holder(user=request.user, code=code)
    if not certificate.pdf:
        raise Http404
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"certificat-{certificate.display_code}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_POST
def certificate_visibility(request, code: str):
    """The holder switches public verification on or off; anyone else gets a 404."""
    certificate = selectors.certificate_of_holder(user=request.user, code=code)
    public = request.POST.get("public") == "1"
    services.certificate_visibility_set(
        certificate=certificate, user=request.user, public=public
    )
    if public:
        text = _("Vérification publique activée : le lien et le QR code marchent.")
    else:
        text = _(
            "Vérification publique désactivée : personne ne peut vérifier ce "
            "certificat avec le lien ou le QR code."
        )
    messages.success(request, text)
    return redirect(f"{reverse('certificates:mine')}#certificate-{certificate.pk}")


@login_required
@require_POST
def certificate_outcome(request, code: str):
    """The holder answers "what happened since?" for one of their certificates
    (anyone else's is a 404); a refused answer comes back with its reason."""
    certificate = selectors.certificate_of_holder(user=request.user, code=code)
    form = CertificateOutcomeForm(request.POST, auto_id=f"outcome-{certificate.pk}-%s")
    if form.is_valid():
        try:
            services.certificate_outcome_set(
                certificate=certificate,
                user=request.user,
                outcomes=form.cleaned_data["outcomes"],
                declined=form.declined,
                age_band=form.cleaned_data["age_band"],
            )
        except ValidationError as error:
            form.add_error(None, error)
    if not form.is_valid():
        return _list_page(request, bound=(certificate.pk, form))
    if form.declined:
        text = _("C'est noté : vous préférez ne pas répondre. Merci.")
    else:
        text = _(
            "Merci, votre réponse est enregistrée. Vous pouvez la changer quand "
            "vous voulez."
        )
    messages.success(request, text)
    return redirect(f"{reverse('certificates:mine')}#certificate-{certificate.pk}")


@login_required
def course_news(request, slug: str):
    """The certificate block of a course page, asked for again while the
    certificate is in preparation (a fragment: no layout)."""
    course = get_object_or_404(Course, slug=slug)
    news = selectors.course_certificate(user=request.user, course=course)
    context = {"news": news, "named": request.GET.get("named") == "1"}
    return render(request, "certificates/_course_certificate.html", context)
