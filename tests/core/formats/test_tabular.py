"""CSV and XLSX manifests: column names, encodings, places, streaming, writers, templates."""

from __future__ import annotations

import csv
import io
from dataclasses import fields as dataclass_fields
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.formats import (
    iter_csv_rows,
    open_csv,
    read_csv_batches,
    read_manifest,
    write_cargo_units_csv,
    write_csv,
    write_people_csv,
    write_xlsx,
)
from portcontrol.core.formats.tabular import (
    COLUMN_NAMES,
    TABLES,
    column_key,
    map_header,
)
from portcontrol.core.formats.templates import (
    LANGUAGES,
    shipped_template,
    template_csv,
    template_xlsx,
)
from portcontrol.core.records import CargoUnitKind, PersonRole, TransportMode

DOCS = Path(__file__).resolve().parents[3] / "docs" / "formats.md"

GOODS_HEADER = [
    "voyage_number", "transport_mode", "vessel_name", "vessel_imo", "departure_port",
    "arrival_port", "departure_time", "document_number", "shipper_name", "shipper_country",
    "consignee_name", "item_number", "hs_code", "goods_description", "packages", "package_type",
    "gross_weight_kg", "value", "currency", "cargo_unit_id", "seals", "size_type",
]  # fmt: skip


def goods_row(item: int = 1, **changes: str) -> list[str]:
    """One goods line of a ferry crossing Kuryk to Alyat; keyword arguments change fields."""
    values = {
        "voyage_number": "KZKUR-AZALA-0001",
        "transport_mode": "ferry",
        "vessel_name": "Professor Gul",
        "vessel_imo": "9321483",
        "departure_port": "KZKUR",
        "arrival_port": "AZALA",
        "departure_time": "2024-05-01T10:00:00",
        "document_number": "MBL0001",
        "shipper_name": "ТОО «Арман Транс»",
        "shipper_country": "KZ",
        "consignee_name": "Bakı Tranzit MMC",
        "item_number": str(item),
        "hs_code": "291524",
        "goods_description": "Acetic anhydride",
        "packages": "20",
        "package_type": "DR",
        "gross_weight_kg": "4000.5",
        "value": "12000",
        "currency": "USD",
        "cargo_unit_id": "MSCU1234566",
        "seals": "KZ0001;KZ0002",
        "size_type": "45G1",
    }
    values.update(changes)
    return [values[name] for name in GOODS_HEADER]


def csv_bytes(
    header: list[str], rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8"
) -> bytes:
    """A CSV file as bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def plain(records: list[Any]) -> list[dict[str, Any]]:
    """Records as dicts without their places and warnings, for comparing content."""
    return [
        {
            field.name: getattr(record, field.name)
            for field in dataclass_fields(record)
            if field.name not in ("place", "issues")
        }
        for record in records
    ]


def codes(manifest: Any) -> list[str]:
    """The codes of a manifest's file-level warnings."""
    return [issue.code for issue in manifest.issues]


# --- column names ------------------------------------------------------------------------------


def test_russian_headers_in_cp1251_with_semicolons_are_read() -> None:
    header = ["Номер рейса", "Номер коносамента", "Код ТН ВЭД", "Описание товара",
              "Вес брутто, кг", "Номер контейнера", "Отправитель", "Получатель"]  # fmt: skip
    row = ["KZKUR-AZALA-0001", "MBL0001", "2915.24", "Уксусный ангидрид", "4000,5",
           "MSCU1234566", "ТОО Арман", "ООО Баку"]  # fmt: skip
    manifest = read_manifest(csv_bytes(header, [row], delimiter=";", encoding="cp1251"))
    (consignment,) = manifest.consignments
    assert consignment.hs_code == "291524"
    assert consignment.description == "Уксусный ангидрид"
    assert consignment.cargo_unit_ids == ["MSCU1234566"]
    assert {party.name for party in manifest.parties} == {"ТОО Арман", "ООО Баку"}
    assert "file.encoding" in codes(manifest)


