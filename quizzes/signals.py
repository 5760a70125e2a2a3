"""Signals quizzes sends; receivers live in higher apps and only schedule work."""

from django.dispatch import Signal

# Sent after commit, once per attempt, with `attempt` (graded: passed is set).
attempt_submitted = Signal()
