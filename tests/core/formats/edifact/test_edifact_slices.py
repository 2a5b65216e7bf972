"""A CUSCAR cut into slices read by worker processes gives what one process gives."""

from __future__ import annotations

import random
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from test_edifact_columnar import summary

from portcontrol.core.columnar.edifact import CuscarRows, read_cuscar_batches
from portcontrol.core.columnar.slices import (
    SlicedReading,
    SliceResult,
    SliceStart,
    _countable,
    read_slice,
)
from portcontrol.core.formats.edifact import read_cuscar
from portcontrol.core.formats.edifact.tokenizer import ServiceCharacters, Tokenizer
from portcontrol.core.parallel import validate_cuscar
from portcontrol.core.scenario import generate_caspian, write_scenario


@pytest.fixture(scope="module")
def caspian(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The CUSCAR files of a two-day Caspian scenario."""
    out = tmp_path_factory.mktemp("caspian")
    write_scenario(generate_caspian(days=2, seed=5), out)
    return [path.read_bytes() for path in sorted(out.glob("*.cuscar.edi"))]


def in_process(given: list[tuple[bytes, SliceStart]]) -> Any:
    """A delegate that reads each slice at once in this process (and notes it was given)."""

    def delegate(text: bytes, start: SliceStart) -> Future[SliceResult]:
        given.append((text, start))
        future: Future[SliceResult] = Future()
        future.set_result(read_slice(text, start))
        return future

    return delegate


def sliced_summaries(data: bytes, batch_size: int, given: list[Any]) -> list[dict[str, Any]]:
    """Batches of the slicing reader with slices read by the delegate, as summaries."""
    from portcontrol.core.columnar.validate import ConsignmentValidator

    validator = ConsignmentValidator("cuscar")
    batches: list[Any] = []
    rows = CuscarRows(batch_size, on_batch=lambda batch: batches.append(validator.validate(*batch)))
    original_delegate = in_process(given)

    def delegate(text: bytes, start: SliceStart) -> Future[SliceResult]:
        future = original_delegate(text, start)
        batches.extend(future.result()[0])
        return future

    SlicedReading(data, rows, delegate=delegate).run()
    rows.cut()
    return [summary(batch.to_manifest()) for batch in batches]


def one_process(data: bytes, batch_size: int) -> list[dict[str, Any]]:
    return [summary(b.to_manifest()) for b in read_cuscar_batches(data, batch_size=batch_size)]


def _before_middle(text: str, mark: str, insert: str) -> str:
    """``insert`` put before the middle one of the places ``mark`` is found."""
    places = [i for i in range(len(text)) if text.startswith(mark, i)]
    middle = places[len(places) // 2]
    return text[:middle] + insert + text[middle:]


# Each turns a Caspian CUSCAR into one with something slices must get right.
VARIANTS = {
    "as written": lambda text: text,
    # Control totals that disagree: checked against sums of slices read elsewhere.
    "control totals": lambda text: text.replace("CNT+10:", "CNT+10:9", 1).replace(
        "CNT+11:", "CNT+11:1", 1
    ),
    "segment count": lambda text: text.replace("UNT+", "UNT+1", 1),
    # Escaped terminators, a blank segment, a tagless one and a lowercase trailer inside
    # groups: those slices cannot be counted from their bytes and are read by the parent.
    "escaped terminator": lambda text: text.replace("FTX+AAA+++", "FTX+AAA+++IT?'S ", 3),
    "blank segment": lambda text: text.replace("'\nMOA+", "''\nMOA+", 2),
    "tagless segment": lambda text: text.replace("'\nMOA+", "'\n+X'\nMOA+", 2),
    "lowercase trailer": lambda text: _before_middle(text, "'\nGID+", "'\nunt+3+1"),
    "escaped separators": lambda text: text.replace("FTX+AAA+++", "FTX+AAA+++A?+B?:C ", 5),
    # Offsets of slices are those of the bytes without the mark.
    "byte-order mark": lambda text: "\ufeff" + text,
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_slices_read_elsewhere_give_the_batches_of_one_process(
    caspian: list[bytes], variant: str
) -> None:
    for data in caspian[:2]:
        text = VARIANTS[variant](data.decode("utf-8"))
        changed = text.encode("utf-8")
        given: list[Any] = []
        assert sliced_summaries(changed, 9, given) == one_process(changed, 9)
        assert given, "no slice was read elsewhere"


def test_sliced_batches_hold_the_per_row_readers_items_and_warnings(caspian: list[bytes]) -> None:
    text = VARIANTS["control totals"](caspian[0].decode("utf-8"))
    data = VARIANTS["segment count"](text).encode("utf-8")
    reference = read_cuscar(data)
    batches = [b.to_manifest() for b in validate_cuscar(data, batch_size=9, workers=2)]
    assert len(batches) > 3
    assert [summary(m)["consignments"] for m in batches] == [
        summary(b.to_manifest())["consignments"] for b in read_cuscar_batches(data, batch_size=9)
    ]
    found = [(i.place, i.code, i.message) for m in batches for i in m.issues]
    assert found == [(i.place, i.code, i.message) for i in reference.issues]
    codes = {code for _, code, _ in found}
    assert {"edifact.control_total", "edifact.segment_count"} <= codes
    items = [c for m in batches for c in m.consignments]
    assert [(c.document_number, c.item_number, c.place) for c in items] == [
        (c.document_number, c.item_number, c.place) for c in reference.consignments
    ]


def test_two_workers_give_the_batches_of_one_process(caspian: list[bytes]) -> None:
    data = caspian[1]
    sequential = one_process(data, 9)
    parallel = [summary(b.to_manifest()) for b in validate_cuscar(data, batch_size=9, workers=2)]
    assert len(sequential) > 3
    assert parallel == sequential


def test_one_batch_is_not_sliced(caspian: list[bytes]) -> None:
    given: list[Any] = []
    assert len(sliced_summaries(caspian[0], 1 << 40, given)) == 1
    assert not given


def test_an_error_in_a_slice_is_raised_as_by_one_process(caspian: list[bytes]) -> None:
    from portcontrol.core.errors import ReadError

    data = caspian[0]
    with pytest.raises(ReadError) as sequential:
        list(read_cuscar_batches(data[: len(data) // 2], batch_size=9))
    with pytest.raises(ReadError) as parallel:
        list(validate_cuscar(data[: len(data) // 2], batch_size=9, workers=2))
    assert str(parallel.value) == str(sequential.value)


PIECES = [
    "CNI+1+B1",
    "GID+1+2:CT",
    "FTX+AAA+++X",
    "",
    " ",
    "\n",
    "+Q",
    " +Q",
    "unt+2+1",
    "UNH+1",
    "RFF+A?'B",
    "NAD+??",
    "FTX+A?+B",
    "ж",
    "\u00a0+Z",
    "\x1c",
    "MEA+X\r\nY",
    "? +V",
]


def test_counted_segments_are_the_tokenizers() -> None:
    chars = ServiceCharacters()
    rng = random.Random(6)
    counted = 0
    for _ in range(4000):
        body = "'\n".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8)))
        text = ("CNI+1+X'\n" + body + "'\n").encode("utf-8")
        found = _countable(text, chars)
        if found is not None:
            counted += 1
            assert found == sum(1 for _ in Tokenizer(text, chars)), text
    assert counted > 100


def test_a_utf16_file_is_sliced_as_read(caspian: list[bytes]) -> None:
    data = caspian[0].decode("utf-8").encode("utf-16")
    given: list[Any] = []
    assert sliced_summaries(data, 9, given) == one_process(data, 9)
    assert given


def test_slices_keep_line_numbers_of_a_file_on_one_line(caspian: list[bytes]) -> None:
    data = caspian[0].replace(b"\n", b"")
    given: list[Any] = []
    assert sliced_summaries(data, 9, given) == one_process(data, 9)
    assert given
    assert {start.first_line for _, start in given} == {1}


def test_slices_hold_no_service_segment(caspian: list[bytes], tmp_path: Path) -> None:
    # Two messages: slices end where the first message does.
    text = caspian[0].decode("utf-8")
    head, _, rest = text.partition("UNH+")
    message = "UNH+" + rest[: rest.index("UNZ+")]
    two = (
        head
        + message
        + message.replace("UNH+1+", "UNH+2+", 1)
        + "UNZ+2+"
        + rest.split("UNZ+")[1].split("+", 1)[1]
    )
    data = two.encode("utf-8")
    given: list[Any] = []
    assert sliced_summaries(data, 9, given) == one_process(data, 9)
    for slice_text, _ in given:
        assert b"UNT+" not in slice_text and b"UNH+" not in slice_text
