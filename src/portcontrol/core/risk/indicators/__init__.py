"""The built-in indicator library: public knowledge only; each administration adds its own.

One module per indicator family, all of the same shape: ``NAME``, ``THREAT``, ``WEIGHT`` (the
score of a full hit), ``LANE`` (the lane it proposes at most), ``TARGET``, ``DESCRIPTION`` and
``run(frames, context) -> raw hits`` (see :mod:`.base`). Two functions are optional, for the
API's one posted line, where each frame operation costs more than the work: ``may_fire`` (a
quick test: the lines it is false on find nothing) and ``records`` (the raw hits of ``run`` in
plain Python, the same ones). To add an indicator, copy an existing module, change it, and list
it in ``_MODULES`` below. Data tables (the INCB Red List, candidate headings of dual-use goods,
container types, word lists) are CSV and JSON files beside them.

>>> [indicator.name for indicator in INDICATORS][:3]
['precursors', 'firearms', 'radioactive']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

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
    "indicator_records",
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
    # Which lines it may fire on (a boolean expression over the consignment frame, or a yes/no
    # for the whole batch); it finds nothing where this is false. None: no such quick test.
    may_fire: Callable[[Frames, IndicatorContext], pl.Expr | bool] | None = None
    # The raw hits of ``run`` for a few lines in plain Python, where the module gives them.
    records: Callable[[Frames, IndicatorContext], list[dict[str, Any]]] | None = None

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
            getattr(module, "may_fire", None),
            getattr(module, "records", None),
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

    def hit_records(self, frames: Frames, context: IndicatorContext) -> list[dict[str, Any]]:
        """The rows of :meth:`hits` as records, made without frame operations where possible."""
        if self.records is not None:
            raw = self.records(frames, context)
        else:
            raw = self.run(frames, context).to_dicts()
        weight = context.weights.get(self.name, self.weight)
        return [
            {
                "target": self.target.value if hit.get("target") is None else hit["target"],
                "row_id": hit["row_id"],
                "kind": ReasonKind.INDICATOR.value,
                "key": self.name,
                "label": hit["label"],
                # ``Expr.round(2)``: the product scaled, rounded half to even, scaled back.
                "score": None
                if hit["factor"] is None
                else round(hit["factor"] * weight * 100.0) / 100.0,
                "lane": hit["lane"],
                "threat": self.threat.value if hit.get("threat") is None else hit["threat"],
                "detail": hit["detail"],
            }
            for hit in raw
        ]


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
    gated: bool = False,
) -> pl.DataFrame:
    """The hits of every enabled indicator over the frames (consignments, cargo units, persons).

    ``frames`` is a :class:`Frames` or a sequence (consignment frame, cargo unit frame, person
    frame), the last two optional. ``enabled`` names the indicators to run; all when None.
    ``gated`` first asks every indicator, in one pass over the lines, whether it may fire
    (``may_fire``), and runs only those that may: the same hits, for less work when there are
    a few lines and each indicator's fixed cost outweighs its work (the API's one line).
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
    chosen = [indicator for indicator in INDICATORS if wanted is None or indicator.name in wanted]
    if gated:
        chosen = _may_fire(chosen, frames, context)
    found = [indicator.hits(frames, context) for indicator in chosen]
    found = [frame for frame in found if not frame.is_empty()]
    if not found:
        return _NO_HITS.clear()
    return pl.concat(found).sort("target", "row_id", "key")


def indicator_records(frames: Frames, context: IndicatorContext) -> list[dict[str, Any]]:
    """The hits of ``run_indicators(frames, context)`` as records (``HITS_SCHEMA`` keys).

    For a few lines, such as one posted consignment: only the indicators that may fire run
    (see ``gated``), those that give a record version run in plain Python, and no frame is
    built for the hits.
    """
    return [
        hit
        for indicator in _may_fire(INDICATORS, frames, context)
        for hit in indicator.hit_records(frames, context)
    ]


def _may_fire(
    indicators: Sequence[Indicator], frames: Frames, context: IndicatorContext
) -> list[Indicator]:
    """The indicators whose quick test says they may fire; the line tests in one select."""
    verdicts: dict[str, bool] = {}
    tests: dict[str, pl.Expr] = {}
    for indicator in indicators:
        verdict = True if indicator.may_fire is None else indicator.may_fire(frames, context)
        if isinstance(verdict, pl.Expr):
            tests[indicator.name] = verdict.fill_null(False).any()
        else:
            verdicts[indicator.name] = verdict
    if tests:
        verdicts.update(frames.consignment_frame().select(**tests).row(0, named=True))
    return [indicator for indicator in indicators if verdicts[indicator.name]]
