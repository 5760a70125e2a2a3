"""Personal data held by interests: what organisations signalled to the member,
the member's decisions, and what a partner signalled (lms/privacy.py calls these)."""

from django.utils.translation import gettext as _

from .models import Interest


def member_data_export(*, user) -> dict:
    """Interests received, with the organisation's name and the decision; for a
    partner, how many they signalled (the members are other people's data)."""
    received = Interest.objects.filter(member=user).select_related("organisation")
    return {
        "interests_received": [
            {
                "organisation": interest.organisation.name,
                "created_at": interest.created_at,
                "seen_at": interest.seen_at,
                "decision": interest.decision,
                "decided_at": interest.decided_at,
            }
            for interest in received.order_by("created_at", "pk")
        ],
        "interests_expressed": Interest.objects.filter(partner=user).count(),
    }


def member_consent_log(*, user) -> list[dict]:
    """Each decision the member took on an organisation's interest."""
    decided = (
        Interest.objects.filter(member=user, decided_at__isnull=False)
        .exclude(decision=Interest.Decision.PENDING)
        .select_related("organisation")
    )
    entries = []
    for interest in decided:
        if interest.decision == Interest.Decision.SHARED:
            what = _("Intérêt d'une organisation : vous partagez votre portfolio")
        else:
            what = _("Intérêt d'une organisation : vous ne partagez pas")
        entries.append(
            {
                "when": interest.decided_at,
                "what": what,
                "who": interest.organisation.name,
            }
        )
    return entries


def member_data_erase(*, user) -> None:
    """The member's received interests are deleted; those a partner signalled
    stay for the member who received them, without the partner's name."""
    Interest.objects.filter(member=user).delete()
    Interest.objects.filter(partner=user).update(partner=None)
