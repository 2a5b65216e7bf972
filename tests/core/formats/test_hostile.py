"""Hostile, broken and random input: refused with a ReadError, never anything else."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portcontrol.core.errors import ReadError
from portcontrol.core.formats import DEFAULT_LIMITS, read_manifest, wco_json, write_json, write_xlsx
from portcontrol.core.formats.limits import json_depth
from portcontrol.core.records import Manifest

GOODS_CSV = (
    "voyage_number;document_number;hs_code;goods_description;gross_weight_kg;cargo_unit_id\r\n"
    "KZKUR-AZALA-0001;MBL0001;291524;Уксусный ангидрид;4000,5;MSCU1234566\r\n"
    'KZKUR-AZALA-0001;MBL0001;"010121";"Horses; live";900;MSCU1234566\r\n'
).encode()


def valid_manifest() -> Manifest:
    """A small manifest read from CSV, for writing valid files of the other formats."""
    return read_manifest(GOODS_CSV)


VALID_XLSX = write_xlsx(valid_manifest())
VALID_JSON = write_json(valid_manifest())


def refused(data: bytes, **options: object) -> ReadError:
    """The ReadError a file is refused with (fails the test when it is read)."""
    with pytest.raises(ReadError) as error:
        read_manifest(data, **options)  # type: ignore[arg-type]
    return error.value


def zip_of(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip archive of the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def workbook_parts(replacements: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The parts of the valid workbook, some replaced or added."""
    with zipfile.ZipFile(io.BytesIO(VALID_XLSX)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts.update(replacements or {})
    return parts


# --- size --------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [GOODS_CSV, VALID_XLSX, VALID_JSON])
def test_a_file_over_the_size_limit_is_refused(data: bytes) -> None:
    small = replace(DEFAULT_LIMITS, max_file_bytes=100, max_json_bytes=100)
    assert refused(data, limits=small).code == "file.too_large"
    assert read_manifest(data).consignments  # the same file within the limits is read


# --- zip bombs and zips that are not workbooks -------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_before_unpacking() -> None:
    bomb = zip_of(workbook_parts({"xl/worksheets/sheet1.xml": b"<" + b"0" * (8 << 20)}))
    error = refused(bomb)
    assert error.code == "zip.bomb"
    assert "expands" in error.reason


def test_a_zip_declaring_too_much_unpacked_data_is_refused() -> None:
    data = zip_of(workbook_parts({"xl/media/filler.bin": b"\x00" * 300_000}))
    small = replace(DEFAULT_LIMITS, max_xlsx_uncompressed_bytes=200_000)
    assert refused(data, limits=small).code == "zip.bomb"


def test_a_zip_with_too_many_entries_is_refused() -> None:
    parts = workbook_parts()
    parts.update({f"xl/media/image{number}.bin": b"x" for number in range(60)})
    small = replace(DEFAULT_LIMITS, max_zip_entries=50)
    assert refused(zip_of(parts), limits=small).code == "zip.too_many_entries"


def test_a_workbook_part_declaring_entities_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><sst>&lol2;</sst>'
    )
    error = refused(zip_of(workbook_parts({"xl/sharedStrings.xml": laughs})))
    assert error.code == "xml.dtd"


@pytest.mark.parametrize(
    ("entries", "what"),
    [
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"},
         "OpenDocument"),
        ({"[Content_Types].xml": b"<Types><Override ContentType="
          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
          b"/></Types>", "word/document.xml": b"<w/>"}, "Word document"),
        ({"readme.txt": b"hello"}, "not an XLSX workbook"),
    ],
)  # fmt: skip
def test_a_zip_that_is_not_a_workbook_says_what_it_is(entries: dict[str, bytes], what: str) -> None:
    error = refused(zip_of(entries), name="manifest.xlsx")
    assert error.code == "xlsx.not_workbook"
    assert what in error.reason


def test_an_encrypted_or_legacy_workbook_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert "password-protected" in refused(ole, name="manifest.xlsx").reason


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9, 0.99])
def test_a_truncated_workbook_is_refused(keep: float) -> None:
    error = refused(VALID_XLSX[: int(len(VALID_XLSX) * keep)])
    assert error.code in ("zip.damaged", "xlsx.damaged")


def test_a_workbook_with_a_damaged_sheet_is_refused_whole() -> None:
    parts = workbook_parts()
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-40]
    assert refused(zip_of(parts)).code == "xlsx.damaged"


# --- JSON --------------------------------------------------------------------------------------


def test_deep_nesting_is_refused_before_the_parser_sees_it(monkeypatch: pytest.MonkeyPatch) -> None:
    def parser_must_not_run(*args: object, **kwargs: object) -> None:
        raise AssertionError("json.loads ran on a hostile file")

    monkeypatch.setattr(wco_json.json, "loads", parser_must_not_run)
    deep = b'{"Declaration": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert refused(deep).code == "json.too_deep"


