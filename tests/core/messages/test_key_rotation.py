"""Key rotation: messages in flight still open; new messages use the new keys."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from portcontrol.core.messages import (
    ClosedUserGroup,
    OwnKeys,
    PartnerNode,
    PrivateKey,
    Refusal,
    RefusalCode,
    VerifiedMessage,
    open_message,
    seal,
)
from portcontrol.core.messages.keys import KeyUse
from tests.core.messages.factory import ALAT, GROUP, KURYK, NOW, message, network

STARTS = NOW + timedelta(days=7)
OVERLAP = timedelta(days=2)


def _signing_kid(keys: OwnKeys, moment: datetime) -> str:
    key = keys.signing_key(moment)
    assert key is not None
    return key.kid


def _open(
    token: str,
    receiver: OwnKeys,
    sender: OwnKeys,
    groups: dict[str, ClosedUserGroup],
    now: datetime,
) -> VerifiedMessage:
    partners = {sender.node_id: PartnerNode.from_json(sender.public().to_json())}
    return open_message(token, receiver, partners, groups=groups, now=now)


def test_message_signed_with_the_old_key_opens_after_the_partner_registers_the_new_one() -> None:
    net = network()
    kuryk, alat = net.keys[KURYK], net.keys[ALAT]
    alat_public = {ALAT: alat.public()}
    before = seal(
        message(now=STARTS - timedelta(hours=1)),
        kuryk,
        alat_public,
        group=net.groups[GROUP],
        now=STARTS - timedelta(hours=1),
    )
    rotated = kuryk.rotated(starts=STARTS, overlap=OVERLAP)
    # Alat has registered Kuryk's new document; the message arrives after the switch.
    verified = _open(before.tokens[ALAT], alat, rotated, net.groups, STARTS + timedelta(hours=2))
    assert verified.signing_kid == _signing_kid(kuryk, NOW)


def test_after_the_switch_new_messages_use_the_new_keys() -> None:
    net = network()
    kuryk, alat = net.keys[KURYK], net.keys[ALAT]
    alat_rotated = alat.rotated(starts=STARTS, overlap=OVERLAP)
    kuryk_rotated = kuryk.rotated(starts=STARTS, overlap=OVERLAP)
    after = seal(
        message(now=STARTS),
        kuryk_rotated,
        {ALAT: alat_rotated.public()},
        group=net.groups[GROUP],
        now=STARTS,
    )
    assert after.signing_kid == _signing_kid(kuryk_rotated, STARTS) != _signing_kid(kuryk, NOW)
    verified = _open(after.tokens[ALAT], alat_rotated, kuryk_rotated, net.groups, STARTS)
    old_encryption = {key.kid for key in alat.keys if key.use is KeyUse.ENCRYPTION}
    assert verified.encryption_kid not in old_encryption
    assert alat_rotated.decryption_key(verified.encryption_kid) is not None


def test_message_encrypted_to_the_old_key_opens_until_that_key_is_dropped() -> None:
    net = network()
    kuryk, alat = net.keys[KURYK], net.keys[ALAT]
    in_flight = seal(
        message(now=STARTS - timedelta(minutes=5)),
        kuryk,
        {ALAT: alat.public()},
        group=net.groups[GROUP],
        now=STARTS - timedelta(minutes=5),
    )
    alat_rotated = alat.rotated(starts=STARTS, overlap=OVERLAP)
    later = STARTS + timedelta(hours=3)
    assert _open(in_flight.tokens[ALAT], alat_rotated, kuryk, net.groups, later).sender == KURYK
    old = next(key.kid for key in alat.keys if key.use is KeyUse.ENCRYPTION)
    drained = alat_rotated.without_key(old)
    with pytest.raises(Refusal) as caught:
        _open(in_flight.tokens[ALAT], drained, kuryk, net.groups, later)
    assert caught.value.code is RefusalCode.NOT_FOR_US
    assert old in caught.value.message


def test_old_key_used_after_its_end_is_refused() -> None:
    """A sender that kept signing with its retired key (or a thief of that key)."""
    net = network()
    kuryk, alat = net.keys[KURYK], net.keys[ALAT]
    rotated = kuryk.rotated(starts=STARTS, overlap=OVERLAP)
    late = STARTS + OVERLAP + timedelta(minutes=1)
    stale_signer = OwnKeys(KURYK, tuple(key for key in kuryk.keys))  # no window: still signs
    token = seal(
        message(now=late), stale_signer, {ALAT: alat.public()}, group=net.groups[GROUP], now=late
    ).tokens[ALAT]
    with pytest.raises(Refusal) as caught:
        _open(token, alat, rotated, net.groups, late)
    assert caught.value.code is RefusalCode.KEY_NOT_VALID
    assert "2026-03-13T08:15:00Z" in caught.value.message


def test_key_used_before_its_start_is_refused() -> None:
    net = network()
    alat = net.keys[ALAT]
    early = PrivateKey.generate(KeyUse.SIGNATURE, valid_from=STARTS)
    registered = OwnKeys(KURYK, (early,))
    jumping_the_gun = OwnKeys(KURYK, (PrivateKey.from_pem(early.to_pem()),))
    token = seal(
        message(), jumping_the_gun, {ALAT: alat.public()}, group=net.groups[GROUP], now=NOW
    ).tokens[ALAT]
    with pytest.raises(Refusal) as caught:
        _open(token, alat, registered, net.groups, NOW)
    assert caught.value.code is RefusalCode.KEY_NOT_VALID
