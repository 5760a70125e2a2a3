"""URLs of the members app."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/cards/", views.group_cards, name="group-cards"),
    path(
        "groups/<int:pk>/learners/<int:user_pk>/card/",
        views.learner_card,
        name="learner-card",
    ),
    path(
        "groups/<int:pk>/learners/<int:user_pk>/guardian-consent/",
        views.guardian_consent,
        name="guardian-consent",
    ),
    path(
        "groups/<int:pk>/learners/<int:user_pk>/age/",
        views.learner_age,
        name="learner-age",
    ),
    path("c/<str:token>/", views.card_login, name="card-login"),
    path("me/secret/", views.choose_secret, name="choose-secret"),
]
