"""Node keys: ids, public documents, private key files, current keys and rotation."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
from datetime import timedelta
from pathlib import Path

import pytest

from portcontrol.core.messages import (
    KeyMaterialError,
    KeyUse,
    OwnKeys,
    PartnerNode,
    PrivateKey,
    PublicKey,
    own_keys_from_environment,
    read_own_keys,
    write_own_keys,
)
from tests.core.messages.factory import KURYK, NOW


def test_key_id_is_the_rfc7638_thumbprint() -> None:
    key = PrivateKey.generate(KeyUse.SIGNATURE)
    jwk = key.public().to_jwk()
    canonical = json.dumps(
        {"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]}, separators=(",", ":")
    )
    digest = hashlib.sha256(canonical.encode()).digest()
    assert key.kid == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def test_generated_node_has_one_signing_and_one_encryption_key() -> None:
    keys = OwnKeys.generate(KURYK)
    assert sorted((key.use.value, key.jose_key.curve_name) for key in keys.keys) == [
        ("enc", "X25519"),
        ("sig", "Ed25519"),
    ]


def test_public_document_round_trips_without_private_parts() -> None:
    keys = OwnKeys.generate(KURYK, valid_from=NOW)
    document = keys.public().to_json()
    assert '"d"' not in document
    partner = PartnerNode.from_json(document)
    assert partner.node_id == KURYK
    assert {key.kid for key in partner.keys} == {key.kid for key in keys.keys}
    assert all(key.valid_from == NOW for key in partner.keys)
    assert json.loads(document)["keys"][0]["valid_from"] == "2026-03-04T08:15:00Z"


def test_private_key_offered_as_public_is_refused() -> None:
    jwk = PrivateKey.generate(KeyUse.SIGNATURE).to_jwk()
    with pytest.raises(KeyMaterialError, match="private key"):
        PublicKey.from_jwk(jwk)


def test_kid_that_is_not_the_thumbprint_is_refused() -> None:
    jwk = PrivateKey.generate(KeyUse.ENCRYPTION).public().to_jwk() | {"kid": "alat-2026"}
    with pytest.raises(KeyMaterialError, match="thumbprint"):
        PublicKey.from_jwk(jwk)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"use": "enc"}, "use sig"),
        ({"alg": "EdDSA"}, "alg Ed25519"),
        ({"crv": "Ed448"}, "crv must be"),
        ({"kty": "EC"}, "kty must be OKP"),
        ({"x": "AAAA"}, "not a valid Ed25519 key"),
        ({"valid_from": "2026-03-04"}, "time zone"),
        (
            {"valid_until": "2020-01-01T00:00:00Z", "valid_from": "2021-01-01T00:00:00Z"},
            "not after",
        ),
    ],
)
def test_inconsistent_public_jwk_is_refused(change: dict[str, str], message: str) -> None:
    jwk = PrivateKey.generate(KeyUse.SIGNATURE).public().to_jwk() | change
    with pytest.raises(KeyMaterialError, match=message):
        PublicKey.from_jwk(jwk)


def test_partner_document_with_a_bad_node_id_is_refused() -> None:
    document = OwnKeys.generate(KURYK).public().to_document() | {"node": "KZ KURYK"}
    with pytest.raises(KeyMaterialError, match="node id"):
        PartnerNode.from_document(document)


def test_key_set_file_round_trips_and_is_private(tmp_path: Path) -> None:
    keys = OwnKeys.generate(KURYK, valid_from=NOW)
    path = tmp_path / "node-keys.json"
    write_own_keys(path, keys)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = read_own_keys(path)
    assert again.node_id == KURYK
    assert [(key.kid, key.use, key.valid_from) for key in again.keys] == [
        (key.kid, key.use, key.valid_from) for key in keys.keys
    ]


def test_keys_come_from_the_file_variable_or_the_inline_variable(tmp_path: Path) -> None:
    keys = OwnKeys.generate(KURYK)
    path = tmp_path / "keys.json"
    write_own_keys(path, keys)
    from_file = own_keys_from_environment({"PORTCONTROL_NODE_KEYS_FILE": str(path)})
    inline = own_keys_from_environment({"PORTCONTROL_NODE_KEYS": keys.to_json()})
    assert from_file.keys[0].kid == inline.keys[0].kid == keys.keys[0].kid


def test_missing_keys_name_both_variables() -> None:
    with pytest.raises(KeyMaterialError, match="PORTCONTROL_NODE_KEYS_FILE.*PORTCONTROL_NODE_KEYS"):
        own_keys_from_environment({})


def test_unreadable_key_file_says_which_file(tmp_path: Path) -> None:
    with pytest.raises(KeyMaterialError, match="missing.json"):
        read_own_keys(tmp_path / "missing.json")


def test_pem_private_key_round_trips_and_public_pem_is_refused() -> None:
    key = PrivateKey.generate(KeyUse.ENCRYPTION)
    again = PrivateKey.from_pem(key.to_pem(), valid_from=NOW)
    assert (again.kid, again.use, again.valid_from) == (key.kid, KeyUse.ENCRYPTION, NOW)
    public_pem = key.jose_key.as_pem(private=False)
    with pytest.raises(KeyMaterialError, match="public key"):
        PrivateKey.from_pem(public_pem)
    with pytest.raises(KeyMaterialError, match="not an OKP private key"):
        PrivateKey.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def test_current_key_is_the_one_in_force_with_the_latest_start() -> None:
    old = PrivateKey.generate(KeyUse.SIGNATURE, valid_until=NOW + timedelta(days=2))
    new = PrivateKey.generate(KeyUse.SIGNATURE, valid_from=NOW + timedelta(days=1))
    keys = OwnKeys(KURYK, (old, new, PrivateKey.generate(KeyUse.ENCRYPTION)))
    assert keys.signing_key(NOW) == old
    assert keys.signing_key(NOW + timedelta(days=1)) == new
    assert keys.signing_key(NOW + timedelta(days=3)) == new


def test_no_key_in_force_means_no_signing_key() -> None:
    expired = PrivateKey.generate(KeyUse.SIGNATURE, valid_until=NOW)
    assert OwnKeys(KURYK, (expired,)).signing_key(NOW) is None


def test_rotation_adds_new_keys_and_ends_the_old_ones() -> None:
    keys = OwnKeys.generate(KURYK)
    starts = NOW + timedelta(days=7)
    rotated = keys.rotated(starts=starts, overlap=timedelta(days=2))
    assert len(rotated.keys) == 4
    old_kids = {key.kid for key in keys.keys}
    for key in rotated.keys:
        if key.kid in old_kids:
            assert key.valid_until == starts + timedelta(days=2)
        else:
            assert key.valid_from == starts
    assert rotated.signing_key(NOW) in rotated.keys[:2]
    assert rotated.signing_key(starts) in rotated.keys[2:]


def test_dropping_a_key_not_held_is_an_error() -> None:
    keys = OwnKeys.generate(KURYK)
    with pytest.raises(KeyMaterialError, match="holds no key"):
        keys.without_key("nope")
    assert len(keys.without_key(keys.keys[0].kid).keys) == 1


def test_the_same_key_twice_is_refused() -> None:
    key = PrivateKey.generate(KeyUse.SIGNATURE)
    with pytest.raises(KeyMaterialError, match="listed twice"):
        OwnKeys(KURYK, (key, key))
