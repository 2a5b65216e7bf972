"""The feedback parts of pages of other apps: the inspection page and the watch-list entry page.

Template tags, so that those pages need one line each and their views know nothing of the
exchange: ``{% load exchange_feedback %}{% inspection_feedback inspection %}``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from portcontrol.exchange import feedback
from portcontrol.exchange.forms import GroupRecipientsForm
from portcontrol.exchange.views_feedback import sharing_groups
from portcontrol.inspections.access import is_unit_worker
from portcontrol.inspections.choices import InspectionStatus
from portcontrol.inspections.models import Inspection
from portcontrol.targeting.choices import EntryStatus
from portcontrol.targeting.models import WatchListEntry

register = template.Library()


@register.inclusion_tag("exchange/feedback/_inspection.html", takes_context=True)
def inspection_feedback(context: template.Context, inspection: Inspection) -> dict[str, Any]:
    """For a unit worker, when the inspection's task came from a partner's alert: send or sent."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if (
        user is None
        or inspection.task_id is None
        or not is_unit_worker(user)
        or user.unit_id != inspection.unit_id
    ):
        return {"alert": None}
    alert = feedback.alert_of_task(inspection.task)
    if alert is None:
        return {"alert": None}
    return {
        "inspection": inspection,
        "alert": alert,
        "partner": alert.partner or alert.sender,
        "sent": feedback.feedback_sent(inspection),
        "is_done": inspection.status == InspectionStatus.DONE,
    }


@register.inclusion_tag("exchange/feedback/_entry.html", takes_context=True)
def entry_sharing(context: template.Context, entry: WatchListEntry | None) -> dict[str, Any]:
    """For an analyst or supervisor in a group: share the entry, and when it was shared."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if entry is None or entry.pk is None or user is None:
        return {"entry": None}
    groups = sharing_groups(user)
    first = groups.first()
    if first is None:
        return {"entry": None}
    shareable = entry.status == EntryStatus.ACTIVE and not entry.is_expired(timezone.localdate())
    return {
        "entry": entry,
        "form": GroupRecipientsForm(groups=groups, initial={"group": first.code}),
        "shareable": shareable,
        "shared": feedback.shares_of(entry).select_related("actor"),
    }