def test_english_synonyms_ignore_case_spaces_and_underscores() -> None:
    header = ["Voyage No", "Bill of Lading", "HS", "DESCRIPTION", "Gross Weight (kg)", "Container"]
    row = ["V1", "B1", "010121", "Horses", "900", "MSCU1234566"]
    (consignment,) = read_manifest(csv_bytes(header, [row])).consignments
    assert (consignment.hs_code, consignment.gross_weight_kg) == ("010121", Decimal("900"))
    assert consignment.cargo_unit_ids == ["MSCU1234566"]


def test_unknown_columns_give_one_warning_naming_them() -> None:
    header = [*GOODS_HEADER, "Colour", "Цвет"]
    manifest = read_manifest(csv_bytes(header, [[*goods_row(), "red", "красный"]]))
    unknown = [issue for issue in manifest.issues if issue.code == "table.unknown_columns"]
    assert len(unknown) == 1
    assert "Colour" in unknown[0].message and "Цвет" in unknown[0].message
    assert len(manifest.consignments) == 1


def test_missing_required_columns_are_named() -> None:
    with pytest.raises(ReadError) as refused:
        read_manifest(csv_bytes(["voyage_number", "hs_code"], [["V1", "291524"]]))
    assert refused.value.code == "table.missing_columns"
    assert "document_number" in refused.value.reason
    assert "goods_description" in refused.value.reason


def test_a_header_without_manifest_columns_is_refused() -> None:
    with pytest.raises(ReadError) as refused:
        read_manifest(b"name,age\nAnna,30\n")
    assert refused.value.code == "table.unknown"


def test_no_accepted_name_means_two_fields_in_one_table() -> None:
    for table in TABLES:
        owners: dict[str, set[str]] = {}
        for name in table.fields:
            english, russian = COLUMN_NAMES[name]
            for alias in (name, *english, *russian):
                owners.setdefault(column_key(alias), set()).add(name)
        clashes = {key: names for key, names in owners.items() if len(names) > 1}
        assert clashes == {}, table.kind


def test_every_field_has_a_russian_name() -> None:
    for table in TABLES:
        assert all(COLUMN_NAMES[name][1] for name in table.fields), table.kind


def test_docs_list_every_accepted_column_name() -> None:
    text = DOCS.read_text(encoding="utf-8")
    missing = [
        alias
        for name, (english, russian) in COLUMN_NAMES.items()
        for alias in (name, *english, *russian)
        if alias not in text
    ]
    assert missing == []


def test_repeated_column_keeps_the_first_and_warns() -> None:
    header = map_header(["voyage_number", "document_number", "hs", "hs_code", "description"],
                        Place(line=1))  # fmt: skip
    assert header.fields == ("voyage_number", "document_number", "hs_code", "goods_description")
    assert header.positions == (0, 1, 2, 4)
    assert [issue.code for issue in header.issues] == ["table.duplicate_columns"]


# --- encodings, delimiters, places ----------------------------------------------------------


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_delimiter_is_sniffed(delimiter: str) -> None:
    data = csv_bytes(GOODS_HEADER, [goods_row(1), goods_row(2)], delimiter=delimiter)
    assert len(read_manifest(data).consignments) == 2


def test_utf8_with_byte_order_mark_reads_the_first_column() -> None:
    data = b"\xef\xbb\xbf" + csv_bytes(GOODS_HEADER, [goods_row()])
    manifest = read_manifest(data)
    assert manifest.voyages[0].number == "KZKUR-AZALA-0001"
    assert "file.encoding" not in codes(manifest)


def test_utf16_tab_separated_text_from_excel_is_read() -> None:
    text = csv_bytes(GOODS_HEADER, [goods_row()], delimiter="\t").decode()
    manifest = read_manifest(text.encode("utf-16"))
    assert manifest.format == "csv"
    assert manifest.parties[0].name == "ТОО «Арман Транс»"


