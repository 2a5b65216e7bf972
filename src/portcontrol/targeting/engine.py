"""The bridge between stored targeting data and the core risk engine.

Active profile versions and the entries of the watch lists in force become the core's inputs;
the core engine (``portcontrol.core.risk.engine``) screens, runs the indicator library, applies
the profiles with the watch-list and indicator hits at hand, and combines every hit into one
assessment per consignment line, cargo unit and person. The indicators that need the unit's
history or the analysts' marks get them from :mod:`portcontrol.targeting.history`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from portcontrol.accounts.models import Unit
from portcontrol.core.risk import engine as core_engine
from portcontrol.core.risk import rowwise
from portcontrol.core.risk.indicators import Frames as CoreFrames
from portcontrol.core.risk.indicators import IndicatorContext
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
    # Value norms and high-risk places of the unit; parties seen before are added per batch.
    indicator_context: IndicatorContext | None = None


def inputs_for(unit: Unit, today: date) -> EngineInputs:
    """The unit's active profiles, the watch lists it screens against, its indicator context."""
    from portcontrol.targeting.history import unit_context
    from portcontrol.targeting.profiling import active_versions, core_profiles
    from portcontrol.targeting.screening import entries_in_force

    entries = entries_in_force(unit)
    # Entries past their expiry stay in force until a second person confirms the removal,
    # so the index is built over every entry not removed (no day filter).
    return EngineInputs(
        profiles=core_profiles(active_versions(unit, today)),
        watch_index=build_index(entries) if entries else None,
        indicator_context=unit_context(unit),
    )


def assess_frames(
    frames: Frames, unit: Unit, *, today: date, inputs: EngineInputs | None = None
) -> pl.DataFrame:
    """Assessments (``ASSESSMENT_SCHEMA``) of every row of the frames, for the unit's rules.

    Voyages whose parties were first seen on an earlier voyage of the same batch are assessed
    apart (see ``history.batch_contexts``); every other row is assessed in one run. ``inputs``
    are read from the database unless given (the API passes cached ones, see ``cache``).
    """
    inputs = inputs or inputs_for(unit, today)
    results = [
        _assess(chosen, inputs, context, unit, today)
        for chosen, context in _parts(frames, unit, inputs)
    ]
    return pl.concat(results, how="vertical")


def assess_records(
    frames: Frames, unit: Unit, *, today: date, inputs: EngineInputs | None = None
) -> list[dict[str, Any]]:
    """The rows of :func:`assess_frames` as records, for a few lines (one posted consignment).

    The core's record-by-record engine (``core.risk.rowwise``) gives the same assessments
    without the fixed cost of frame operations, which dominates when there are few rows.
    """
    inputs = inputs or inputs_for(unit, today)
    return [
        row
        for chosen, context in _parts(frames, unit, inputs)
        for row in rowwise.assess_records(
            CoreFrames(chosen.consignments, chosen.cargo_units, chosen.persons),
            **_core_arguments(inputs, context, unit, today),
        )
    ]


def _parts(
    frames: Frames, unit: Unit, inputs: EngineInputs
) -> list[tuple[Frames, IndicatorContext | None]]:
    """The frames split into the parts assessed apart, each with its indicator context."""
    if not inputs.indicators or inputs.indicator_context is None:
        return [(frames, inputs.indicator_context)]
    from portcontrol.targeting.history import batch_contexts

    parts = batch_contexts(
        unit, frames.consignments, frames.stored.voyage_ids, inputs.indicator_context
    )
    apart = [voyage for part in parts if part.voyages for voyage in part.voyages]
    chosen: list[tuple[Frames, IndicatorContext | None]] = []
    for part in parts:
        if part.voyages:
            rows = _voyages(frames, part.voyages, keep=True)
        elif apart:
            rows = _voyages(frames, apart, keep=False)
        else:
            rows = frames
        chosen.append((rows, part.context))
    return chosen


def _voyages(frames: Frames, voyages: Iterable[str], *, keep: bool) -> Frames:
    """The rows of the frames on these voyages (``keep``) or on the others."""
    listed = pl.Series(list(voyages), dtype=pl.Utf8).implode()

    def chosen(frame: pl.DataFrame) -> pl.DataFrame:
        inside = pl.col("voyage_number").fill_null("").is_in(listed)
        return frame.filter(inside if keep else ~inside)

    return Frames(
        chosen(frames.consignments),
        chosen(frames.cargo_units),
        chosen(frames.persons),
        frames.stored,
    )


def _core_arguments(
    inputs: EngineInputs, context: IndicatorContext | None, unit: Unit, today: date
) -> dict[str, Any]:
    """The keyword arguments of the core engine for the unit's inputs."""
    return {
        "profiles": inputs.profiles,
        "indicator_context": context,
        "watch_index": inputs.watch_index,
        "indicators": inputs.indicators,
        "extra_hits": inputs.extra_hits,
        "today": today,
        "unit": unit.code,
    }


def _assess(
    frames: Frames,
    inputs: EngineInputs,
    context: IndicatorContext | None,
    unit: Unit,
    today: date,
) -> pl.DataFrame:
    result = core_engine.assess_frames(
        CoreFrames(frames.consignments, frames.cargo_units, frames.persons),
        **_core_arguments(inputs, context, unit, today),
    )
    return result.all()
