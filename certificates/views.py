"""Public verification of certificates: a form at /v/ and one page per code."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import selectors
from .codes import code_display
from .forms import VerifyForm


@require_GET
def verify(request):
    """The form; a valid code redirects to its stable page, /v/<code>."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect(
            "certificates:verify-code", code_display(form.cleaned_data["code"])
        )
    return render(request, "certificates/verify_form.html", {"form": form})


@require_GET
def verify_code(request, code: str):
    form = VerifyForm({"code": code})
    if not form.is_valid():
        return render(
            request, "certificates/verify_form.html", {"form": form}, status=404
        )
    certificate = selectors.certificate_for_code(form.cleaned_data["code"])
    response = render(
        request,
        "certificates/certificate_verify.html",
        {"certificate": certificate, "code": code_display(form.cleaned_data["code"])},
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def certificate_list(request):
    """The member's certificates: status, the PDF, the link to give an employer."""
    certificates = selectors.certificates_of(user=request.user)
    return render(
        request, "certificates/certificate_list.html", {"certificates": certificates}
    )


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
