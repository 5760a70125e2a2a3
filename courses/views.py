"""Pages of the courses app: the catalogue and a course's page."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors

PAGE_SIZE = 12


def catalogue(request):
    page = Paginator(selectors.course_catalogue(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/course_catalogue.html", {"page": page})


def course_detail(request, slug: str):
    course = selectors.course_for_visitor(slug)
    return render(request, "courses/course_detail.html", {"course": course})
