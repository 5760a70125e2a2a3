"""Signals the courses app sends; receivers in higher apps only schedule work."""

from django.dispatch import Signal

# Sent once, after commit, when an enrolment is completed. Argument: enrollment.
course_completed = Signal()
