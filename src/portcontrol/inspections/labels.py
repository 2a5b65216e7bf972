"""Words for the audit action codes the inspections app writes (to merge into the audit log's)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

INSPECTION_ACTION_LABELS: dict[str, Promise] = {
    "inspections.inspection.ordered": _("Inspection ordered"),
    "inspections.inspection.changed": _("Inspection changed"),
    "inspections.inspection.started": _("Inspection started"),
    "inspections.inspection.completed": _("Inspection result recorded"),
    "inspections.inspection.cancelled": _("Inspection cancelled"),
    "inspections.area.searched": _("Search area searched"),
    "inspections.finding.recorded": _("Finding recorded"),
    "inspections.attachment.added": _("Photo or document attached"),
    "inspections.seizure.recorded": _("Seizure recorded"),
    "inspections.seizure.corrected": _("Seizure corrected (new version)"),
    "inspections.seizure.custody": _("Seized goods handed over"),
}
