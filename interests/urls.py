"""URLs of the interests app: the button's target, the member's and partner's pages."""

from django.urls import path

from . import views

app_name = "interests"

urlpatterns = [
    path(
        "m/<slug:slug>/interet/",
        views.interest_express_portfolio,
        name="express-portfolio",
    ),
    path(
        "reussites/<slug:slug>/interet/",
        views.interest_express_story,
        name="express-story",
    ),
    path("me/interets/", views.interest_list, name="mine"),
    path("me/interets/<int:pk>/decision/", views.interest_decide, name="decide"),
    path("partners/interets/", views.partner_interest_list, name="partner-list"),
]
