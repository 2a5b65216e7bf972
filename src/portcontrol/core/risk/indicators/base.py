"""What every indicator shares: the frames it reads, its context, word patterns, raw hits.

An indicator module returns *raw hits*: ``row_id``, ``label``, ``factor`` (0..1 share of the
indicator's weight), ``lane`` (proposed lane or null) and ``detail`` (short JSON text), plus
``target`` and ``threat`` when they differ from the module's defaults. The registry turns raw
hits into a hits frame (:data:`portcontrol.core.risk.reasons.HITS_SCHEMA`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import polars as pl

from portcontrol.core.risk.frame import CARGO_UNIT_COLUMNS, CONSIGNMENT_COLUMNS, PERSON_COLUMNS
from portcontrol.core.risk.reasons import Lane

if TYPE_CHECKING:
    from portcontrol.core.risk.indicators.unit_value import UnitValueNorms

RAW_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "row_id": pl.Int64,
    "label": pl.Utf8,
    "factor": pl.Float64,
    "lane": pl.Utf8,
    "detail": pl.Utf8,
}


@dataclass(frozen=True, slots=True)
class Frames:
    """The frames of one assessed batch; cargo units and persons may be absent."""

    consignments: pl.DataFrame
    cargo_units: pl.DataFrame | None = None
    persons: pl.DataFrame | None = None

    def consignment_frame(self) -> pl.DataFrame:
        """The consignment frame, or an empty one of the right schema."""
        return _or_empty(self.consignments, CONSIGNMENT_COLUMNS)

    def cargo_unit_frame(self) -> pl.DataFrame:
        """The cargo unit frame, or an empty one of the right schema."""
        return _or_empty(self.cargo_units, CARGO_UNIT_COLUMNS)

    def person_frame(self) -> pl.DataFrame:
        """The person frame, or an empty one of the right schema."""
        return _or_empty(self.persons, PERSON_COLUMNS)


def _or_empty(
    frame: pl.DataFrame | None, schema: dict[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    return frame if frame is not None else _empty(tuple(schema.items())).clear()


@cache
def _empty(schema: tuple[tuple[str, pl.DataType | type[pl.DataType]], ...]) -> pl.DataFrame:
    """An empty frame of a schema, built once: copying it costs a hundredth of building one."""
    return pl.DataFrame(schema=dict(schema))


@dataclass(frozen=True, slots=True)
class HighRiskPlace:
    """A UN/LOCODE (5 characters) or country (2) that an analyst marked, and why."""

    code: str
    reason: str
    lane: Lane = Lane.YELLOW


@dataclass(slots=True)
class IndicatorContext:
    """What indicators need from outside the manifest; absent parts switch indicators off."""

    unit_value_norms: UnitValueNorms | None = None
    known_parties: frozenset[str] | set[str] | None = None  # party keys seen before
    high_risk_places: tuple[HighRiskPlace, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)  # indicator name -> weight


_EMPTY_RAW = pl.DataFrame(schema=RAW_SCHEMA)


def empty_raw() -> pl.DataFrame:
    """Raw hits with no rows (a copy of a frame built once: building one costs more)."""
    return _EMPTY_RAW.clear()


# --- texts as Polars makes them --------------------------------------------------------------

# Whitespace as Rust's ``str::trim`` knows it (``str.strip_chars()``): Python's ``str.strip()``
# also strips the separators \x1c-\x1f, which are not Unicode white space.
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def strip_chars(text: str) -> str:
    r"""``text`` without leading and trailing white space, as ``str.strip_chars()`` strips it.

    >>> strip_chars("\u3000 general cargo\n"), strip_chars("\x1fSTC")
    ('general cargo', '\x1fSTC')
    """
    return text.strip(WHITE_SPACE)


# --- word patterns ---------------------------------------------------------------------------


def _term(term: str) -> str:
    """One term as a regex: ``stem*`` matches words that start with it, else the whole word."""
    stem = term.endswith("*")
    text = term[:-1] if stem else term
    escaped = r"[\s\-]+".join(_escape(part) for part in text.split())
    return escaped + (r"\w*" if stem else r"\b")


def _escape(text: str) -> str:
    special = set(r".^$|?*+()[]{}\\")
    return "".join("\\" + char if char in special else char for char in text)


def word_pattern(terms: Iterable[str]) -> str:
    r"""A case-insensitive regex that finds any of ``terms`` at a word start.

    >>> import re
    >>> pattern = word_pattern(["gun", "пистолет*", "said to contain"])
    >>> bool(re.search(pattern, "TOY PISTOLS")), bool(re.search(pattern, "Пистолеты"))
    (False, True)
    >>> bool(re.search(pattern, "gunny bags")), bool(re.search(pattern, "said  to contain"))
    (False, True)
    """
    alternatives = sorted({_term(term.strip()) for term in terms if term.strip()}, key=len)
    return r"(?i)\b(?:" + "|".join(reversed(alternatives)) + ")"


# --- package data ----------------------------------------------------------------------------


@cache
def read_json(name: str) -> object:
    """A JSON data file shipped beside the indicator modules."""
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def read_csv(name: str) -> pl.DataFrame:
    """A CSV data file shipped beside the indicator modules, every column as text."""
    data = resources.files(__package__).joinpath(name).read_bytes()
    return pl.read_csv(data, infer_schema=False)


# --- expressions -----------------------------------------------------------------------------


def hs6() -> pl.Expr:
    """The 6-digit subheading of ``hs_code`` (national extensions cut off)."""
    return pl.col("hs_code").fill_null("").str.slice(0, 6)


def dotted(code: pl.Expr) -> pl.Expr:
    """``291524`` as ``2915.24``, the way tariffs print a subheading."""
    return (
        pl.when(code.str.len_chars() >= 6)
        .then(pl.concat_str(code.str.slice(0, 4), pl.lit("."), code.str.slice(4, 2)))
        .otherwise(code)
    )


def starts_with_any(column: pl.Expr, prefixes: Iterable[str]) -> pl.Expr:
    """True where ``column`` starts with one of ``prefixes`` (HS chapters, headings, codes)."""
    listed = sorted(set(prefixes))
    if not listed:
        return pl.lit(False)
    return column.str.contains("^(?:" + "|".join(_escape(p) for p in listed) + ")")


def detail_json(**columns: pl.Expr) -> pl.Expr:
    """A short JSON object of named text values, for the ``detail`` column."""
    fields = [expr.cast(pl.Utf8).alias(name) for name, expr in columns.items()]
    return pl.struct(fields).struct.json_encode()


def descriptions(frame: pl.DataFrame) -> pl.DataFrame:
    """Distinct (hs_code, description) pairs: text tests run once per pair, not per line."""
    return frame.select(
        pl.col("hs_code").fill_null(""), pl.col("description").fill_null("")
    ).unique()


def back_to_lines(frame: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """Lines of ``frame`` whose (hs_code, description) pair is in ``found``, with its columns."""
    keys = frame.select(
        pl.col("line_id").alias("row_id"),
        pl.col("hs_code").fill_null(""),
        pl.col("description").fill_null(""),
    )
    return keys.join(found, on=["hs_code", "description"], how="inner")


def finish(found: pl.DataFrame, *extra: str) -> pl.DataFrame:
    """Raw hits in schema order, with the optional ``target`` and ``threat`` columns kept."""
    columns = [pl.col(name).cast(kind) for name, kind in RAW_SCHEMA.items()]
    columns += [pl.col(name).cast(pl.Utf8) for name in extra]
    return found.select(columns)