def test_a_cp1251_line_in_a_utf8_file_is_read_with_a_warning() -> None:
    good = csv_bytes(GOODS_HEADER, [goods_row(1)])
    odd = csv_bytes(
        GOODS_HEADER,
        [goods_row(2, goods_description="Уксус", consignee_name="Баку")],
        encoding="cp1251",
    )
    manifest = read_manifest(good + odd.split(b"\r\n", 1)[1])
    assert [c.description for c in manifest.consignments] == ["Acetic anhydride", "Уксус"]
    (warning,) = [issue for issue in manifest.issues if issue.code == "file.encoding"]
    assert warning.place.line == 3


def test_rows_keep_their_line_across_quoted_line_breaks_and_blank_lines() -> None:
    rows = [goods_row(1, goods_description="two\nlines"), ["", ""] + [""] * 20, goods_row(2)]
    data = (
        csv_bytes(GOODS_HEADER, rows)
        + b"\r\n"
        + csv_bytes(GOODS_HEADER, [goods_row(3)])[len(csv_bytes(GOODS_HEADER, [])) :]
    )
    manifest = read_manifest(data)
    assert [c.place.line for c in manifest.consignments] == [2, 5, 7]
    assert manifest.consignments[0].description == "two lines"


def test_hs_code_saved_by_a_spreadsheet_as_float_text_loses_its_point_zero() -> None:
    (consignment,) = read_manifest(
        csv_bytes(GOODS_HEADER, [goods_row(hs_code="2915240000.0")])
    ).consignments
    assert consignment.hs_code == "2915240000"


def test_short_rows_are_padded_and_long_rows_warned() -> None:
    short = goods_row(1)[:14]
    long = [*goods_row(2), "surplus"]
    manifest = read_manifest(csv_bytes(GOODS_HEADER, [short, long]))
    assert len(manifest.consignments) == 2
    assert manifest.consignments[0].gross_weight_kg is None
    assert "table.surplus_cells" in codes(manifest)


def test_rejected_row_keeps_its_line_and_neighbours_are_kept() -> None:
    rows = [goods_row(1), goods_row(2, gross_weight_kg="heavy"), goods_row(3)]
    manifest = read_manifest(csv_bytes(GOODS_HEADER, rows))
    assert [c.item_number for c in manifest.consignments] == [1, 3]
    (rejected,) = manifest.rejected
    assert rejected.place.line == 3
    assert rejected.fields["gross_weight_kg"] == "heavy"


def test_people_csv_gives_persons() -> None:
    header = ["Номер рейса", "Категория", "Фамилия", "Имя", "Дата рождения", "Гражданство"]
    rows = [["KZKUR-AZALA-0001", "водитель", "Иванов", "Пётр", "1980-02-03", "KZ"]]
    (person,) = read_manifest(csv_bytes(header, rows)).persons
    assert (person.role, person.family_name, person.nationality) == (
        PersonRole.DRIVER,
        "Иванов",
        "KZ",
    )


def test_cargo_units_csv_gives_cargo_units() -> None:
    header = ["voyage_number", "cargo_unit_id", "cargo_unit_type", "vehicle_plate", "is_empty"]
    rows = [["V1", "01ABC123", "truck", "01 ABC 123", "yes"]]
    (unit,) = read_manifest(csv_bytes(header, rows)).cargo_units
    assert (unit.kind, unit.vehicle_plate, unit.is_empty) == (CargoUnitKind.TRUCK, "01ABC123", True)


