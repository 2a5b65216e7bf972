"""Tiny factories: consignment and cargo unit frames from a few hand-written rows."""

from __future__ import annotations

import polars as pl
import pytest

from portcontrol.core.risk.frame import CARGO_UNIT_COLUMNS, CONSIGNMENT_COLUMNS
from portcontrol.core.risk.indicators import Frames, IndicatorContext, run_indicators


def consignments(*rows: dict[str, object]) -> pl.DataFrame:
    """A consignment frame; unnamed columns are null, line_id is the position."""
    filled = []
    for index, row in enumerate(rows):
        values: dict[str, object] = {name: None for name in CONSIGNMENT_COLUMNS}
        values.update(transit_ports=[], cargo_unit_ids=[], issue_codes=[], currency="USD")
        values.update(line_id=index, **row)
        filled.append(values)
    return pl.DataFrame(filled, schema=CONSIGNMENT_COLUMNS)


def cargo_units(*rows: dict[str, object]) -> pl.DataFrame:
    """A cargo unit frame; unnamed columns are null, unit_id is the position."""
    filled = []
    for index, row in enumerate(rows):
        values: dict[str, object] = {name: None for name in CARGO_UNIT_COLUMNS}
        values.update(issue_codes=[], in_manifest=False, is_empty=False, seal_count=1)
        values.update(unit_id=index, **row)
        filled.append(values)
    return pl.DataFrame(filled, schema=CARGO_UNIT_COLUMNS)


def hits_of(
    name: str,
    lines: pl.DataFrame,
    context: IndicatorContext | None = None,
    units: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The hits of one indicator."""
    return run_indicators(Frames(lines, units), context or IndicatorContext(), enabled=[name])


def lane_of(hits: pl.DataFrame, row_id: int, target: str = "consignment") -> str | None:
    """The lane of the one hit on a row; "none" when it proposes none, None when no hit."""
    rows = hits.filter((pl.col("row_id") == row_id) & (pl.col("target") == target))
    if rows.is_empty():
        return None
    assert rows.height == 1, rows
    return rows.item(0, "lane") or "none"


@pytest.fixture
def context() -> IndicatorContext:
    return IndicatorContext()
