"""Seal and open: every type arrives intact; tampered, forged, misaddressed, stale and replayed
messages are refused with their code."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from portcontrol.core.messages import (
    ClosedUserGroup,
    Freshness,
    MemorySeenIds,
    MessageType,
    OwnKeys,
    PrivateKey,
    Refusal,
    RefusalCode,
    Sealed,
    SealError,
    VerifiedMessage,
    open_message,
    seal,
)
from portcontrol.core.messages.keys import KeyUse
from portcontrol.core.messages.seal import MAX_TOKEN_CHARS
from tests.core.messages.factory import (
    ALAT,
    GROUP,
    KURYK,
    NOW,
    TURKMENBASHI,
    Network,
    encrypt_for,
    message,
    network,
    outer_plaintext,
    sign_raw,
)


@pytest.fixture(scope="module")
def net() -> Network:
    return network()


def _sealed(net: Network, message_type: MessageType = MessageType.ALERT, **options: Any) -> Sealed:
    sent = message(message_type, **options)
    sender = sent.sender
    return seal(
        sent,
        net.keys[sender],
        net.partners_of(sender),
        group=net.groups[sent.header.group],
        now=NOW,
    )


def _open(net: Network, token: str | bytes, node: str = ALAT, **options: Any) -> VerifiedMessage:
    options.setdefault("now", NOW)
    return open_message(token, net.keys[node], net.partners_of(node), groups=net.groups, **options)


def _refused(net: Network, token: str | bytes, node: str = ALAT, **options: Any) -> Refusal:
    with pytest.raises(Refusal) as caught:
        _open(net, token, node, **options)
    return caught.value


def _payload(token_jws: str) -> dict[str, Any]:
    segment = token_jws.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("message_type", list(MessageType))
def test_every_type_arrives_intact(net: Network, message_type: MessageType) -> None:
    sealed = _sealed(net, message_type)
    verified = _open(net, sealed.tokens[ALAT])
    assert verified.message.header == sealed.message.header
    assert verified.message.body == sealed.message.body
    assert verified.signing_kid == net.keys[KURYK].keys[0].kid
    assert verified.encryption_kid == net.keys[ALAT].keys[1].kid
    assert (verified.sender, verified.type) == (KURYK, message_type)


def test_each_recipient_gets_its_own_token(net: Network) -> None:
    sealed = _sealed(net, recipients=(ALAT, TURKMENBASHI))
    assert set(sealed.tokens) == {ALAT, TURKMENBASHI}
    assert sealed.tokens[ALAT] != sealed.tokens[TURKMENBASHI]
    assert (
        _open(net, sealed.tokens[ALAT]).id
        == _open(net, sealed.tokens[TURKMENBASHI], TURKMENBASHI).id
    )


def test_the_token_carries_no_readable_content(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert set(header) == {"alg", "enc", "kid", "epk", "cty"}
    assert (header["alg"], header["enc"]) == ("ECDH-ES", "A256GCM")
    assert b"KURALA" not in token.encode() and KURYK not in token


def test_opening_accepts_bytes_and_a_trailing_newline(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    assert _open(net, token.encode() + b"\n").sender == KURYK


# --- tampered -----------------------------------------------------------------------------


def _flip_segment(token: str, part: int, position: int = 10) -> str:
    """Change one base64url character of a part to another, keeping it canonical."""
    parts = token.split(".")
    segment = parts[part]
    replacement = "A" if segment[position] != "A" else "B"
    parts[part] = segment[:position] + replacement + segment[position + 1 :]
    return ".".join(parts)


@pytest.mark.parametrize("part", [0, 2, 3, 4])
def test_changed_jwe_part_is_refused_as_tampered_or_malformed(net: Network, part: int) -> None:
    token = _flip_segment(_sealed(net).tokens[ALAT], part, position=4 if part != 3 else 100)
    assert _refused(net, token).code in {RefusalCode.TAMPERED, RefusalCode.MALFORMED}


def test_changed_ciphertext_is_refused_as_tampered(net: Network) -> None:
    token = _flip_segment(_sealed(net).tokens[ALAT], 3, position=200)
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.TAMPERED
    assert net.keys[ALAT].keys[1].kid in refusal.message


def test_changed_signature_is_refused(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    token = encrypt_for(_flip_segment(signed, 2), net.partners_of(KURYK)[ALAT])
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.BAD_SIGNATURE
    assert KURYK in refusal.message


def test_changed_content_under_the_old_signature_is_refused(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    header, payload, signature = signed.split(".")
    document = _payload(signed)
    document["body"]["RequestedAction"]["TypeCode"] = "inform"
    forged_payload = (
        base64.urlsafe_b64encode(json.dumps(document, separators=(",", ":")).encode())
        .rstrip(b"=")
        .decode()
    )
    token = encrypt_for(f"{header}.{forged_payload}.{signature}", net.partners_of(KURYK)[ALAT])
    assert _refused(net, token).code is RefusalCode.BAD_SIGNATURE


# --- forged -------------------------------------------------------------------------------


def test_signed_by_an_unregistered_key_is_refused(net: Network) -> None:
    impostor = OwnKeys.generate(KURYK)
    token = encrypt_for(sign_raw(message().to_json(), impostor), net.partners_of(KURYK)[ALAT])
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.UNKNOWN_KEY
    assert impostor.keys[0].kid in refusal.message


def test_signed_by_another_partner_claiming_to_be_the_sender_is_refused(net: Network) -> None:
    token = encrypt_for(
        sign_raw(message().to_json(), net.keys[TURKMENBASHI]), net.partners_of(KURYK)[ALAT]
    )
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.SENDER_MISMATCH
    assert TURKMENBASHI in refusal.message and KURYK in refusal.message


def test_sender_changed_inside_a_signed_message_is_refused(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    header, _, signature = signed.split(".")
    document = _payload(signed)
    document["header"]["sender"] = TURKMENBASHI
    payload = base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()
    token = encrypt_for(f"{header}.{payload}.{signature}", net.partners_of(KURYK)[ALAT])
    assert _refused(net, token).code is RefusalCode.SENDER_MISMATCH


def test_unknown_sender_is_refused(net: Network) -> None:
    stranger = OwnKeys.generate("RU-MAKHACHKALA")
    sent = message(sender="RU-MAKHACHKALA")
    token = encrypt_for(sign_raw(sent.to_json(), stranger), net.partners_of(KURYK)[ALAT])
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.UNKNOWN_SENDER
    assert "RU-MAKHACHKALA" in refusal.message


@pytest.mark.filterwarnings("ignore:EdDSA is deprecated")
def test_eddsa_signature_is_refused_as_unsupported(net: Network) -> None:
    token = encrypt_for(
        sign_raw(message().to_json(), net.keys[KURYK], alg="EdDSA"), net.partners_of(KURYK)[ALAT]
    )
    assert _refused(net, token).code is RefusalCode.UNSUPPORTED_ALGORITHM


def test_compressed_jwe_is_refused(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    token = encrypt_for(signed, net.partners_of(KURYK)[ALAT], zip="DEF")
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.MALFORMED
    assert "zip" in refusal.message


def test_other_key_agreement_is_refused_as_unsupported(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    token = encrypt_for(signed, net.partners_of(KURYK)[ALAT], alg="ECDH-ES+A256KW")
    assert _refused(net, token).code is RefusalCode.UNSUPPORTED_ALGORITHM


def test_valid_signature_over_an_invalid_message_is_refused_naming_the_field(
    net: Network,
) -> None:
    document = json.loads(message().to_json())
    del document["body"]["RiskAssessment"]
    token = encrypt_for(
        sign_raw(json.dumps(document).encode(), net.keys[KURYK]), net.partners_of(KURYK)[ALAT]
    )
    refusal = _refused(net, token)
    assert refusal.code is RefusalCode.INVALID_PAYLOAD
    assert "/body/RiskAssessment" in refusal.message


# --- misaddressed -------------------------------------------------------------------------


def test_token_for_one_node_opened_by_another_is_refused(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    refusal = _refused(net, token, TURKMENBASHI)
    assert refusal.code is RefusalCode.NOT_FOR_US
    assert TURKMENBASHI in refusal.message


def test_message_forwarded_to_a_node_not_among_the_recipients_is_refused(net: Network) -> None:
    signed = outer_plaintext(_sealed(net).tokens[ALAT], net.keys[ALAT])
    forwarded = encrypt_for(signed, net.partners_of(ALAT)[TURKMENBASHI])
    refusal = _refused(net, forwarded, TURKMENBASHI)
    assert refusal.code is RefusalCode.NOT_FOR_US
    assert f"addressed to {ALAT}, not to {TURKMENBASHI}" in refusal.message


# --- fresh --------------------------------------------------------------------------------


def test_message_within_the_clock_skew_is_accepted(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    assert _open(net, token, now=NOW - timedelta(minutes=10)).sender == KURYK
    assert _open(net, token, now=NOW + timedelta(hours=24)).sender == KURYK


def test_message_from_the_future_is_refused(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    refusal = _refused(net, token, now=NOW - timedelta(minutes=10, seconds=1))
    assert refusal.code is RefusalCode.FROM_FUTURE
    assert "2026-03-04T08:15:00Z" in refusal.message


def test_stale_message_is_refused(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    assert _refused(net, token, now=NOW + timedelta(hours=24, seconds=1)).code is RefusalCode.STALE
    short = Freshness(max_age=timedelta(minutes=30))
    assert _refused(net, token, now=NOW + timedelta(hours=1), freshness=short).code is (
        RefusalCode.STALE
    )


# --- replayed -----------------------------------------------------------------------------


def test_replayed_message_is_reported_as_duplicate(net: Network) -> None:
    seen = MemorySeenIds()
    token = _sealed(net).tokens[ALAT]
    first = _open(net, token, seen=seen)
    refusal = _refused(net, token, seen=seen)
    assert refusal.code is RefusalCode.DUPLICATE
    assert str(first.id) in refusal.message
    assert len(seen) == 1


def test_refused_message_does_not_mark_its_id_as_seen(net: Network) -> None:
    seen = MemorySeenIds()
    token = _sealed(net).tokens[ALAT]
    _refused(net, token, seen=seen, now=NOW + timedelta(days=2))
    assert len(seen) == 0
    assert _open(net, token, seen=seen).sender == KURYK


def test_seen_ids_are_per_sender_and_forgotten_after_the_window() -> None:
    seen = MemorySeenIds()
    sent = message()
    assert seen.add(KURYK, sent.id, NOW)
    assert seen.add(TURKMENBASHI, sent.id, NOW)
    assert not seen.add(KURYK, sent.id, NOW)
    assert seen.forget_before(NOW + timedelta(seconds=1)) == 2
    assert seen.add(KURYK, sent.id, NOW)


# --- groups -------------------------------------------------------------------------------


def test_unknown_group_is_refused(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    with pytest.raises(Refusal) as caught:
        open_message(token, net.keys[ALAT], net.partners_of(ALAT), groups={}, now=NOW)
    assert caught.value.code is RefusalCode.UNKNOWN_GROUP


def test_sender_outside_the_receivers_view_of_the_group_is_refused(net: Network) -> None:
    token = _sealed(net).tokens[ALAT]
    narrow = {GROUP: ClosedUserGroup(GROUP, frozenset({ALAT, TURKMENBASHI}), True)}
    with pytest.raises(Refusal) as caught:
        open_message(token, net.keys[ALAT], net.partners_of(ALAT), groups=narrow, now=NOW)
    assert caught.value.code is RefusalCode.NOT_IN_GROUP
    assert KURYK in caught.value.message


# --- sealing errors -----------------------------------------------------------------------


def test_sealing_with_another_nodes_keys_is_an_error(net: Network) -> None:
    with pytest.raises(SealError) as caught:
        seal(message(), net.keys[ALAT], net.partners_of(ALAT), group=net.groups[GROUP], now=NOW)
    assert caught.value.code == "wrong_sender"


def test_sealing_for_a_node_outside_the_group_is_an_error(net: Network) -> None:
    pair = ClosedUserGroup(GROUP, frozenset({KURYK, ALAT}), True)
    sent = message(recipients=(ALAT, TURKMENBASHI))
    with pytest.raises(SealError) as caught:
        seal(sent, net.keys[KURYK], net.partners_of(KURYK), group=pair, now=NOW)
    assert caught.value.code == "not_in_group"
    assert TURKMENBASHI in caught.value.message


def test_sealing_for_an_unregistered_partner_is_an_error(net: Network) -> None:
    with pytest.raises(SealError) as caught:
        seal(message(), net.keys[KURYK], {}, group=net.groups[GROUP], now=NOW)
    assert caught.value.code == "unknown_recipient"


def test_sealing_without_a_key_in_force_is_an_error(net: Network) -> None:
    expired = OwnKeys(KURYK, (PrivateKey.generate(KeyUse.SIGNATURE, valid_until=NOW),))
    with pytest.raises(SealError) as caught:
        seal(message(), expired, net.partners_of(KURYK), group=net.groups[GROUP], now=NOW)
    assert caught.value.code == "no_signing_key"


def test_sealing_an_invalid_message_is_an_error(net: Network) -> None:
    sent = message()
    broken = replace(sent, body={**sent.body, "SubjectTypeCode": "ship"})
    with pytest.raises(SealError) as caught:
        seal(broken, net.keys[KURYK], net.partners_of(KURYK), group=net.groups[GROUP], now=NOW)
    assert caught.value.code == "invalid_message"
    assert "/body/SubjectTypeCode" in caught.value.message


# --- hostile shapes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("", RefusalCode.MALFORMED),
        ("a.b.c", RefusalCode.MALFORMED),
        ("....", RefusalCode.MALFORMED),
        ("é.a.a.a.a", RefusalCode.MALFORMED),
        (b"\xff.a.a.a.a", RefusalCode.MALFORMED),
        ("e30.." + "A" * 16 + ".AA.AA", RefusalCode.MALFORMED),
        ("A" * (MAX_TOKEN_CHARS + 1), RefusalCode.TOO_LARGE),
    ],
)
def test_shapeless_tokens_are_refused(net: Network, token: str | bytes, code: RefusalCode) -> None:
    assert _refused(net, token).code is code
