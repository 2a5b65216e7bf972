"""CUSCAR validated column-wise gives what the per-row reader gives, in one batch or many."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from portcontrol.core.columnar.edifact import read_cuscar_batches, read_cuscar_columnar
from portcontrol.core.errors import ReadError
from portcontrol.core.formats.edifact import read_cuscar
from portcontrol.core.records import Manifest
from portcontrol.core.scenario import generate_caspian, write_scenario

SAMPLES = Path(__file__).parent / "samples"
RECORD_KINDS = ("voyages", "documents", "consignments", "cargo_units", "parties")


@pytest.fixture(scope="module")
def caspian(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The CUSCAR files of a two-day Caspian scenario."""
    out = tmp_path_factory.mktemp("caspian")
    write_scenario(generate_caspian(days=2, seed=5), out)
    found = sorted(out.glob("*.cuscar.edi"))
    assert found
    return found


def _records(records: list[Any]) -> list[tuple[Any, ...]]:
    return [tuple(getattr(r, n) for n in r.__slots__ if n != "issues") for r in records]


def _attached(records: list[Any]) -> list[list[tuple[Any, ...]]]:
    return [
        sorted((str(i.place), i.code, i.message, str(i.severity)) for i in r.issues)
        for r in records
    ]


def summary(manifest: Manifest) -> dict[str, Any]:
    """Everything a manifest holds, comparable: records, their issues, file issues, rejected."""
    found: dict[str, Any] = {
        "counts": manifest.counts(),
        "file_issues": [(i.place, i.code, i.message) for i in manifest.issues],
        "rejected": [
            (r.kind, r.place, [(i.place, i.code, i.message) for i in r.reasons], r.fields)
            for r in manifest.rejected
        ],
    }
    for kind in RECORD_KINDS:
        found[kind] = _records(getattr(manifest, kind))
        found[f"{kind}_issues"] = _attached(getattr(manifest, kind))
    return found


def assert_same(data: bytes) -> Manifest:
    reference = read_cuscar(data)
    assert summary(read_cuscar_columnar(data).to_manifest()) == summary(reference)
    return reference


@pytest.mark.parametrize(
    "sample", sorted(p.name for p in SAMPLES.glob("cuscar_*.edi") if "only_message" not in p.name)
)
def test_messy_samples_read_column_wise_as_per_row(sample: str) -> None:
    assert_same((SAMPLES / sample).read_bytes())


def test_caspian_files_read_column_wise_as_per_row(caspian: list[Path]) -> None:
    for path in caspian:
        reference = assert_same(path.read_bytes())
        assert reference.cargo_units and reference.consignments


# (text found in a Caspian CUSCAR, its replacement): each hits a reason or a warning.
MUTATIONS = [
    ("PIA+5+281511:HS'", "PIA+5+999999:HS'"),  # unknown HS code: goods item rejected
    ("MOA+40:8596.83:USD'", "MOA+40:lots:USX'"),  # value not a number, unknown currency
    ("EQD+TE+77-TU-945++++5'\nMEA+AAE+G+KGM:33269'", "EQD+TE+77-TU-945++++5'\nMEA+AAE+G+KGM:x'"),
    ("EQD+TE+16 SMZ 800++++5'", "EQD+TE+++++5'"),  # no identifier: cargo unit row rejected
    ("EQD+TE+46EU17+REEFER+++5'", "EQD+BALLOON+MSCU1234567+22G1+++7'"),
    ("GID+1+85:BL'", "GID+x+-85:BL'"),
    ("LOC+27+UZ'", "LOC+27+QQ'"),
    ("NAD+CZ+366070550++", "NAD+CZ+000000000000++"),
]


def test_mutated_caspian_file_read_column_wise_as_per_row(caspian: list[Path]) -> None:
    text = caspian[0].read_text(encoding="utf-8")
    for old, new in MUTATIONS:
        assert old in text, old
        text = text.replace(old, new, 1)
    text = text.replace("CNT+10:", "CNT+10:9", 1)  # a control total that disagrees
    reference = assert_same(text.encode("utf-8"))
    kinds = {item.kind for item in reference.rejected}
    assert kinds == {"consignment", "cargo_unit"}
    reasons = {r.code for item in reference.rejected for r in item.reasons}
    assert {
        "value.invalid",
        "cargo_unit_gross_weight_kg.invalid",
        "cargo_unit.identifier_missing",
        "item_number.invalid",
    } <= reasons
    assert any(code.startswith("hs.") for code in reasons)
    codes = {i.code for i in reference.warnings()}
    assert "edifact.control_total" in codes


def test_a_container_described_twice_conflicts_as_per_row(caspian: list[Path]) -> None:
    text = caspian[0].read_text(encoding="utf-8")
    # The second group's trailer becomes the first group's, with another weight.
    text = text.replace(
        "EQD+TE+16 SMZ 800++++5'\nMEA+AAE+G+KGM:38228'", "EQD+TE+77-TU-945++++5'\nMEA+AAE+G+KGM:1'"
    )
    reference = assert_same(text.encode("utf-8"))
    assert "record.conflict" in {i.code for i in reference.warnings()}


def test_every_segment_on_one_line_keeps_issues_with_their_goods_item() -> None:
    data = (SAMPLES / "cuscar_check_digit.edi").read_bytes()
    one_line = data.replace(b"\r\n", b"").replace(b"\n", b"")
    one_line = one_line.replace(
        b"PIA+5+", b"GID+2+1:PK'PIA+5+999999:HS'FTX+AAA+++X'MOA+40:1:USX'PIA+5+", 1
    )
    reference = assert_same(one_line)
    assert len(reference.consignments) >= 1 and reference.rejected


def test_batches_cut_at_groups_hold_every_row_once(caspian: list[Path]) -> None:
    data = caspian[0].read_bytes()
    reference = read_cuscar(data)
    batches = list(read_cuscar_batches(data, batch_size=7))
    assert len(batches) > 3
    manifests = [b.to_manifest() for b in batches]
    # Every batch carries its voyage; goods items and file warnings are those of the file.
    assert all(m.voyages and m.voyages[0].number == reference.voyages[0].number for m in manifests)
    assert _records([c for m in manifests for c in m.consignments]) == _records(
        reference.consignments
    )
    assert [(i.place, i.code) for m in manifests for i in m.issues] == [
        (i.place, i.code) for i in reference.issues
    ]
    units = {u.identifier for m in manifests for u in m.cargo_units}
    assert units == {u.identifier for u in reference.cargo_units}


def test_parallel_batches_equal_sequential_ones(caspian: list[Path]) -> None:
    from portcontrol.core.parallel import validate_cuscar

    data = caspian[0].read_bytes()
    sequential = [summary(b.to_manifest()) for b in read_cuscar_batches(data, batch_size=9)]
    parallel = [summary(b.to_manifest()) for b in validate_cuscar(data, batch_size=9, workers=1)]
    assert len(sequential) > 2
    assert parallel == sequential


def test_unreadable_file_raises_read_error_from_batches() -> None:
    with pytest.raises(ReadError):
        list(read_cuscar_batches((SAMPLES / "not_edifact.edi").read_bytes()))
    with pytest.raises(ReadError):
        list(read_cuscar_batches((SAMPLES / "cuscar_truncated_only_message.edi").read_bytes()))
