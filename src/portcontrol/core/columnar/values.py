"""Column helpers: Python's white space in Polars, and checks applied once per distinct value.

The per-row path strips with :meth:`str.strip` and collapses with :meth:`str.split`; Polars'
own white space differs from Python's (Python also counts the information separators
U+001C..U+001F), so the exact set Python uses is spelled out here and handed to Polars.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from portcontrol.core.validation import Problem

# The helpers below work alike on an expression and on a series.
Column = TypeVar("Column", pl.Expr, pl.Series)

# Every white space character lies below U+3001 (the ideographic space is the last); looking
# no further spares each process a scan of all of Unicode when it imports this module.
WHITESPACE_BELOW = 0x3001
PYTHON_WHITESPACE = "".join(chr(c) for c in range(WHITESPACE_BELOW) if chr(c).isspace())
_RUN = "[" + re.escape(PYTHON_WHITESPACE) + "]+"
# What ``single_spaced`` changes: white space other than a space, two spaces, a space at an end.
_UNEVEN = "[" + re.escape(PYTHON_WHITESPACE.replace(" ", "")) + "]|  |^ | $"
# The plain decimals parse_quantity accepts without a second look ("1234.5").
PLAIN_DECIMAL = r"^[0-9]+(?:\.[0-9]+)?$"


def stripped(expr: Column) -> Column:
    """A text column stripped as ``str.strip`` would; null stays null."""
    return expr.str.strip_chars(PYTHON_WHITESPACE)


def single_spaced(expr: Column) -> Column:
    """A text column as ``" ".join(value.split())``; null becomes the empty string."""
    if isinstance(expr, pl.Series) and not expr.str.contains(_UNEVEN).any():
        # Single spaces between words only (the usual text): nothing to collapse.
        return expr.fill_null("")
    return expr.fill_null("").str.replace_all(_RUN, " ").str.strip_chars(" ")


def blank(expr: Column) -> Column:
    """True where a raw value is null or only white space."""
    return stripped(expr).fill_null("") == ""


def checked_text(raw: str | None, check: Callable[[str], tuple[Any, tuple[Problem, ...]]]) -> Any:
    """What ``validation._value`` computes for one raw value: (value, problems), or None."""
    if not raw:
        return None
    text = raw.strip()
    if not text:
        return None
    return check(text)


def field_issue(code: str, message: str, column: str) -> tuple[str, str]:
    """A problem's code and message completed with the field name, as ``_report`` does."""
    if code[0] == ".":
        return column + code, message.replace("{field}", column.replace("_", " "), 1)
    return code, message
