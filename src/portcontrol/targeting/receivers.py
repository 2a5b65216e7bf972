"""Reactions of the targeting app to changes elsewhere."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def assess_stored_import(sender: Any, *, import_run: Any, **kwargs: Any) -> None:
    """Assess what an import stored or amended, as soon as it is committed.

    A failure here must not undo or hide the import: the records are kept and the unit can
    re-assess with ``portcontrol assess``; the failure is logged for the administrator.
    """
    from portcontrol.targeting.actions import assess_import

    try:
        assess_import(import_run)
    except Exception:
        logger.exception("assessing import %s failed", import_run.pk)
