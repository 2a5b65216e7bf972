"""Writing audit entries: called from actions, inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from portcontrol.accounts.models import AuditEntry, Unit, User


def record_audit(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    summary: str,
    unit: Unit | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry for ``obj``."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        unit=unit,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:500],
        details=details or {},
    )
