"""{% certificate_news course %}: "Votre certificat est prêt" where the learner is."""

from django import template

from certificates.selectors import course_certificate

register = template.Library()


@register.inclusion_tag("certificates/_course_certificate.html", takes_context=True)
def certificate_news(context, course, completed=None):
    """`completed`: whether the page already knows the course is complete (saves
    a query); None asks the database."""
    user = context["request"].user
    return {"news": course_certificate(user=user, course=course, completed=completed)}
