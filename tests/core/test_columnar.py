"""The columnar path gives what the per-row path gives: values, warnings, rejected rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from portcontrol.core.columnar import ConsignmentValidator, read_csv_frames
from portcontrol.core.columnar.reading import frame_from_fields, read_csv_bytes_frames
from portcontrol.core.columnar.values import PYTHON_WHITESPACE, single_spaced, stripped
from portcontrol.core.errors import Place
from portcontrol.core.formats.tabular import read_csv
from portcontrol.core.manifest import CONSIGNMENT_ROW_FIELDS
from portcontrol.core.records import Manifest
from portcontrol.core.scenario import generate_caspian, write_scenario

# Each mutation: (row index in the scenario file, {field: new raw value}).
MUTATIONS: list[dict[str, str]] = [
    {"voyage_number": " "},
    {"document_number": ""},
    {"voyage_number": "", "document_number": ""},
    {"hs_code": "999999"},
    {"hs_code": "12ab"},
    {"hs_code": "2844.40"},  # deleted from HS 2017: kept with a warning
    {"hs_code": "2915.99"},
    {"hs_code": "10121"},
    {"packages": "many"},
    {"packages": "-3"},
    {"packages": "2.5"},
    {"gross_weight_kg": "12 kg"},
    {"net_weight_kg": "-1"},
    {"value": "1,2,3"},
    {"value": "1 234,50"},
    {"gross_weight_kg": "0012.50", "net_weight_kg": "13"},
    {"item_number": "x"},
    {"item_number": "1"},
    {"item_number": ""},
    {"cargo_unit_gross_weight_kg": "heavy"},
    {"transport_mode": "hovercraft"},
    {"vessel_imo": "9321484"},
    {"vessel_imo": "IMO 12"},
    {"departure_port": "XXZZZ", "transit_ports": "RUAST; ZZQQQ,KZAAU"},
    {"departure_time": "soon"},
    {"arrival_time": "2020-01-01T00:00:00"},
    {"document_type": "scroll"},
    {"loading_port": "QQQQQ"},
    {"shipper_name": "", "shipper_country": "KZ"},
    {"consignee_country": "Narnia"},
    {"consignee_tax_id": "123", "consignee_country": "AZ"},
    {"shipper_tax_id": "000000000000", "shipper_country": "KZ"},
    {"cargo_unit_type": "balloon"},
    {"is_empty": "perhaps"},
    {"cargo_unit_id": "MSCU1234560; TGHU7654321", "seals": "S1"},
    {"cargo_unit_id": "MSCU1234567", "cargo_unit_type": "container"},
    {"cargo_unit_id": "AB 12 C", "cargo_unit_type": ""},
    {"currency": "USX"},
    {"origin_country": "QQ"},
    {"goods_description": "  Wheat \u001f  flour\t\n"},
    {"package_type": " bg "},
    {"shipper_address": "Other street 1"},
]


@pytest.fixture(scope="module")
def scenario_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The goods CSV files of a two-day Caspian scenario, joined, then mutated row by row."""
    out = tmp_path_factory.mktemp("caspian")
    write_scenario(generate_caspian(days=2, seed=5), out)
    header: list[str] = []
    rows: list[list[str]] = []
    for path in sorted(out.glob("*.cargo.csv")):
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            header = next(reader)
            rows.extend(reader)
    assert len(rows) > 3 * len(MUTATIONS)
    for index, mutation in enumerate(MUTATIONS):
        row = rows[3 * index + 1]
        for name, value in mutation.items():
            row[header.index(name)] = value
    # A repeated document whose later rows give another loading port: a merge conflict.
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    path = out / "mutated.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def columnar(path: Path) -> Manifest:
    """A file through the columnar reader and validator, in one batch."""
    batches = [
        ConsignmentValidator().validate(frame, issues)
        for frame, issues in read_csv_frames(path, batch_size=1 << 30)
    ]
    assert len(batches) == 1
    return batches[0].to_manifest()


