"""The trivial view both framework-tax apps serve at /bench/."""

from django.http import JsonResponse


def ok(request):
    return JsonResponse({"ok": True})
