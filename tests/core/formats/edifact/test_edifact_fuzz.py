"""Random and mutated bytes: every reader returns a Manifest or raises ReadError, nothing else."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from edifact_helpers import SAMPLES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portcontrol.core.errors import ReadError
from portcontrol.core.formats.edifact import (
    detect_message_type,
    read_baplie,
    read_cuscar,
    read_paxlst,
)
from portcontrol.core.records import Manifest

READERS: list[Callable[..., Manifest]] = [read_cuscar, read_paxlst, read_baplie]
VALID = [
    path.read_bytes() for path in sorted(SAMPLES.glob("*.edi")) if path.name != "not_edifact.edi"
]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(reader: Callable[..., Manifest], data: bytes) -> Manifest | ReadError:
    """What a reader makes of ``data``: the only two outcomes the contract allows."""
    try:
        manifest = reader(data)
    except ReadError as error:
        assert error.reason
        return error
    assert isinstance(manifest, Manifest)
    return manifest


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A valid sample with a few bytes flipped, inserted, deleted or repeated."""
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, max(len(data) - 1, 0)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "repeat", "cut", "service"]))
        if action == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        elif action == "repeat":
            data[position:position] = data[position : position + draw(st.integers(1, 200))]
        elif action == "cut":
            del data[position:]
        else:
            data[position:position] = draw(
                st.sampled_from(
                    [
                        b"'",
                        b"+",
                        b":",
                        b"?",
                        b"UNH+",
                        b"UNT+1+1'",
                        b"UNZ+9+X'",
                        b"UNE'",
                        b"UNG+X'",
                        b"CNI+'",
                        b"EQD'",
                    ]
                )
            )
    return bytes(data)


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(reader: Callable[..., Manifest], data: bytes) -> None:
    outcome(reader, data)
    assert detect_message_type(data) in (None, "CUSCAR", "BAPLIE", "PAXLST")


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(data=st.binary(max_size=300).map(lambda tail: b"UNA:+.? 'UNB+UNOC:3+A+B+1+1'UNH+1+" + tail))
def test_random_bytes_behind_a_valid_header(reader: Callable[..., Manifest], data: bytes) -> None:
    outcome(reader, data)


@pytest.mark.parametrize("reader", READERS)
@FUZZ
@given(data=mutated())
def test_mutated_valid_files(reader: Callable[..., Manifest], data: bytes) -> None:
    outcome(reader, data)
    detect_message_type(data)


@pytest.mark.parametrize("reader", READERS)
def test_every_sample_gives_one_of_the_two_outcomes(reader: Callable[..., Manifest]) -> None:
    results = [outcome(reader, data) for data in VALID]
    assert any(isinstance(result, Manifest) for result in results)
