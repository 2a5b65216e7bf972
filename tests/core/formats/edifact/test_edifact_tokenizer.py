"""The tokenizer: separators, release character, layout, line numbers."""

from __future__ import annotations

import pytest

from portcontrol.core.formats.edifact.tokenizer import (
    CHUNK_SIZE,
    ServiceCharacters,
    Tokenizer,
)

DEFAULT = ServiceCharacters()


def tokens(text: str, chars: ServiceCharacters = DEFAULT) -> list[tuple[str, list, int]]:
    return [(s.tag, s.elements, s.line) for s in Tokenizer(text, chars)]


def test_elements_and_components_are_split() -> None:
    assert tokens("LOC+9+KZKUR:139:6'") == [("LOC", ["9", ["KZKUR", "139", "6"]], 1)]


def test_release_character_escapes_every_separator() -> None:
    [segment] = Tokenizer("FTX+AAA+++O?'NEIL?+SONS?: 50?? OFF'", DEFAULT)
    assert segment.get(3) == "O'NEIL+SONS: 50? OFF"


def test_escaped_terminator_does_not_end_the_segment() -> None:
    found = tokens("FTX+AAA+++A?'B'UNT+2+1'")
    assert [tag for tag, _, _ in found] == ["FTX", "UNT"]


def test_doubled_release_before_terminator_ends_the_segment() -> None:
    found = list(Tokenizer("FTX+AAA+++50??'UNT+2+1'", DEFAULT))
    assert found[0].get(3) == "50?"
    assert found[1].tag == "UNT"


def test_line_breaks_indentation_and_spaces_around_tags() -> None:
    text = "UNH+1+CUSCAR:D:95B:UN'\r\n   BGM +785+X+9'\r\n\r\n\t  LOC+5+KZKUR'"
    assert tokens(text) == [
        ("UNH", ["1", ["CUSCAR", "D", "95B", "UN"]], 1),
        ("BGM", ["785", "X", "9"], 2),
        ("LOC", ["5", "KZKUR"], 4),
    ]


def test_segment_wrapped_over_lines_is_joined() -> None:
    [segment] = Tokenizer("FTX+AAA+++ACETIC AN\r\nHYDRIDE'", DEFAULT)
    assert segment.get(3) == "ACETIC ANHYDRIDE"


def test_unusual_separators_from_una() -> None:
    chars = ServiceCharacters.from_una("^*,! ~")
    [segment] = Tokenizer("FTX*AAA***5!*8 CM!~^TWO~", chars)
    assert segment.components(3) == ["5*8 CM~", "TWO"]


def test_space_as_release_means_no_release_character() -> None:
    assert ServiceCharacters.from_una(":+.  '").release is None


def test_clashing_separators_are_reported() -> None:
    assert ServiceCharacters.from_una("++.? '").clashes() is not None
    assert DEFAULT.clashes() is None


def test_missing_final_terminator_is_noticed() -> None:
    tokenizer = Tokenizer("UNZ+1+REF", DEFAULT)
    assert [segment.tag for segment in tokenizer] == ["UNZ"]
    assert tokenizer.unterminated


def test_doubled_terminators_give_no_empty_segment() -> None:
    assert [tag for tag, _, _ in tokens("BGM+785''LOC+5+X'")] == ["BGM", "LOC"]


def test_lower_case_tags_are_upper_cased() -> None:
    assert tokens("loc+5+KZKUR'")[0][0] == "LOC"


@pytest.mark.parametrize("split_at", [CHUNK_SIZE - 1, CHUNK_SIZE, CHUNK_SIZE + 1])
def test_segments_across_chunk_boundaries(split_at: int) -> None:
    filler = "FTX+AAA+++" + "X" * (split_at - 12) + "?'"
    text = filler + "Y'\nLOC+5+KZKUR'\n"
    found = list(Tokenizer(text, DEFAULT))
    assert [segment.tag for segment in found] == ["FTX", "LOC"]
    assert found[0].get(3).endswith("X'Y")
    assert found[1].line == 2


def test_get_beyond_the_end_is_empty() -> None:
    [segment] = Tokenizer("LOC+5'", DEFAULT)
    assert (segment.get(1), segment.get(0, 2), segment.components(4)) == ("", "", [])


def test_piece_without_a_tag_is_skipped() -> None:
    assert [tag for tag, _, _ in tokens("+X'\n BGM+1'")] == ["BGM"]
