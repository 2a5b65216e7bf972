"""The envelope: UNA, UNB/UNZ, UNG/UNE, UNH/UNT, truncation, files that are not EDIFACT."""

from __future__ import annotations

import pytest
from edifact_helpers import edi, record, sample

from portcontrol.core.errors import ReadError
from portcontrol.core.formats.edifact import detect_message_type, read_cuscar

HEADER = ("UNH+1+CUSCAR:D:95B:UN", "BGM+785+V1+9", "TDT+20+V1+1")


def test_correct_counts_give_no_envelope_warning() -> None:
    builder = record(edi(*HEADER, "CNI+1+BL1"))
    assert builder.codes() == []


def test_wrong_declared_counts_and_references_are_warned_with_their_place() -> None:
    builder = record(sample("cuscar_wrong_counts.edi"))
    warnings = {issue.code: issue for issue in builder.manifest.issues}
    assert set(warnings) == {
        "edifact.segment_count",
        "edifact.message_reference",
        "edifact.interchange_count",
        "edifact.interchange_reference",
    }
    unt = warnings["edifact.segment_count"]
    assert (unt.place.line, unt.place.segment, unt.place.tag) == (25, 23, "UNT")
    assert "99" in unt.message and "23" in unt.message
    assert len(builder.of("consignment")) == 1


def test_functional_groups_are_read_and_checked() -> None:
    builder = record(sample("cuscar_functional_groups.edi"))
    assert [row["document_number"] for row in builder.of("consignment")] == ["BL0001", "BL0002"]
    assert builder.codes() == []


def test_group_count_mismatch_is_warned() -> None:
    data = sample("cuscar_functional_groups.edi").replace(b"UNE+2+G1", b"UNE+3+G9")
    codes = record(data).codes()
    assert "edifact.group_count" in codes and "edifact.group_reference" in codes


def test_several_messages_per_interchange_each_give_their_rows() -> None:
    data = edi(
        *HEADER,
        "CNI+1+BL1",
        "UNT+5+1",
        "UNH+2+CUSCAR:D:95B:UN",
        "TDT+20+V2+1",
        "CNI+1+BL2",
        "UNT+4+2",
    ).replace(b"UNZ+1+", b"UNZ+2+")
    builder = record(data)
    assert [row["voyage_number"] for row in builder.of("consignment")] == ["V1", "V2"]
    assert builder.codes() == []


def test_segment_numbers_count_from_unh() -> None:
    builder = record(edi(*HEADER, "CNI+1+BL1"))
    [place] = builder.places("consignment")
    assert (place.segment, place.tag, place.line) == (4, "CNI", 6)


def test_data_after_unz_is_ignored_with_a_warning() -> None:
    builder = record(sample("cuscar_after_unz.edi"))
    assert builder.codes() == ["edifact.after_unz"]
    assert len(builder.of("consignment")) == 1


def test_truncated_file_keeps_the_complete_messages() -> None:
    builder = record(sample("cuscar_truncated.edi"))
    assert [row["document_number"] for row in builder.of("consignment")] == ["BL1101"]
    assert builder.codes() == ["edifact.truncated", "edifact.unz_missing"]
    assert "line 26" in builder.manifest.issues[0].message


def test_truncated_file_without_a_complete_message_is_refused() -> None:
    with pytest.raises(ReadError) as error:
        read_cuscar(sample("cuscar_truncated_only_message.edi"))
    assert error.value.code == "edifact.truncated"


def test_message_without_unt_before_unz_is_kept_with_a_warning() -> None:
    data = edi(*HEADER, "CNI+1+BL1", "UNT+5+1").replace(b"UNT+5+1'\n", b"")
    builder = record(data)
    assert len(builder.of("consignment")) == 1
    assert builder.codes() == ["edifact.unt_missing"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   \n",
        b"<?xml version='1.0'?><manifest/>",
        b"voyage;hs\nV1;291524\n",
        b"\x00\x01\x02UNB",
        b"UNA:+",
        b"UNA+++? '",
    ],
)
def test_what_is_not_edifact_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(ReadError) as error:
        read_cuscar(data)
    assert error.value.reason


def test_not_edifact_sample_names_what_it_starts_with() -> None:
    with pytest.raises(ReadError) as error:
        read_cuscar(sample("not_edifact.edi"))
    assert error.value.code == "edifact.not_edifact"
    assert "voyage_number" in error.value.reason


def test_other_message_types_are_skipped_with_a_warning() -> None:
    data = edi("UNH+1+PAXLST:D:02B:UN", "BGM+745").replace(b"UNZ+1", b"UNZ+1")
    with pytest.raises(ReadError):
        read_cuscar(data)
    mixed = edi(*HEADER, "CNI+1+BL1", "UNT+5+1", "UNH+2+PAXLST:D:02B:UN", "BGM+745", "UNT+3+2")
    builder = record(mixed.replace(b"UNZ+1+", b"UNZ+2+"))
    assert "edifact.message_type" in builder.codes()


def test_byte_order_mark_is_dropped() -> None:
    builder = record(sample("cuscar_bom_unow.edi"))
    assert builder.codes() == []
    assert builder.of("consignment")[0]["shipper_name"] == "ТОО КАСПИЙ ТРЕЙД"


def test_utf16_file_is_read_with_a_warning() -> None:
    data = edi(*HEADER, "CNI+1+BL1").decode("utf-8").encode("utf-16")
    builder = record(data)
    assert builder.codes() == ["edifact.utf16"]
    assert len(builder.of("consignment")) == 1


def test_missing_unb_is_tolerated_with_a_warning() -> None:
    body = "".join(f"{s}'" for s in (*HEADER, "CNI+1+BL1", "UNT+5+1"))
    builder = record(body.encode())
    assert "edifact.unb_missing" in builder.codes()
    assert len(builder.of("consignment")) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cuscar_layout.edi", "CUSCAR"),
        ("cuscar_bom_unow.edi", "CUSCAR"),
        ("cuscar_una_separators.edi", "CUSCAR"),
        ("paxlst_ferry_totals.edi", "PAXLST"),
        ("baplie_bay_plan.edi", "BAPLIE"),
        ("not_edifact.edi", None),
    ],
)
def test_detect_message_type(name: str, expected: str | None) -> None:
    assert detect_message_type(sample(name)) == expected


def test_detect_message_type_of_another_message_is_none() -> None:
    assert detect_message_type(edi("UNH+1+INVOIC:D:96A:UN")) is None


def test_level_b_separators_without_una() -> None:
    segments = [
        "UNB\x1dUNOB:3\x1dA\x1dB\x1d240501:0900\x1dR1",
        "UNH\x1d1\x1dCUSCAR\x1fD\x1f95B",
        "TDT\x1d20\x1dV1\x1d1",
        "CNI\x1d1\x1dBL1",
        "UNT\x1d4\x1d1",
        "UNZ\x1d1\x1dR1",
    ]
    builder = record(("\x1c".join(segments) + "\x1c").encode("ascii"))
    assert builder.codes() == []
    assert builder.of("consignment")[0]["document_number"] == "BL1"


def test_una_with_a_separator_outside_ascii_is_refused() -> None:
    with pytest.raises(ReadError) as error:
        read_cuscar("UNA:+.? §UNB+UNOC:3+A+B+1+1§".encode("latin-1"))
    assert error.value.code == "edifact.una"
