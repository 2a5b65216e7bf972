"""Search keys: how names, identifiers and plates are stored so that a search finds them."""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_COMPACT = re.compile(r"[0-9A-Z]*")


@lru_cache(maxsize=65536)  # the same firms recur on thousands of documents
def name_key(text: str) -> str:
    """A name in Latin letters, case-folded, words single-spaced.

    Cyrillic and Latin spellings of a firm then meet in one column:

    >>> name_key("ТОО «Каспий-Транс»")
    'too kaspiy trans'
    >>> name_key("  Kaspiy   TRANS ")
    'kaspiy trans'
    """
    return _NOT_WORD.sub(" ", anyascii(text).casefold()).strip()


def code_key(text: str) -> str:
    """An identifier, plate or code without spaces, hyphens or dots, in capitals.

    >>> code_key("msku 123456-7")
    'MSKU1234567'
    >>> code_key("8703.23")
    '870323'
    """
    if _COMPACT.fullmatch(text):  # already compact, as the core readers hand identifiers over
        return text
    return _NOT_ALNUM.sub("", anyascii(text).upper())
