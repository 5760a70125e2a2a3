"""URLs of the skills app: the portfolio, its editing, the partners' list."""

from django.urls import path

from . import views

app_name = "skills"

urlpatterns = [
    path("m/<slug:slug>", views.portfolio_detail, name="portfolio-detail"),
    path("m/<slug:slug>/passeport.pdf", views.portfolio_pdf, name="portfolio-pdf"),
    path("m/<slug:slug>/photo", views.portfolio_photo, name="portfolio-photo"),
    path("mon-portfolio/", views.portfolio_edit, name="portfolio-edit"),
    path("mon-portfolio/export.json", views.portfolio_export, name="portfolio-export"),
    path(
        "teach/learners/<int:pk>/attest/",
        views.skill_attest,
        name="skill-attest",
    ),
    path("partners/members/", views.partner_members, name="partner-members"),
]
