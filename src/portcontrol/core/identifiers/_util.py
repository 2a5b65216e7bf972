"""Small helpers shared by the identifier modules."""

from __future__ import annotations

from portcontrol.core.identifiers.exceptions import InvalidFormat

# Separators people type inside identifiers: spaces (also no-break and thin), hyphens, dots.
_SEPARATORS = dict.fromkeys(map(ord, " \t\r\n\u00a0\u2007\u202f\u2009-\u2010\u2011\u2012\u2013."))


def clean(value: object, *, keep_dots: bool = False) -> str:
    """The value without separators, upper case; non-text values are a format error."""
    if not isinstance(value, str):
        raise InvalidFormat(f"{value!r} is not text")
    table = _SEPARATORS if not keep_dots else {k: v for k, v in _SEPARATORS.items() if k != 46}
    return value.translate(table).upper()


def is_ascii_digits(value: str) -> bool:
    """Only the digits 0-9 (``str.isdigit`` also accepts superscripts and other scripts)."""
    return value.isascii() and value.isdigit()


def shown(value: object, limit: int = 40) -> str:
    """A value as it may appear in a message: trimmed, never huge."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
