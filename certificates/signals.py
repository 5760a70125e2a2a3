"""Signals the certificates app sends to itself: a service asks for work that a
task does, so services never import the tasks that call them."""

from django.dispatch import Signal

# Sent after commit when a certificate's PDF should be rendered (issue, re-issue,
# sweep). Argument: certificate_id. Receiver: receivers.render_queue.
certificate_render_wanted = Signal()
