"""Whatever arrives, the inbox answers with a refusal: never a crash, never an acceptance."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portcontrol.core.messages import MessageType, Refusal, message_from_json, open_message, seal
from tests.core.messages.factory import ALAT, GROUP, KURYK, NOW, message, network

NET = network()
TOKEN = (
    seal(message(), NET.keys[KURYK], NET.partners_of(KURYK), group=NET.groups[GROUP], now=NOW)
    .tokens[ALAT]
    .encode("ascii")
)
ALAT_PARTNERS = NET.partners_of(ALAT)


def _outcome(token: bytes) -> str:
    try:
        open_message(token, NET.keys[ALAT], ALAT_PARTNERS, groups=NET.groups, now=NOW)
    except Refusal as refusal:
        return refusal.code.value
    return "accepted"


def test_the_untouched_token_is_accepted() -> None:
    assert _outcome(TOKEN) == "accepted"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.integers(0, len(TOKEN) - 1), st.integers(0, 255)), min_size=1, max_size=4)
)
def test_changed_bytes_are_always_refused(changes: list[tuple[int, int]]) -> None:
    token = bytearray(TOKEN)
    for position, value in changes:
        token[position] = value
    if bytes(token) != TOKEN:
        assert _outcome(bytes(token)) != "accepted"


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(TOKEN) - 1), st.integers(1, 40))
def test_cut_or_extended_tokens_are_refused(cut: int, extra: int) -> None:
    assert _outcome(TOKEN[:cut]) != "accepted"
    assert _outcome(TOKEN + b"A" * extra) != "accepted"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_random_input_is_refused(data: bytes) -> None:
    assert _outcome(data) != "accepted"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=60
        ),
        min_size=5,
        max_size=5,
    )
)
def test_well_shaped_nonsense_is_refused(parts: list[str]) -> None:
    assert _outcome(".".join(parts).encode()) != "accepted"


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=3)
    ),
    max_leaves=12,
)
DOCUMENT = json.loads(message(MessageType.SEIZURE_NOTICE).to_json())


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["header", "body"]),
    st.sampled_from(sorted(DOCUMENT["header"]) + sorted(DOCUMENT["body"]) + ["Extra"]),
    JSON_VALUES,
)
def test_any_json_in_any_member_is_refused_or_read_never_crashes(
    part: str, member: str, value: object
) -> None:
    """What a signed but broken partner sends reaches the strict checks; they only refuse."""
    document = json.loads(json.dumps(DOCUMENT))
    document[part][member] = value
    try:
        message_from_json(json.dumps(document))
    except Refusal as refusal:
        assert refusal.code.value in {"invalid_payload", "unknown_type"}