def issue_keys(manifest: Manifest) -> list[tuple[Any, ...]]:
    """Warnings as comparable tuples."""
    return sorted(
        (i.place.line or 0, i.place.column or "", i.code, i.message, str(i.severity))
        for i in manifest.warnings()
    )


def record_values(records: list[Any]) -> list[tuple[Any, ...]]:
    """Records without their issues, as comparable tuples."""
    found = []
    for record in records:
        values = []
        for name in record.__slots__:
            if name == "issues":
                continue
            values.append(getattr(record, name))
        found.append(tuple(values))
    return found


def test_scenario_file_is_mutated_to_hit_reasons_and_warnings(scenario_csv: Path) -> None:
    reference = read_csv(scenario_csv.read_bytes())
    codes = {issue.code for issue in reference.warnings()}
    reasons = {reason.code for item in reference.rejected for reason in item.reasons}
    assert {
        "consignment.voyage_missing",
        "consignment.document_missing",
        "hs.unknown",
        "packages.invalid",
        "packages.negative",
        "cargo_unit_gross_weight_kg.invalid",
        "item_number.invalid",
        "value.invalid",
    } <= reasons
    assert {
        "transport_mode.unknown",
        "imo.check_digit",
        "locode.unknown",
        "voyage.times_order",
        "document_type.unknown",
        "party.name_missing",
        "country.unknown",
        "tax_id.invalid",
        "cargo_unit_type.unknown",
        "is_empty.unknown",
        "cargo_unit.shared_fields",
        "container.check_digit",
        "currency.unknown",
        "consignment.duplicate_item",
        "consignment.net_above_gross",
        "hs.previous_edition",
        "record.conflict",
    } <= codes


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_columnar_equals_per_row_on_mutated_scenario(
    scenario_csv: Path, tmp_path: Path, line_end: str
) -> None:
    path = tmp_path / "ends.csv"
    path.write_bytes(scenario_csv.read_bytes().replace(b"\n", line_end.encode()))
    reference = read_csv(path.read_bytes())
    found = columnar(path)
    assert found.counts() == reference.counts()
    assert issue_keys(found) == issue_keys(reference)
    for kind in ("voyages", "documents", "consignments", "cargo_units", "parties"):
        assert record_values(getattr(found, kind)) == record_values(getattr(reference, kind)), kind
    assert [
        (r.place.line, [(i.place.column, i.code, i.message) for i in r.reasons], r.fields)
        for r in found.rejected
    ] == [
        (r.place.line, [(i.place.column, i.code, i.message) for i in r.reasons], r.fields)
        for r in reference.rejected
    ]


def test_issues_of_each_record_are_attached_to_it(scenario_csv: Path) -> None:
    reference = read_csv(scenario_csv.read_bytes())
    found = columnar(scenario_csv)
    for kind in ("voyages", "documents", "consignments", "cargo_units", "parties"):
        mine = [sorted((i.place.line, i.code) for i in r.issues) for r in getattr(found, kind)]
        theirs = [
            sorted((i.place.line, i.code) for i in r.issues) for r in getattr(reference, kind)
        ]
        assert mine == theirs, kind


def test_cp1251_file_goes_through_csv_module_with_same_result(tmp_path: Path) -> None:
    text = (
        "Номер рейса;Номер коносамента;Описание товара;Код ТН ВЭД;Вес брутто, кг\n"
        "R1;B1;Пшеница;100199;10\n\n"
        "R1;B1;Яблоки;080810;abc\n"
    )
    path = tmp_path / "cp.csv"
    path.write_bytes(text.encode("cp1251"))
    found = columnar(path)
    reference = read_csv(path.read_bytes())
    assert found.counts() == reference.counts()
    assert [r.place.line for r in found.rejected] == [4]
    assert issue_keys(found) == issue_keys(reference)


def test_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    text = (
        "voyage_number,document_number,goods_description,currency\n"
        'R1,B1,"two\nlines",USD\n'
        "R1,B2,plain,QQQ\n"
    )
    path = tmp_path / "q.csv"
    path.write_text(text, encoding="utf-8")
    found = columnar(path)
    assert [c.place.line for c in found.consignments] == [2, 4]
    assert [(i.place.line, i.code) for i in found.warnings()] == [(4, "currency.unknown")]


