"""URL and view of the verification floor: one indexed look-up by unique code."""

from django.db import connection
from django.http import JsonResponse
from django.urls import path

SQL = (
    "SELECT status, holder_name, course_title, hours, issued_on, expires_on, "
    "pdf_sha256 FROM certificates_certificate WHERE code = %s"
)


def lookup(request, code: str):
    with connection.cursor() as cursor:
        cursor.execute(SQL, [code.replace("-", "").upper()])
        row = cursor.fetchone()
    if row is None:
        return JsonResponse({"found": False}, status=404)
    status, holder, course, hours, issued_on, expires_on, sha256 = row
    return JsonResponse(
        {
            "found": True,
            "status": status,
            "holder_name": holder,
            "course_title": course,
            "hours": str(hours),
            "issued_on": str(issued_on),
            "expires_on": str(expires_on) if expires_on else None,
            "pdf_sha256": sha256,
        }
    )


urlpatterns = [path("v/<str:code>", lookup)]
