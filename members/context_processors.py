"""Template context shared by every page: who to call for help."""

from django.conf import settings


def help_contact(request) -> dict:
    """The contact shown by "Besoin d'aide ?": the learner's trainer, else the hub."""
    trainer = None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.is_learner:
        trainer = user.created_by
    return {"help_trainer": trainer, "help_contact": settings.HELP_CONTACT}
