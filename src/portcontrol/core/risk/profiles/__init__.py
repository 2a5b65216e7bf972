"""Risk profiles: criteria in a small documented language, compiled to column expressions.

``parse`` / ``validate`` / ``format`` handle the text (``docs/profiles.md`` documents it),
``apply_profiles`` runs the active profiles over a consignment frame into a hits frame,
``dry_run`` shows what one profile would select, and ``build_criteria`` / ``parse_simple``
serve the form-based editor.
"""

from __future__ import annotations

from portcontrol.core.risk.profiles.apply import (
    active_profiles,
    apply_profiles,
    apply_profiles_to_records,
    dry_run,
)
from portcontrol.core.risk.profiles.compile import compile_criteria, helper_columns, select
from portcontrol.core.risk.profiles.context import Context
from portcontrol.core.risk.profiles.errors import ProfileError
from portcontrol.core.risk.profiles.form import build_criteria, parse_simple
from portcontrol.core.risk.profiles.interpret import evaluate, predicate
from portcontrol.core.risk.profiles.language import Node, format, parse, validate
from portcontrol.core.risk.profiles.profile import Profile

__all__ = [
    "Context",
    "Node",
    "Profile",
    "ProfileError",
    "active_profiles",
    "apply_profiles",
    "apply_profiles_to_records",
    "build_criteria",
    "compile_criteria",
    "dry_run",
    "evaluate",
    "format",
    "helper_columns",
    "parse",
    "parse_simple",
    "predicate",
    "select",
    "validate",
]
