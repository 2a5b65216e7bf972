"""Words for the audit action codes the exchange app writes (merged into the audit log's)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EXCHANGE_ACTION_LABELS: dict[str, Promise] = {
    "exchange.partner.registered": _("Partner node registered"),
    "exchange.partner.changed": _("Partner node changed"),
    "exchange.group.saved": _("Closed user group saved"),
    "exchange.message.sent": _("Message sent to partner nodes"),
    "exchange.message.posted": _("Message posted to a group's members on this node"),
    "exchange.message.read": _("Incoming message marked read"),
    "exchange.alert.sent_from_task": _("Alert sent to partner nodes from a task"),
    "exchange.alert.queued": _("Partner alert added to the queue"),
    "exchange.feedback.sent": _("Inspection result sent to the alerting partner node"),
    "exchange.watch_list_entry.shared": _("Watch-list entry shared with partner nodes"),
    "exchange.partner.activated": _("Partner node activated"),
    "exchange.partner.deactivated": _("Partner node deactivated"),
    "exchange.node_keys.rotated": _("This node's keys rotated"),
    "exchange.node_keys.dropped": _("Retired key of this node dropped"),
}
