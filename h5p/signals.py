"""Signals h5p sends; receivers live in higher apps and only schedule work."""

from django.dispatch import Signal

# Sent after commit when a root `answered` or `completed` statement finishes a
# learner's attempt, with `attempt` (completed; its score is self-reported).
attempt_finished = Signal()
