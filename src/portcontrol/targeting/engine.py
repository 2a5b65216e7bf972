"""The bridge between stored targeting data and the core risk engine.

Active profile versions and the entries of the watch lists in force become the core's inputs;
the core engine (``portcontrol.core.risk.engine``) screens, runs the indicator library, applies
the profiles with the watch-list and indicator hits at hand, and combines every hit into one
assessment per consignment line, cargo unit and person.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl

from portcontrol.accounts.models import Unit
from portcontrol.core.risk import engine as core_engine
from portcontrol.core.risk.indicators import Frames as CoreFrames
from portcontrol.core.risk.profiles import Profile
from portcontrol.core.screening.matcher import ScreeningIndex, build_index
from portcontrol.targeting.frames import Frames

ENGINE_VERSION = "1"


@dataclass(frozen=True)
class EngineInputs:
    """What the core engine needs from the database for one unit on one day."""

    profiles: Sequence[Profile]
    watch_index: ScreeningIndex | None
    indicators: bool = True
    extra_hits: pl.DataFrame | None = None  # hits of parts run elsewhere (the model, later)


def inputs_for(unit: Unit, today: date) -> EngineInputs:
    """The unit's active profiles and the watch lists it screens against."""
    from portcontrol.targeting.profiling import active_versions, core_profiles
    from portcontrol.targeting.screening import entries_in_force

    entries = entries_in_force(unit)
    # Entries past their expiry stay in force until a second person confirms the removal,
    # so the index is built over every entry not removed (no day filter).
    return EngineInputs(
        profiles=core_profiles(active_versions(unit, today)),
        watch_index=build_index(entries) if entries else None,
    )


def assess_frames(frames: Frames, unit: Unit, *, today: date) -> pl.DataFrame:
    """Assessments (``ASSESSMENT_SCHEMA``) of every row of the frames, for the unit's rules."""
    inputs = inputs_for(unit, today)
    result = core_engine.assess_frames(
        CoreFrames(frames.consignments, frames.cargo_units, frames.persons),
        profiles=inputs.profiles,
        watch_index=inputs.watch_index,
        indicators=inputs.indicators,
        extra_hits=inputs.extra_hits,
        today=today,
        unit=unit.code,
    )
    return result.all()
