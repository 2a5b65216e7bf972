"""Words for the audit action codes the targeting app writes (to merge into the audit log's)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TARGETING_ACTION_LABELS: dict[str, Promise] = {
    "targeting.assessed": _("Voyages assessed"),
    "targeting.capacity.set": _("Inspection capacity set"),
    "targeting.entry.added": _("Watch-list entry added"),
    "targeting.entry.changed": _("Watch-list entry changed"),
    "targeting.entry.removal_requested": _("Removal of a watch-list entry asked"),
    "targeting.entry.removed": _("Watch-list entry removed (second person)"),
    "targeting.entry.removal_refused": _("Watch-list entry kept on the list"),
    "targeting.place.marked": _("High-risk place marked"),
    "targeting.place.removed": _("High-risk place removed"),
    "targeting.profile.created": _("Risk profile created"),
    "targeting.profile.saved": _("Risk profile saved as a new version"),
    "targeting.profile.submitted": _("Risk profile submitted for approval"),
    "targeting.profile.approved": _("Risk profile approved and active"),
    "targeting.profile.returned": _("Risk profile sent back to its author"),
    "targeting.profile.retired": _("Risk profile retired"),
    "targeting.task.claimed": _("Targeting task claimed"),
    "targeting.task.unclaimed": _("Targeting task given back to the queue"),
    "targeting.task.issued": _("Inspection ordered"),
    "targeting.task.completed": _("Inspection result recorded"),
    "targeting.task.shared": _("Targeting task shared with a partner agency"),
    "targeting.task.unshared": _("Targeting task no longer shared with a partner agency"),
    "targeting.watch_list.created": _("Watch list created"),
    "targeting.watch_list.imported": _("Watch-list file imported"),
}
