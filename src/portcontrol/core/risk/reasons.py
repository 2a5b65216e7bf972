"""Hits and reasons: what every part of the risk engine returns, and how they are combined.

Profiles, indicators, watch-list screening, the model and the random share each return a *hits
frame*: one row per (target row, reason). The assessment sums the contributions of a target's
hits into its score and takes the most severe proposed lane (see ``portcontrol.core.risk.assess``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

import polars as pl


class Lane(StrEnum):
    """ASYCUDA-style lanes, from the most to the least intrusive."""

    RED = "red"  # physical inspection
    YELLOW = "yellow"  # documentary check
    BLUE = "blue"  # post-clearance audit
    GREEN = "green"  # release

    @property
    def severity(self) -> int:
        """3 for red down to 0 for green: the higher wins when reasons disagree."""
        return {"red": 3, "yellow": 2, "blue": 1, "green": 0}[self.value]


class Threat(StrEnum):
    DRUGS = "drugs"
    PRECURSORS = "precursors"
    FIREARMS = "firearms"
    WMD = "wmd"  # weapons of mass destruction, strategic and dual-use goods
    NUCLEAR = "nuclear"  # nuclear and radioactive material
    CIGARETTES = "cigarettes"
    COUNTERFEITS = "counterfeits"
    WILDLIFE = "wildlife"
    REVENUE = "revenue"
    OTHER = "other"


class ReasonKind(StrEnum):
    PROFILE = "profile"
    INDICATOR = "indicator"
    WATCH_LIST = "watch_list"
    MODEL = "model"
    RANDOM = "random"


class Target(StrEnum):
    CONSIGNMENT = "consignment"  # row_id is the line_id of the consignment frame
    CARGO_UNIT = "cargo_unit"  # row_id is the unit_id of the cargo unit frame
    PERSON = "person"  # row_id is the person_id of the person frame


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason why a target was scored: which rule, how much, and in words."""

    kind: ReasonKind
    key: str  # profile code, indicator name, watch-list entry id, "random"
    label: str  # plain-language reason, shown to analysts and officers
    score: float  # contribution to the 0-100 score
    lane: Lane | None = None  # lane this reason proposes, if any
    threat: Threat | None = None
    detail: dict[str, str] = field(default_factory=dict)


# The columns of a hits frame. ``detail`` holds a short JSON text (matched name forms, values).
HITS_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "target": pl.Utf8,
    "row_id": pl.Int64,
    "kind": pl.Utf8,
    "key": pl.Utf8,
    "label": pl.Utf8,
    "score": pl.Float64,
    "lane": pl.Utf8,
    "threat": pl.Utf8,
    "detail": pl.Utf8,
}


def empty_hits() -> pl.DataFrame:
    """A hits frame with no rows."""
    return pl.DataFrame(schema=HITS_SCHEMA)


def detail_text(value: object) -> str:
    """A ``detail`` as Polars' ``json_encode`` writes it: compact JSON, non-ASCII kept.

    >>> detail_text({"list": "UN-SC", "strength": 92.5, "form": "Сейтказиев"})
    '{"list":"UN-SC","strength":92.5,"form":"Сейтказиев"}'
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
