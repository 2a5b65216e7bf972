"""Telling formats from content, and read_manifest's dispatch."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from portcontrol.core.errors import ReadError
from portcontrol.core.formats import FORMATS, detect_format, read_manifest
from portcontrol.core.formats.detect import format_from_name, is_binary

GOODS_CSV = (
    b"voyage_number,document_number,hs_code,goods_description,gross_weight_kg\r\n"
    b"KZKUR-AZALA-0001,MBL0001,291524,Acetic anhydride,4000\r\n"
)
PEOPLE_CSV = b"voyage_number,person_role,family_name\r\nKZKUR-AZALA-0001,crew,Aliyev\r\n"
JSON_MANIFEST = json.dumps(
    {
        "Declaration": {
            "BorderTransportMeans": {"JourneyID": "KZKUR-AZALA-0001"},
            "Consignment": {
                "TransportContractDocument": {"ID": "MBL0001"},
                "GoodsItem": {"Commodity": {"Description": "Wheat"}},
            },
        }
    }
).encode()


def xlsx_bytes() -> bytes:
    """A small workbook with one goods row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["voyage_number", "document_number", "goods_description"])
    sheet.append(["KZKUR-AZALA-0001", "MBL0001", "Wheat"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (GOODS_CSV, "csv"),
        (b"\xef\xbb\xbf" + GOODS_CSV, "csv"),
        (GOODS_CSV.decode().encode("utf-16"), "csv"),
        ("Номер рейса;Фамилия\r\n".encode("cp1251"), "csv"),
        (JSON_MANIFEST, "json"),
        (b"\xef\xbb\xbf\r\n  " + JSON_MANIFEST, "json"),
        (b"UNA:+.? 'UNB+UNOC:3+CARRIER+CUSTOMS+240501:1200+1'UNH+1+CUSCAR:D:95B:UN'", "cuscar"),
        (b"UNB+UNOW:4+A+B+240501:1200+1'\nUNH+1+BAPLIE:D:95B:UN:SMDG22'", "baplie"),
        (b"UNA:+.? '\r\nUNB+UNOE:3+A+B+240501:1200+1'UNH + 9 + PAXLST:D:02B:UN:IATA'", "paxlst"),
    ],
)
def test_format_is_told_from_content(data: bytes, expected: str) -> None:
    assert detect_format(data, "upload.bin") == expected


def test_xlsx_is_told_from_its_zip_magic_whatever_its_name() -> None:
    assert detect_format(xlsx_bytes(), "manifest.csv") == "xlsx"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "legacy .xls"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    ],
)
def test_other_kinds_of_file_are_refused_by_name(data: bytes, what: str) -> None:
    with pytest.raises(ReadError) as refused:
        detect_format(data, "manifest.csv")
    assert what in refused.value.reason
    assert refused.value.code == "file.not_a_manifest"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t ", b"\x00\x01\x02\x03binary", bytes(range(256))])
def test_empty_and_binary_files_are_refused(data: bytes) -> None:
    with pytest.raises(ReadError) as refused:
        detect_format(data)
    assert refused.value.code in ("file.empty", "file.binary")


def test_edifact_without_a_known_message_is_refused() -> None:
    with pytest.raises(ReadError) as refused:
        detect_format(b"UNB+UNOC:3+A+B+240501:1200+1'UNH+1+INVOIC:D:96A:UN'")
    assert refused.value.code == "edifact.unknown_message"


def test_binary_means_nul_or_many_control_characters() -> None:
    assert not is_binary("Номер рейса;Фамилия\r\n\tx".encode())
    assert is_binary(b"a" * 50 + b"\x1b" * 2)
    assert not is_binary(b"a" * 500 + b"\x1b")


def test_name_extension_is_only_a_claim() -> None:
    assert format_from_name("bay plan.EDI") == "edifact"
    assert format_from_name("manifest.xlsx") == "xlsx"
    assert format_from_name("manifest") is None


def test_read_manifest_sets_the_format_read_and_reads_people_csv() -> None:
    manifest = read_manifest(PEOPLE_CSV, name="crew.csv")
    assert manifest.format == "csv"
    assert [person.family_name for person in manifest.persons] == ["Aliyev"]
    assert manifest.issues == []


def test_a_misnamed_file_is_read_by_content_with_a_warning() -> None:
    manifest = read_manifest(GOODS_CSV, name="manifest.json")
    assert manifest.format == "csv"
    assert len(manifest.consignments) == 1
    assert manifest.issues[0].code == "file.misnamed"
    assert "manifest.json" in manifest.issues[0].message


def test_a_forced_format_skips_detection() -> None:
    data = b"voyage_number,document_number,goods_description\r\nV1,B1,{braces}\r\n"
    manifest = read_manifest(data, format="csv")
    assert manifest.consignments[0].description == "{braces}"
    with pytest.raises(ReadError) as refused:
        read_manifest(GOODS_CSV, format="json")
    assert refused.value.code == "json.syntax"


def test_an_unknown_forced_format_is_refused() -> None:
    with pytest.raises(ReadError) as refused:
        read_manifest(GOODS_CSV, format="xml")
    assert refused.value.code == "file.format"
    assert "csv" in refused.value.reason


def test_every_format_reads_through_read_manifest() -> None:
    assert read_manifest(xlsx_bytes()).format == "xlsx"
    assert read_manifest(JSON_MANIFEST).format == "json"
    assert set(FORMATS) == {"csv", "xlsx", "json", "cuscar", "baplie", "paxlst"}


def test_edifact_files_are_dispatched_to_the_edifact_readers() -> None:
    edifact = pytest.importorskip("portcontrol.core.formats.edifact")
    source = read_manifest(JSON_MANIFEST)
    cases = (("cuscar", edifact.write_cuscar), ("baplie", edifact.write_baplie))
    for expected, write in cases:
        data = write(source)
        assert detect_format(data, "x.edi") == expected
        assert read_manifest(data, name="x.edi").format == expected
    people = read_manifest(PEOPLE_CSV)
    data = edifact.write_paxlst(people)
    manifest = read_manifest(data, name="crew.edi")
    assert manifest.format == "paxlst"
    assert [person.family_name for person in manifest.persons] == ["Aliyev"]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.csv", GOODS_CSV)
    with pytest.raises(ReadError) as refused:
        read_manifest(buffer.getvalue(), name="manifest.xlsx")
    assert refused.value.code == "xlsx.not_workbook"
