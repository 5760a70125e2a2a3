"""Signals the members app sends to itself: a service asks for an e-mail that a
task sends, so services never import the tasks that call them."""

from django.dispatch import Signal

# Sent after commit for each e-mail to send. Arguments: subject, body, from_email,
# to, html. Receiver: receivers.email_queue.
email_wanted = Signal()
