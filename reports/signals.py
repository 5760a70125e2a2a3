"""Signals the reports app sends to itself: a service asks for work that a task
does, so services never import the tasks that call them."""

from django.dispatch import Signal

# Sent after commit when an export's PDF should be rendered. Argument: export_id
# (a string). Receiver: receivers.export_render_queue.
report_export_wanted = Signal()