# --- streaming ---------------------------------------------------------------------------------


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like an upload arriving over the network."""

    def __init__(self, data: bytes) -> None:
        self._source = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._source.read(min(len(buffer), 7))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_iter_csv_rows_maps_fields_from_an_unseekable_stream() -> None:
    data = csv_bytes(GOODS_HEADER, [goods_row(item) for item in range(1, 4)])
    rows = list(iter_csv_rows(io.BufferedReader(_Pipe(data), buffer_size=16)))
    assert [fields["item_number"] for fields, _ in rows] == ["1", "2", "3"]
    assert [place.line for _, place in rows] == [2, 3, 4]
    assert rows[0][0]["shipper_name"] == "ТОО «Арман Транс»"


def test_batches_split_rows_and_keep_numbering_goods_items_across_them() -> None:
    header = [name for name in GOODS_HEADER if name != "item_number"]
    rows = [[value for name, value in zip(GOODS_HEADER, goods_row(), strict=True)
             if name != "item_number"] for _ in range(5)]  # fmt: skip
    rows[0].append("surplus")
    batches = list(read_csv_batches(io.BytesIO(csv_bytes(header, rows)), batch_size=2))
    assert [len(batch.consignments) for batch in batches] == [2, 2, 1]
    numbers = [c.item_number for batch in batches for c in batch.consignments]
    assert numbers == [1, 2, 3, 4, 5]
    assert "table.surplus_cells" in codes(batches[-1])


def test_open_csv_tells_the_table_kind_and_delimiter() -> None:
    table = open_csv(io.BytesIO(b"voyage_number;person_role;family_name\nV1;crew;Aliyev\n"))
    assert (table.kind, table.delimiter) == ("person", ";")


# --- XLSX --------------------------------------------------------------------------------------


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An XLSX workbook with the given sheets and rows (cells typed as given)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_numeric_cells_become_text_without_point_zero() -> None:
    header = ["Номер рейса", "Номер коносамента", "Код ТН ВЭД", "Описание товара", "Номер ИМО",
              "Вес брутто, кг", "Время отправления"]  # fmt: skip
    rows = [
        ["V1", "B1", 2915240000.0, "Acetic anhydride", 9321483, 12.5, datetime(2024, 5, 1, 10)],
        ["V1", "B1", 10121, "Horses", 9321483, 900, datetime(2024, 5, 1, 10)],
    ]
    manifest = read_manifest(workbook_bytes({"Грузы": [header, *rows]}), name="m.xlsx")
    first, second = manifest.consignments
    assert first.hs_code == "2915240000"
    assert first.gross_weight_kg == Decimal("12.5")
    assert second.hs_code == "010121"  # Excel dropped the zero; validation restored it
    assert any(issue.code == "hs.leading_zero" for issue in second.issues)
    assert manifest.voyages[0].imo == "9321483"
    assert manifest.voyages[0].departure_time is not None
    assert first.place == Place(line=2, sheet="Грузы")


def test_header_below_a_title_row_and_unknown_sheets_are_handled() -> None:
    data = workbook_bytes(
        {
            "notes": [["Prepared by the carrier"], ["anything", "else"]],
            "manifest": [["Cargo manifest, ferry Professor Gul"], GOODS_HEADER, goods_row()],
            "empty": [],
        }
    )
    manifest = read_manifest(data)
    (consignment,) = manifest.consignments
    assert consignment.place == Place(line=3, sheet="manifest")
    assert [issue.message for issue in manifest.issues if issue.code == "table.unknown_sheet"] == [
        "sheet notes ignored: no manifest columns in its first rows"
    ]


def test_workbook_without_manifest_sheets_is_refused() -> None:
    with pytest.raises(ReadError) as refused:
        read_manifest(workbook_bytes({"Sheet": [["a", "b"], [1, 2]]}))
    assert refused.value.code == "table.unknown"


def test_missing_columns_in_a_sheet_name_the_sheet() -> None:
    with pytest.raises(ReadError) as refused:
        read_manifest(workbook_bytes({"goods": [["voyage_number", "hs_code"], ["V1", "010121"]]}))
    assert refused.value.place.sheet == "goods"
    assert "document_number" in refused.value.reason


# --- writers and round trips -----------------------------------------------------------------


def sample_manifest() -> Any:
    """A ferry voyage with two bills, one container and one truck, a driver and a passenger."""
    rows = [
        goods_row(1),
        goods_row(2, hs_code="010121", goods_description="Horses", gross_weight_kg="900"),
        goods_row(1, document_number="MBL0002", cargo_unit_id="01ABC123", seals="",
                  size_type="", consignee_name="ООО «Баку Транзит»", value="", currency=""),
    ]  # fmt: skip
    goods = read_manifest(csv_bytes([*GOODS_HEADER, "cargo_unit_type"],
                                     [[*row, "container" if i < 2 else "truck"]
                                      for i, row in enumerate(rows)]))  # fmt: skip
    people = read_manifest(
        csv_bytes(
            ["voyage_number", "person_role", "family_name", "given_names", "date_of_birth",
             "nationality", "gender", "travel_document_number", "vehicle_plate"],
            [["KZKUR-AZALA-0001", "driver", "Иванов", "Пётр", "1980-02-03", "KZ", "M",
              "N1234567", "01ABC123"],
             ["KZKUR-AZALA-0001", "passenger", "Aliyeva", "Leyla", "1992-11-30", "AZ", "F",
              "C7654321", ""]],
        )
    )  # fmt: skip
    units = read_manifest(
        csv_bytes(
            ["voyage_number", "cargo_unit_id", "cargo_unit_type", "is_empty", "loading_port"],
            [["KZKUR-AZALA-0001", "TGHU1234567", "container", "yes", "KZKUR"]],
        )
    )
    goods.persons = people.persons
    goods.cargo_units += units.cargo_units
    return goods


def assert_same_records(read: Any, written: Any) -> None:
    """Two manifests hold the same records, whatever their places."""
    for kind in ("voyages", "documents", "consignments", "parties", "cargo_units", "persons"):
        assert plain(getattr(read, kind)) == plain(getattr(written, kind)), kind


def test_sample_manifest_is_clean() -> None:
    sample = sample_manifest()
    assert sample.counts() == {
        "voyages": 1, "documents": 2, "consignments": 3, "cargo_units": 3, "parties": 4,
        "persons": 2, "rejected": 0,
    }  # fmt: skip
    assert sample.voyages[0].transport_mode is TransportMode.FERRY


def test_xlsx_written_reads_back_to_the_same_records() -> None:
    sample = sample_manifest()
    data = write_xlsx(sample)
    assert load_workbook(io.BytesIO(data), read_only=True).sheetnames == [
        "consignments",
        "people",
        "cargo_units",
    ]
    back = read_manifest(data)
    assert back.format == "xlsx"
    assert back.rejected == []
    assert_same_records(back, sample)


def test_csv_files_written_read_back_to_the_same_records() -> None:
    sample = sample_manifest()
    goods = read_manifest(write_csv(sample), name="consignments.csv")
    people = read_manifest(write_people_csv(sample), name="people.csv")
    units = read_manifest(write_cargo_units_csv(sample), name="cargo_units.csv")
    for kind in ("voyages", "documents", "consignments", "parties"):
        assert plain(getattr(goods, kind)) == plain(getattr(sample, kind)), kind
    assert plain(people.persons) == plain(sample.persons)
    assert plain(units.cargo_units) == plain(sample.cargo_units)


def test_xlsx_writer_keeps_a_leading_equals_sign_as_text() -> None:
    sample = sample_manifest()
    sample.consignments[0].description = '=HYPERLINK("x")'
    back = read_manifest(write_xlsx(sample))
    assert back.consignments[0].description == '=HYPERLINK("x")'


# --- templates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", [table.kind for table in TABLES])
def test_shipped_csv_templates_match_the_columns_read(kind: str, language: str) -> None:
    data = shipped_template(kind, language)
    assert data == template_csv(kind, language)
    table = open_csv(io.BytesIO(data))
    assert table.kind == kind
    assert table.issues == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_xlsx_template_reads_as_an_empty_manifest_and_keeps_hs_as_text(language: str) -> None:
    data = template_xlsx(language)
    manifest = read_manifest(data)
    assert manifest.counts()["consignments"] == 0
    assert manifest.issues == []
    sheet = load_workbook(io.BytesIO(data))["consignments"]
    letter = _letter_of(sheet, "hs_code" if language == "en" else "Код ТН ВЭД")
    assert sheet.column_dimensions[letter].number_format == "@"


def _letter_of(sheet: Any, title: str) -> str:
    """The column letter of a header cell."""
    for cell in sheet[1]:
        if cell.value == title:
            return str(cell.column_letter)
    raise AssertionError(title)
