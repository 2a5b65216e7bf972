"""Administrator changes to partner nodes made from the pages, beside :mod:`.actions`."""

from __future__ import annotations

from django.db import transaction

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import User
from portcontrol.exchange.models import PartnerNode


def set_partner_active(*, by: User | None, partner: PartnerNode, active: bool) -> PartnerNode:
    """Activate or deactivate a partner node; an inactive node is neither sent to nor heard.

    Deactivating is the quick answer to a partner that misbehaves or whose keys leaked: its
    registration and history stay, so activating it again needs no new public document.
    Asking for the state it already has changes nothing and writes no audit entry.
    """
    with transaction.atomic():
        locked = PartnerNode.objects.select_for_update().get(pk=partner.pk)
        if locked.active == active:
            return locked
        locked.active = active
        locked.save(update_fields=["active", "changed_at"])
        record_audit(
            actor=by,
            action="exchange.partner.activated" if active else "exchange.partner.deactivated",
            obj=locked,
            summary=f"partner node {locked.node_id} {'activated' if active else 'deactivated'}",
            details={"active": active},
        )
    return locked
