"""Partners, closed user groups, the outbox with its deliveries, the inbox and the rejected log.

The node's own private keys are never stored here (see :mod:`portcontrol.exchange.node`).
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from portcontrol.core.messages import (
    ClosedUserGroup as CoreGroup,
)
from portcontrol.core.messages import (
    KeyMaterialError,
)
from portcontrol.core.messages import (
    PartnerNode as CorePartner,
)
from portcontrol.exchange.choices import ARRIVED_STATES, DeliveryState, MessageKind


class PartnerNode(models.Model):
    """Another PortControl node, registered by an administrator with its public document."""

    node_id = models.CharField(_("node id"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2)
    inbox_url = models.URLField(_("inbox URL"), max_length=500)
    public_document = models.JSONField(_("public key document"))
    active = models.BooleanField(_("active"), default=True)
    registered_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["node_id"]
        verbose_name = _("partner node")

    def __str__(self) -> str:
        return f"{self.node_id} ({self.name})"

    def clean(self) -> None:
        """The public document must be this node's and hold usable public keys."""
        try:
            core = CorePartner.from_document(self.public_document)
        except (KeyMaterialError, TypeError, ValueError) as error:
            raise ValidationError({"public_document": str(error)}) from None
        if core.node_id != self.node_id:
            raise ValidationError(
                {
                    "public_document": _("the document is of node %(other)s, not %(node)s")
                    % {"other": core.node_id, "node": self.node_id}
                }
            )

    def as_core(self) -> CorePartner:
        """The partner as the message core sees it."""
        return CorePartner.from_document(self.public_document)


class ClosedUserGroup(models.Model):
    """Nodes exchanging within a group, and who of this node takes part in it."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    personal_data_allowed = models.BooleanField(_("personal data may travel"), default=False)
    partners = models.ManyToManyField(
        PartnerNode, related_name="groups", blank=True, verbose_name=_("member nodes")
    )
    units = models.ManyToManyField(
        "accounts.Unit", related_name="+", blank=True, verbose_name=_("member units")
    )
    agencies = models.ManyToManyField(
        "accounts.Agency", related_name="+", blank=True, verbose_name=_("member agencies")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("closed user group")

    def __str__(self) -> str:
        return self.code

    def as_core(self, own_node_id: str) -> CoreGroup:
        """The group as the message core sees it: this node and its active partner members."""
        members = {own_node_id}
        members.update(p.node_id for p in self.partners.all() if p.active)
        return CoreGroup(self.code, frozenset(members), self.personal_data_allowed)


class OutgoingMessage(models.Model):
    """A message this node sent, as signed (stripped when the group forbids personal data)."""

    id = models.UUIDField(primary_key=True, editable=False)
    kind = models.CharField(_("type"), max_length=30, choices=MessageKind.choices)
    group = models.ForeignKey(ClosedUserGroup, models.PROTECT, related_name="outgoing")
    document = models.JSONField(_("message as signed"))
    created = models.DateTimeField(_("created"))
    in_reply_to = models.UUIDField(_("in reply to"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.kind} {self.id}"

    @property
    def body(self) -> dict:
        """The body as signed."""
        return dict(self.document.get("body", {}))


class Delivery(models.Model):
    """One outgoing message on its way to one recipient node: the sealed token and its state."""

    message = models.ForeignKey(OutgoingMessage, models.CASCADE, related_name="deliveries")
    partner = models.ForeignKey(PartnerNode, models.PROTECT, related_name="deliveries")
    # Sealed once: every retry posts the same token, so the receiver sees the same id.
    token = models.TextField()
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempt_started_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["message", "partner__node_id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "partner"], name="exchange_one_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.message_id} to {self.partner_id}: {self.state}"

    def has_arrived(self) -> bool:
        """Whether the partner's inbox has accepted the message."""
        return self.state in ARRIVED_STATES

    def is_due(self, now: datetime) -> bool:
        """Whether the worker should attempt it now."""
        return self.state == DeliveryState.QUEUED and self.next_attempt_at <= now


class IncomingMessage(models.Model):
    """A message that passed every inbox check; stored once per (sender, id)."""

    message_id = models.UUIDField(_("message id"))
    sender = models.CharField(_("sender node"), max_length=64)
    partner = models.ForeignKey(
        PartnerNode, models.SET_NULL, null=True, blank=True, related_name="incoming"
    )
    kind = models.CharField(_("type"), max_length=30, choices=MessageKind.choices)
    group = models.ForeignKey(ClosedUserGroup, models.PROTECT, related_name="incoming")
    document = models.JSONField(_("message as received"))
    created = models.DateTimeField(_("created by the sender"))
    received = models.DateTimeField(_("received"))
    in_reply_to = models.UUIDField(_("in reply to"), null=True, blank=True, db_index=True)
    signing_kid = models.CharField(max_length=64)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        ordering = ["-received"]
        constraints = [
            # The replay check of docs/exchange.md, safe between workers.
            models.UniqueConstraint(fields=["sender", "message_id"], name="exchange_seen_once")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.message_id} from {self.sender}"

    @property
    def body(self) -> dict:
        """The body as received."""
        return dict(self.document.get("body", {}))


class RejectedMessage(models.Model):
    """A token the inbox refused, kept for the administrator with the reason."""

    received = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    remote_address = models.CharField(_("remote address"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=40)
    message = models.CharField(_("reason"), max_length=2000)
    token_start = models.CharField(_("first characters of the token"), max_length=200)
    token_length = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-received"]

    def __str__(self) -> str:
        return f"{self.code} from {self.remote_address}"
