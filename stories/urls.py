"""URLs of the stories app: the public "Réussites", the member's and staff's pages."""

from django.urls import path

from . import views

app_name = "stories"

urlpatterns = [
    path("reussites/", views.story_list, name="story-list"),
    path("reussites/<slug:slug>/", views.story_detail, name="story-detail"),
    path(
        "reussites/<slug:slug>/photo",
        views.story_file,
        {"kind": "photo"},
        name="story-photo",
    ),
    path(
        "reussites/<slug:slug>/audio",
        views.story_file,
        {"kind": "audio"},
        name="story-audio",
    ),
    path("mes-reussites/", views.my_stories, name="mine"),
    path("mes-reussites/nouvelle/", views.story_create, name="story-create"),
    path("mes-reussites/<slug:slug>/modifier/", views.story_edit, name="story-edit"),
    path("mes-reussites/<slug:slug>/envoyer/", views.story_submit, name="story-submit"),
    path(
        "mes-reussites/<slug:slug>/retirer/",
        views.story_unpublish,
        name="story-unpublish",
    ),
    path(
        "mes-reussites/<slug:slug>/supprimer/",
        views.story_delete,
        name="story-delete",
    ),
    path(
        "teach/reussites/nouvelle/",
        views.trainer_learner_choose,
        name="trainer-choose",
    ),
    path(
        "teach/learners/<int:pk>/reussite/",
        views.trainer_draft,
        name="trainer-draft",
    ),
    path("equipe/reussites/", views.review_queue, name="review-queue"),
    path("equipe/reussites/<slug:slug>/", views.story_review, name="story-review"),
]
