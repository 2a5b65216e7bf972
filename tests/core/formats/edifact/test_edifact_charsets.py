"""Character sets: declared, detected, and what happens when they disagree."""

from __future__ import annotations

import pytest

from portcontrol.core.formats.edifact.charsets import choose_codec, decode

RUSSIAN = "ТОО КАСПИЙ ТРЕЙД, УЛ. АБАЯ 1, АКТАУ, ИВАНОВ ИВАН ПЕТРОВИЧ"
GERMAN = "MÜLLER CHEMIE GMBH, SÄURE FÜR LABORE, STRAßE 5"


@pytest.mark.parametrize(
    ("identifier", "codec"),
    [
        ("UNOC", "latin-1"),
        ("UNOE", "iso8859-5"),
        ("UNOW", "utf-8"),
        ("UNOY", "utf-8"),
        ("UNOA", "ascii"),
        ("UNOB", "ascii"),
    ],
)
def test_ascii_bytes_use_the_declared_set(identifier: str, codec: str) -> None:
    assert choose_codec(b"UNB+X", identifier) == (codec, None)


@pytest.mark.parametrize(
    ("text", "codec", "identifier"),
    [
        (RUSSIAN, "iso8859-5", "UNOE"),
        (RUSSIAN, "utf-8", "UNOW"),
        (GERMAN, "latin-1", "UNOC"),
        (RUSSIAN, "utf-8", "UNOY"),
    ],
)
def test_bytes_that_fit_the_declared_set_are_read_without_warning(
    text: str, codec: str, identifier: str
) -> None:
    assert decode(text.encode(codec), identifier) == (text, codec, None)


@pytest.mark.parametrize(
    ("text", "real", "identifier"),
    [
        (RUSSIAN, "cp1251", "UNOW"),
        (GERMAN, "latin-1", "UNOW"),
        (RUSSIAN, "utf-8", "UNOC"),
        (RUSSIAN, "cp1251", "UNOC"),
        (RUSSIAN, "cp1251", "UNOE"),
        (GERMAN, "latin-1", "UNOE"),
        (RUSSIAN, "cp1251", "UNOA"),
        (GERMAN, "utf-8", "UNOB"),
    ],
)
def test_bytes_of_another_set_are_detected_and_named(text: str, real: str, identifier: str) -> None:
    decoded, used, warning = decode(text.encode(real), identifier)
    assert (decoded, used) == (text, real)
    assert warning is not None and identifier in warning and real in warning


def test_unknown_syntax_identifier_is_named_in_the_warning() -> None:
    decoded, used, warning = decode(RUSSIAN.encode("cp1251"), "KECA")
    assert used == "cp1251" and decoded == RUSSIAN
    assert warning is not None and "KECA" in warning