def test_bytes_reader_gives_frames_with_lines() -> None:
    data = b"voyage_number,document_number,goods_description\nR1,B1,x\n,,\nR1,B2,y\n"
    frames = list(read_csv_bytes_frames(data))
    assert frames[0][0]["line"].to_list() == [2, 4]


def test_frame_from_fields_keeps_missing_fields_null() -> None:
    frame = frame_from_fields(
        [({"voyage_number": "V", "hs_code": ""}, Place(segment=7, tag="CNI"))]
    )
    assert frame["voyage_number"].to_list() == ["V"]
    assert frame["hs_code"].to_list() == [""]
    assert frame["document_number"].to_list() == [None]
    assert frame["segment"].to_list() == [7]
    batch = ConsignmentValidator("cuscar").validate(frame)
    assert batch.rejected["reasons"].to_list()[0][0]["code"] == "consignment.document_missing"


def test_plain_file_check_sees_line_ends_across_chunks(tmp_path: Path, monkeypatch: Any) -> None:
    from portcontrol.core.columnar import reading

    monkeypatch.setattr(reading, "_CHUNK", 4)
    path = tmp_path / "ends.csv"
    path.write_bytes(b"a,b\r\nc,d\r\ne,f\r\n")
    assert reading._plain_file(path)
    path.write_bytes(b"a,b\r\nc,d\re,f\r\n")
    assert not reading._plain_file(path)
    path.write_bytes(b"a,b\n\nc,d\n")
    assert not reading._plain_file(path)


def test_python_whitespace_is_stripped_like_str_strip() -> None:
    values = ["\u001f a \u00a0", "  b\tc  d ", None]
    frame = pl.DataFrame({"x": values})
    assert frame.select(stripped(pl.col("x")))["x"].to_list() == ["a", "b\tc  d", None]
    assert frame.select(single_spaced(pl.col("x")))["x"].to_list() == ["a", "b c d", ""]
    assert "\u001c" in PYTHON_WHITESPACE and " " in PYTHON_WHITESPACE


def test_python_whitespace_holds_every_white_space_character() -> None:
    import sys

    everywhere = "".join(chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace())
    assert PYTHON_WHITESPACE == everywhere


def test_plain_and_other_decimals_give_the_same_values() -> None:
    rows = [
        {"voyage_number": "V", "document_number": "D", "gross_weight_kg": w, "item_number": str(n)}
        for n, w in enumerate(["0012.50", "1 234,5", "7", "-2"], 1)
    ]
    frame = pl.DataFrame(rows).with_columns(pl.int_range(pl.len()).alias("line") + 1)
    batch = ConsignmentValidator().validate(frame)
    manifest = batch.to_manifest()
    assert [c.gross_weight_kg for c in manifest.consignments] == [
        Decimal("12.50"),
        Decimal("1234.5"),
        Decimal("7"),
    ]
    assert batch.rejected["line"].to_list() == [4]
    assert batch.issues.filter(pl.col("severity") == "error")["code"].to_list() == [
        "gross_weight_kg.negative"
    ]


def test_every_canonical_field_is_a_frame_column() -> None:
    frame = frame_from_fields([])
    assert set(CONSIGNMENT_ROW_FIELDS) <= set(frame.columns)


def test_utf8_file_with_a_cp1251_line_falls_back_with_its_warning(tmp_path: Path) -> None:
    lines = ["voyage_number,document_number,goods_description"] + [
        f"R1,B{n},Wheat" for n in range(5)
    ]
    data = ("\n".join(lines) + "\n").encode() + "R1,B9,Пшеница\n".encode("cp1251")
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    found = columnar(path)
    reference = read_csv(data)
    assert found.counts() == reference.counts()
    assert [c.place.line for c in found.consignments] == list(range(2, 8))
    assert "file.encoding" in {i.code for i in found.warnings()}
    assert issue_keys(found) == issue_keys(reference)


