"""Identifier validation, python-stdnum style: one module per identifier.

Each module exposes ``compact``, ``validate``, ``is_valid`` and ``format`` (and ``check`` where
repairs are possible) and raises only the exceptions of :mod:`.exceptions`. A validator never
rejects a valid number; what it repairs (Cyrillic look-alike letters, a zero lost by a
spreadsheet) it reports as a :class:`Notice`.
"""

from __future__ import annotations

from portcontrol.core.identifiers import (
    bin,
    container,
    country,
    dates,
    hs,
    iin,
    imo,
    locode,
    quantities,
    voen,
)
from portcontrol.core.identifiers.dates import parse_date, parse_datetime
from portcontrol.core.identifiers.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidIdentifier,
    InvalidLength,
    Notice,
    PreviousEditionCode,
    UnknownCode,
)
from portcontrol.core.identifiers.quantities import (
    WEIGHT_UNITS,
    parse_count,
    parse_quantity,
    parse_weight,
)

__all__ = [
    "WEIGHT_UNITS",
    "InvalidChecksum",
    "InvalidComponent",
    "InvalidFormat",
    "InvalidIdentifier",
    "InvalidLength",
    "Notice",
    "PreviousEditionCode",
    "UnknownCode",
    "bin",
    "container",
    "country",
    "dates",
    "hs",
    "iin",
    "imo",
    "locode",
    "parse_count",
    "parse_date",
    "parse_datetime",
    "parse_quantity",
    "parse_weight",
    "quantities",
    "voen",
]