def test_depth_ignores_brackets_inside_strings() -> None:
    text = json.dumps({"Declaration": {"x": "[[[[{{{{" * 100, "y": [']]]\\"[[']}}).encode()
    assert json_depth(text) == 3


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b'{"Declaration": {"BorderTransportMeans": {"JourneyID": ' + b"9" * 5000 + b"}}}",
         "json.number_too_long"),
        (b'{"Declaration": {"x": 1e' + b"9" * 400 + b"}}", "json.number_too_long"),
        (b'{"Declaration": {"x": NaN}}', "json.syntax"),
        (b'{"Declaration": {"x": "' + b"a" * 100_000 + b'"}}', "json.too_long"),
        (b'{"' + b"k" * 100_000 + b'": 1, "Declaration": {}}', "json.too_long"),
        (b'{"Declaration": {"x": "\xff\xfe"}}', "file.encoding"),
    ],
)  # fmt: skip
def test_huge_numbers_strings_and_bad_bytes_in_json_are_refused(data: bytes, code: str) -> None:
    assert refused(data).code == code


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_truncated_json_is_refused(keep: float) -> None:
    assert refused(VALID_JSON[: int(len(VALID_JSON) * keep)]).code == "json.syntax"


# --- text that is not a manifest ---------------------------------------------------------------


def test_a_png_renamed_csv_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256))
    error = refused(png, name="manifest.csv")
    assert "PNG" in error.reason


def test_utf16_without_byte_order_mark_is_refused_as_binary() -> None:
    data = GOODS_CSV.decode().encode("utf-16-le")
    assert refused(data, name="manifest.csv").code == "file.binary"


def test_bytes_valid_in_no_accepted_encoding_are_refused() -> None:
    # 0x98 is unassigned in Windows-1251 and cannot start a UTF-8 character.
    data = b"voyage_number;document_number;goods_description\r\nV1;B1;\x98\x98\r\n"
    assert refused(data).code == "file.encoding"


def test_a_field_over_the_csv_field_limit_is_refused() -> None:
    data = b'voyage_number,document_number,goods_description\r\nV1,B1,"' + b"a" * 200_000 + b'"\r\n'
    error = refused(data)
    assert error.code == "csv.syntax"
    assert error.place.line == 2


def test_a_header_wider_than_the_limit_is_refused() -> None:
    header = ",".join(["voyage_number", "document_number", "goods_description"]
                      + [f"extra{n}" for n in range(600)])  # fmt: skip
    assert refused(header.encode() + b"\r\n").code == "table.too_wide"


# --- properties: only a Manifest or a ReadError ------------------------------------------------

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes, name: str = "") -> None:
    """Read a file; a Manifest and a ReadError are the only accepted outcomes."""
    try:
        manifest = read_manifest(data, name=name)
    except ReadError as error:
        assert str(error)
        return
    assert isinstance(manifest, Manifest)
    assert manifest.format in ("csv", "xlsx", "json", "cuscar", "baplie", "paxlst")


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """A valid file with a few bytes flipped, inserted, deleted, or cut short."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "duplicate"]))
        if action == "flip":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 16))]
        elif action == "truncate":
            del data[position:]
        else:
            data[position:position] = data[position : position + draw(st.integers(1, 64))]
    return bytes(data)


@FUZZ
@given(st.binary(max_size=2048))
def test_random_bytes_give_a_manifest_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "upload.csv")


@FUZZ
@given(st.text(max_size=400))
def test_random_text_gives_a_manifest_or_a_read_error(text: str) -> None:
    read_or_refuse(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(mutated(GOODS_CSV))
def test_mutated_csv_gives_a_manifest_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "manifest.csv")


@FUZZ
@given(mutated(VALID_JSON))
def test_mutated_json_gives_a_manifest_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "manifest.json")


@FUZZ
@given(mutated(VALID_XLSX))
def test_mutated_xlsx_gives_a_manifest_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "manifest.xlsx")


@st.composite
def mutated_workbook(draw: st.DrawFn) -> bytes:
    """The valid workbook with one XML part mutated and zipped again (CRCs right), so the
    damage reaches openpyxl instead of stopping at zipfile's checks."""
    parts = workbook_parts()
    name = draw(st.sampled_from(sorted(parts)))
    parts[name] = draw(mutated(parts[name]))
    return zip_of(parts)


@FUZZ
@given(mutated_workbook())
def test_workbook_with_a_mutated_part_gives_a_manifest_or_a_read_error(data: bytes) -> None:
    read_or_refuse(data, "manifest.xlsx")


@settings(max_examples=60, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda children: st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["Declaration", "BorderTransportMeans", "JourneyID", "Consignment", "GoodsItem",
                 "TransportContractDocument", "ID", "Commodity", "Description", "Person",
                 "TransportEquipment", "Seal", "GoodsMeasure", "GrossMassMeasure", "value"]
            ),
            children,
            max_size=5,
        ),
        max_leaves=30,
    )
)  # fmt: skip
def test_json_of_any_shape_gives_a_manifest_or_a_read_error(tree: object) -> None:
    data = json.dumps({"Declaration": tree}).encode()
    read_or_refuse(data, "manifest.json")


def test_an_xlsx_cell_over_the_limit_is_refused_with_its_place() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "goods"
    sheet.append(["voyage_number", "document_number", "goods_description"])
    sheet.append(["V1", "B1", "x" * 2000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    error = refused(buffer.getvalue(), limits=replace(DEFAULT_LIMITS, max_field_chars=1000))
    assert error.code == "table.cell_too_long"
    assert (error.place.sheet, error.place.line, error.place.column) == (
        "goods",
        2,
        "goods_description",
    )