def test_container_numbers_recognised_column_wise_agree_with_check() -> None:
    from portcontrol.core.columnar.validate import _valid_container
    from portcontrol.core.identifiers import container

    samples = [
        "MSCU1234565",
        "MSCU1234560",
        "CSQU3054383",
        "TGHU7654321",
        "ABCX1234567",
        "MSCU123456",
        "mscu1234565",
        "CAIU0000000",
        "SEGU0000010",
    ]
    good = pl.select(_valid_container(pl.Series(samples))).to_series().to_list()
    assert good == [container.is_valid(s) and container.compact(s) == s for s in samples]
    assert any(good) and not all(good)


# --- several processes -----------------------------------------------------------------------


def batch_summary(batch: Any) -> tuple[Any, ...]:
    """Everything a validated batch holds, comparable."""
    manifest = batch.to_manifest()
    return (
        manifest.counts(),
        issue_keys(manifest),
        [i.code for i in manifest.issues],
        *(record_values(getattr(manifest, kind)) for kind in ("voyages", "documents")),
        *(record_values(getattr(manifest, kind)) for kind in ("consignments", "cargo_units")),
        record_values(manifest.parties),
        [(r.place.line, [i.code for i in r.reasons], r.fields) for r in manifest.rejected],
    )


@pytest.mark.parametrize("batch_size", [40, 1 << 20])
def test_parallel_batches_equal_sequential_ones(
    scenario_csv: Path, batch_size: int, monkeypatch: Any
) -> None:
    from portcontrol.core.columnar import reading
    from portcontrol.core.parallel import validate_csv_file

    monkeypatch.setattr(reading, "_MIN_BLOCK", 1)

    sequential = list(validate_csv_file(scenario_csv, batch_size=batch_size, workers=1))
    parallel = list(validate_csv_file(scenario_csv, batch_size=batch_size, workers=2))
    assert len(parallel) == len(sequential)
    assert len(sequential) > (1 if batch_size == 40 else 0)
    assert [batch_summary(b) for b in parallel] == [batch_summary(b) for b in sequential]
    assert sum(b.rejected.height for b in parallel) > 0


def test_parallel_keeps_line_numbers_of_quoted_newlines(tmp_path: Path, monkeypatch: Any) -> None:
    from portcontrol.core.columnar import reading
    from portcontrol.core.parallel import validate_csv_file

    monkeypatch.setattr(reading, "_MIN_BLOCK", 1)

    rows = ["voyage_number,document_number,goods_description,currency"]
    for number in range(300):
        description = f'"line\none {number}"' if number % 7 == 0 else f"plain {number}"
        rows.append(f"R1,B{number},{description},{'QQQ' if number % 5 == 0 else 'USD'}")
    path = tmp_path / "q.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    reference = read_csv(path.read_bytes())
    batches = list(validate_csv_file(path, batch_size=16, workers=2))
    assert len(batches) > 2
    lines = [c.place.line for b in batches for c in b.to_manifest().consignments]
    assert lines == [c.place.line for c in reference.consignments]
    warned = [(i.place.line, i.code) for b in batches for i in b.to_manifest().warnings()]
    assert sorted(warned) == sorted((i.place.line, i.code) for i in reference.warnings())


def test_parallel_falls_back_when_polars_refuses_a_later_block(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from portcontrol.core.columnar import reading
    from portcontrol.core.parallel import validate_csv_file

    monkeypatch.setattr(reading, "_MIN_BLOCK", 1)

    rows = [b"voyage_number,document_number,goods_description,hs_code"]
    rows += [f"R1,B{n},goods {n},100199".encode() for n in range(200)]
    rows[150] = "R1,B149,Пшеница,100199".encode("cp1251")
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join(rows) + b"\n")
    sequential = list(validate_csv_file(path, batch_size=20, workers=1))
    parallel = list(validate_csv_file(path, batch_size=20, workers=2))
    assert [batch_summary(b) for b in parallel] == [batch_summary(b) for b in sequential]
    assert sum(b.goods.height for b in parallel) == 200


def test_workers_run_polars_on_one_thread() -> None:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from portcontrol.core import parallel

    with ProcessPoolExecutor(
        1, mp_context=get_context("spawn"), initializer=parallel._start_worker
    ) as pool:
        assert pool.submit(parallel._thread_pool_size).result() == 1


