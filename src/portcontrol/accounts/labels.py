"""Words for the action codes of the audit log, in the page language.

Audit entries keep a stable action code (``cargo.import.received``) so that the log can be
searched and exported whatever language wrote it; pages show these labels instead. Each app
adds the labels of its own actions when it is ready (see ``register_action_labels``).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    "accounts.token.issued": _("API token issued"),
    "cargo.import.received": _("File received for import"),
    "cargo.import.repeated": _("Same file loaded again, nothing changed"),
    "cargo.import.done": _("Import finished"),
    "cargo.import.failed": _("Import refused"),
    "cargo.quarantine.stored": _("Rejected item corrected and stored"),
    "cargo.quarantine.refused": _("Correction still rejected"),
    "cargo.quarantine.dismissed": _("Rejected item dismissed"),
}


def register_action_labels(labels: dict[str, Promise]) -> None:
    """Add an app's action labels; called from its ``AppConfig.ready``."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """The label of an audit action code in the active language; the code when unknown."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
