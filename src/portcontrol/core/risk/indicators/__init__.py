"""The built-in indicator library: public knowledge only; each administration adds its own.

One module per indicator family, all of the same shape: ``NAME``, ``THREAT``, ``WEIGHT`` (the
score of a full hit), ``LANE`` (the lane it proposes at most), ``TARGET``, ``DESCRIPTION`` and
``run(frames, context) -> raw hits`` (see :mod:`.base`). To add an indicator, copy an existing
module, change it, and list it in ``_MODULES`` below. Data tables (the INCB Red List, candidate
headings of dual-use goods, container types, word lists) are CSV and JSON files beside them.

>>> [indicator.name for indicator in INDICATORS][:3]
['precursors', 'firearms', 'radioactive']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

import polars as pl

from portcontrol.core.risk.indicators import (
    bay_plan,
    cigarettes,
    description_hs,
    dual_use,
    firearms,
    first_seen,
    high_risk_route,
    identifiers,
    overweight,
    precursors,
    radioactive,
    unit_value,
    vague,
)
from portcontrol.core.risk.indicators.base import Frames, HighRiskPlace, IndicatorContext
from portcontrol.core.risk.indicators.first_seen import known_parties_from, party_keys
from portcontrol.core.risk.indicators.unit_value import UnitValueNorms
from portcontrol.core.risk.reasons import HITS_SCHEMA, Lane, ReasonKind, Target, Threat, empty_hits

__all__ = [
    "INDICATORS",
    "Frames",
    "HighRiskPlace",
    "Indicator",
    "IndicatorContext",
    "UnitValueNorms",
    "known_parties_from",
    "party_keys",
    "run_indicators",
]


# Copied for each indicator that finds nothing: cheaper than building an empty frame each time.
_NO_HITS = empty_hits()


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the library, as analysts see it in the list."""

    name: str
    threat: Threat
    weight: float
    lane: Lane | None
    target: Target
    description: str
    run: Callable[[Frames, IndicatorContext], pl.DataFrame]

    @classmethod
    def from_module(cls, module: ModuleType) -> Indicator:
        """The indicator a module defines."""
        return cls(
            module.NAME,
            module.THREAT,
            module.WEIGHT,
            module.LANE,
            module.TARGET,
            module.DESCRIPTION,
            module.run,
        )

    def hits(self, frames: Frames, context: IndicatorContext) -> pl.DataFrame:
        """This indicator's hits frame (HITS_SCHEMA) over the frames."""
        raw = self.run(frames, context)
        if raw.is_empty():
            return _NO_HITS.clear()
        weight = context.weights.get(self.name, self.weight)
        columns = raw.columns
        return raw.select(
            (pl.col("target") if "target" in columns else pl.lit(self.target.value))
            .fill_null(self.target.value)
            .alias("target"),
            pl.col("row_id"),
            pl.lit(ReasonKind.INDICATOR.value).alias("kind"),
            pl.lit(self.name).alias("key"),
            pl.col("label"),
            (pl.col("factor") * weight).round(2).alias("score"),
            pl.col("lane"),
            (pl.col("threat") if "threat" in columns else pl.lit(self.threat.value))
            .fill_null(self.threat.value)
            .alias("threat"),
            pl.col("detail"),
        ).cast(HITS_SCHEMA)  # type: ignore[arg-type]


_MODULES = (
    precursors,
    firearms,
    radioactive,
    dual_use,
    cigarettes,
    description_hs,
    unit_value,
    overweight,
    vague,
    first_seen,
    high_risk_route,
    identifiers,
    bay_plan,
)
INDICATORS: tuple[Indicator, ...] = tuple(Indicator.from_module(module) for module in _MODULES)


def run_indicators(
    frames: Frames | Iterable[pl.DataFrame | None],
    context: IndicatorContext | None = None,
    *,
    enabled: Iterable[str] | None = None,
) -> pl.DataFrame:
    """The hits of every enabled indicator over the frames (consignments, cargo units, persons).

    ``frames`` is a :class:`Frames` or a sequence (consignment frame, cargo unit frame, person
    frame), the last two optional. ``enabled`` names the indicators to run; all when None.
    """
    if not isinstance(frames, Frames):
        consignments, *others = list(frames)
        if consignments is None:
            raise ValueError("a consignment frame is required")
        frames = Frames(consignments, *others)
    context = context or IndicatorContext()
    wanted = set(enabled) if enabled is not None else None
    if wanted is not None:
        unknown = wanted - {indicator.name for indicator in INDICATORS}
        if unknown:
            raise ValueError(f"unknown indicators: {', '.join(sorted(unknown))}")
    found = [
        indicator.hits(frames, context)
        for indicator in INDICATORS
        if wanted is None or indicator.name in wanted
    ]
    found = [frame for frame in found if not frame.is_empty()]
    if not found:
        return _NO_HITS.clear()
    return pl.concat(found).sort("target", "row_id", "key")