def plain_by_definition(data: bytes) -> bool:
    """No blank line (the file starts as if after a line break) and no lone carriage return."""
    joined = b"\n" + data
    return (
        b"\n\n" not in joined
        and b"\n\r\n" not in joined
        and data.count(b"\r") == data.count(b"\r\n")
    )


def test_plain_check_gives_the_same_answer_whatever_the_pieces() -> None:
    import random

    from portcontrol.core.columnar.reading import PlainCheck

    rng = random.Random(4)
    for _ in range(2000):
        data = bytes(rng.choice(b"ab,\r\n") for _ in range(rng.randint(0, 12)))
        for size in (1, 2, 3, 64):
            check = PlainCheck()
            for start in range(0, len(data), size):
                check.feed(data[start : start + size])
            assert check.plain == plain_by_definition(data), (data, size)


@pytest.mark.parametrize(
    "odd", [b"\n", b"R1,B90,gap\r\n", b"R1,B90,lone\rreturn\n", b"R1,B90,x\n\r\n"]
)
def test_blocks_are_plain_exactly_when_the_file_is(
    tmp_path: Path, monkeypatch: Any, odd: bytes
) -> None:
    from portcontrol.core.columnar import reading

    monkeypatch.setattr(reading, "_MIN_BLOCK", 1)
    rows = [b"voyage_number,document_number,goods_description\n"]
    rows += [f"R1,B{n},goods {n}\n".encode() for n in range(120)]
    for position in (1, 60, 121):
        path = tmp_path / "odd.csv"
        path.write_bytes(b"".join(rows[:position] + [odd] + rows[position:]))
        spans = list(reading.record_spans(path, 10))
        assert len(spans) > 3
        by_blocks = reading.header_plain(path) and all(
            reading.block_plain(path, offset, size) for offset, size, _ in spans
        )
        assert by_blocks == reading._plain_file(path) == plain_by_definition(path.read_bytes())


@pytest.mark.parametrize("odd", [b"\n", b'R1,B90,"lone\rreturn",USD\n'])
def test_parallel_reads_a_file_with_a_later_blank_line_as_sequentially(
    tmp_path: Path, monkeypatch: Any, odd: bytes
) -> None:
    from portcontrol.core.columnar import reading
    from portcontrol.core.parallel import validate_csv_file

    monkeypatch.setattr(reading, "_MIN_BLOCK", 1)
    rows = [b"voyage_number,document_number,goods_description,currency\n"]
    rows += [f"R1,B{n},goods {n},{'QQQ' if n % 9 == 0 else 'USD'}\n".encode() for n in range(200)]
    rows.insert(170, odd)
    path = tmp_path / "late.csv"
    path.write_bytes(b"".join(rows))
    sequential = list(validate_csv_file(path, batch_size=20, workers=1))
    parallel = list(validate_csv_file(path, batch_size=20, workers=2))
    assert [batch_summary(b) for b in parallel] == [batch_summary(b) for b in sequential]
    # The csv-module reader took the whole file: batches of exactly 20 rows.
    assert [b.goods.height + b.rejected.height for b in sequential][:3] == [20, 20, 20]
    lines = [c.place.line for b in parallel for c in b.to_manifest().consignments]
    assert lines == [c.place.line for c in read_csv(path.read_bytes()).consignments]


def test_batches_pickle_to_the_same_frames(scenario_csv: Path) -> None:
    import pickle

    frame, issues = next(read_csv_frames(scenario_csv, batch_size=1 << 20))
    batch = ConsignmentValidator().validate(frame, issues)
    copy = pickle.loads(pickle.dumps(batch))
    for name in ("documents", "parties", "cargo_units", "goods", "issues", "rejected"):
        mine, theirs = getattr(copy, name), getattr(batch, name)
        assert mine.schema == theirs.schema and mine.equals(theirs, null_equal=True), name
    assert batch_summary(copy) == batch_summary(batch)
    assert copy.rejected.height > 0
