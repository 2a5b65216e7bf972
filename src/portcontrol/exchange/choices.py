"""Labelled constants of the exchange app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    """The message types of the exchange protocol (docs/exchange.md)."""

    ALERT = "alert", _("Alert")
    REQUEST = "request", _("Request for information")
    ANSWER = "answer", _("Answer")
    INSPECTION_RESULT = "inspection_result", _("Inspection result")
    SEIZURE_NOTICE = "seizure_notice", _("Seizure notice")
    WATCH_LIST_ENTRY = "watch_list_entry", _("Watch-list entry")
    ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")


class DeliveryState(models.TextChoices):
    """Where one outgoing message stands with one recipient node."""

    QUEUED = "queued", _("Queued")  # waiting for its first or next attempt
    SENT = "sent", _("Sent")  # an attempt is under way: posted, no answer yet
    DELIVERED = "delivered", _("Delivered")  # the partner's inbox accepted it
    READ = "read", _("Read")  # the partner acknowledged it
    ANSWERED = "answered", _("Answered")  # the partner replied to it
    FAILED = "failed", _("Failed")  # refused by the partner, or given up


class PostState(models.TextChoices):
    """Where a message of this node went as a whole (computed, not stored)."""

    POSTED = "posted", _("Posted to the group's members on this node")  # no partner node
    SENT = "sent", _("Sent to partner nodes")  # one delivery per recipient node


# Replies that mark the message they answer as answered at its sender.
ANSWERING_KINDS = frozenset(
    {MessageKind.ANSWER, MessageKind.INSPECTION_RESULT, MessageKind.SEIZURE_NOTICE}
)
# States in which the partner has the message: never to be sent again.
ARRIVED_STATES = frozenset({DeliveryState.DELIVERED, DeliveryState.READ, DeliveryState.ANSWERED})
