"""Character sets of EDIFACT syntax identifiers, and what to do when the bytes disagree.

Files from Caspian carriers often declare one set and carry another: Windows-1251 typed on a
Russian keyboard inside a file that says UNOW (UTF-8) or UNOC (Latin-1), UTF-8 inside UNOC.
We decode by the declared set when the bytes fit it; otherwise we take the likely real set
and say so.

>>> decode("Иванов".encode("cp1251"), "UNOW")
('Иванов', 'cp1251', 'declared UNOW (utf-8) but the bytes are not utf-8; read as cp1251')
>>> decode("Müller".encode("latin-1"), "UNOW")[1]
'latin-1'
>>> decode("Иванов".encode("utf-8"), "UNOC")[1]
'utf-8'
>>> decode("ПЕТРОВ".encode("iso8859-5"), "UNOE")[1:]
('iso8859-5', None)
"""

from __future__ import annotations

import codecs
import re

SYNTAX_CHARSETS: dict[str, str] = {
    "UNOA": "ascii",
    "UNOB": "ascii",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    # UNOY is ISO 10646 without code extensions; the files we meet carry it as UTF-8.
    "UNOY": "utf-8",
}

# The fifteen most frequent letters of Russian text: about four letters in five of real names
# and addresses. Text decoded with the wrong Cyrillic code page scores far lower.
_COMMON_CYRILLIC = frozenset("ОЕАИНТСРВЛКМДПУ")
_WORD = re.compile(r"[^\W\d_]+")
# Enough text to judge; the heuristic never needs a whole file of a million lines.
_SAMPLE_BYTES = 256 * 1024


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def cyrillic_plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Russian letters in clean words.

    A clean word is written in one script and one case pattern (upper, lower or title);
    text decoded with the wrong code page breaks words into mixed scripts, mixed case or
    rare letters.

    >>> cyrillic_plausibility("ИВАНОВ ПЕТР") > 0.7
    True
    >>> cyrillic_plausibility("MЬLLER")
    0.0
    """
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    if not non_ascii:
        return 0.0
    good = 0
    for word in _WORD.findall(text):
        if not any(_is_cyrillic(ch) for ch in word):
            continue
        if not all(_is_cyrillic(ch) for ch in word):
            continue
        if not (word.isupper() or word.islower() or word.istitle()):
            continue
        good += sum(1 for ch in word.upper() if ch in _COMMON_CYRILLIC)
    return good / non_ascii


def latin_plausibility(text: str) -> float:
    """Share of non-ASCII letters that sit in words with ASCII letters (as in Müller, Société).

    Latin-1 text has accents inside Latin words; Cyrillic bytes read as Latin-1 make whole
    words of accented letters (ÈÂÀÍÎÂ).

    >>> latin_plausibility("MÜLLER GMBH")
    1.0
    >>> latin_plausibility("ÈÂÀÍÎÂ")
    0.0
    """
    accented = 0
    good = 0
    for word in _WORD.findall(text):
        count = sum(1 for ch in word if ord(ch) > 127)
        if not count:
            continue
        accented += count
        if any(ch.isascii() for ch in word):
            good += count
    return good / accented if accented else 0.0


def _single_byte_guess(sample: bytes) -> str:
    """cp1251 when the bytes read as plausible Cyrillic, else latin-1."""
    cyrillic = cyrillic_plausibility(sample.decode("cp1251", errors="replace"))
    latin = latin_plausibility(sample.decode("latin-1"))
    return "cp1251" if cyrillic >= 0.5 and cyrillic > latin else "latin-1"


def _is_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, checked a mebibyte at a time (no full-size copy)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 20
    try:
        for position in range(0, len(data), step):
            decoder.decode(data[position : position + step], final=position + step >= len(data))
    except UnicodeDecodeError:
        return False
    return True


def choose_codec(data: bytes, syntax_identifier: str) -> tuple[str, str | None]:
    """The codec to read ``data`` with, and a warning when it is not the declared one.

    Steps:
    1. ASCII-only bytes fit every declared set: use the declared codec.
    2. Declared UTF-8: keep it when the bytes are UTF-8, else guess cp1251 or latin-1.
    3. Declared single-byte set: valid multi-byte UTF-8 is no accident, so take UTF-8;
       otherwise compare how plausible the declared set and cp1251 / latin-1 read.
    """
    identifier = syntax_identifier.upper()
    declared = SYNTAX_CHARSETS.get(identifier)
    label = (
        f"{identifier} ({declared})" if declared else f"unknown syntax identifier {identifier!r}"
    )
    if data.isascii():
        return declared or "ascii", None
    sample = data[:_SAMPLE_BYTES]
    if declared == "utf-8":
        if _is_utf8(data):
            return "utf-8", None
        used = _single_byte_guess(sample)
        return used, f"declared {label} but the bytes are not utf-8; read as {used}"
    if _is_utf8(data):
        used = "utf-8"
    elif declared == "iso8859-5":
        own = cyrillic_plausibility(sample.decode("iso8859-5"))
        windows = cyrillic_plausibility(sample.decode("cp1251", errors="replace"))
        latin = latin_plausibility(sample.decode("latin-1"))
        if own >= 0.5 and own >= windows:
            return declared, None
        if windows >= 0.5 and windows > own:
            used = "cp1251"
        elif latin >= 0.5:
            used = "latin-1"
        else:
            return declared, None
    elif declared not in (None, "ascii"):
        guess = _single_byte_guess(sample)
        if guess == "latin-1" or declared != "latin-1":
            # Only Latin-1 has a well-known Cyrillic impostor; other sets stay as declared.
            return declared, None
        used = guess
    else:
        used = _single_byte_guess(sample)
    return used, f"declared {label} but the bytes do not fit it; read as {used}"


def decode(data: bytes, syntax_identifier: str) -> tuple[str, str, str | None]:
    """Text of ``data``, the codec used and a warning when it is not the declared one."""
    codec, warning = choose_codec(data, syntax_identifier)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        # A declared single-byte set with unused code points (ASCII, 8859-x gaps).
        text = data.decode("latin-1" if codec == "ascii" else codec, errors="replace")
        if warning is None:
            warning = f"bytes outside the declared {syntax_identifier} set were replaced"
    return text, codec, warning
