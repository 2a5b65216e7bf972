"""Node keys: this node's private keys and the public keys registered for partner nodes.

Every node holds two kinds of key pair:

- an **Ed25519** pair to sign what it sends (JWS ``alg`` ``Ed25519``, RFC 9864; the same
  signature as RFC 8037 ``EdDSA`` on the Ed25519 curve);
- an **X25519** pair on which partners encrypt what they send to it (JWE ``ECDH-ES``).

A key is named by its key id (``kid``), the RFC 7638 thumbprint of its public part, so a key id
can be recomputed by anyone holding the key and two nodes never disagree about it. Each key may
carry a validity window (``valid_from``, ``valid_until``); several keys of each kind can be held at
once, which is how keys are rotated without losing messages in flight (docs/exchange.md):

1. the node generates a new pair in force from a later time ``T`` (:meth:`OwnKeys.rotated`);
   the old keys get ``valid_until = T + overlap``;
2. the node's public document is sent to every partner and registered there before ``T``;
3. from ``T`` the node signs with the new key, and partners encrypt to the new encryption key
   (the *current* key of a kind is the one in force with the latest ``valid_from``);
4. partners accept signatures by any registered key in force at the message's created time, so
   messages signed with the old key before ``T`` still open;
5. the node keeps its old X25519 key until messages encrypted to it are drained, then drops it
   (:meth:`OwnKeys.without_key`); decryption ignores validity windows, only holding matters.

Public keys travel as JWK (what an administrator registers for a partner); private keys live in a
key-set file or environment variable outside the code (:func:`own_keys_from_environment`), as JWK
or PEM (PKCS #8).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from portcontrol.core.messages.errors import KeyMaterialError

SIGNATURE_ALGORITHM = "Ed25519"
KEY_AGREEMENT_ALGORITHM = "ECDH-ES"
CONTENT_ENCRYPTION = "A256GCM"

# Node and closed-user-group ids: short, printable, safe in URLs, file names and log lines.
NODE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_KEY_ERRORS = (JoseError, ValueError, TypeError, KeyError)


class KeyUse(StrEnum):
    """What a key pair is for, named as the JWK ``use`` member."""

    SIGNATURE = "sig"
    ENCRYPTION = "enc"

    @property
    def curve(self) -> Literal["Ed25519", "X25519"]:
        """The only curve PortControl uses for this kind of key."""
        return "Ed25519" if self is KeyUse.SIGNATURE else "X25519"

    @property
    def algorithm(self) -> str:
        """The JOSE algorithm the key is used with (the JWK ``alg`` member)."""
        return SIGNATURE_ALGORITHM if self is KeyUse.SIGNATURE else KEY_AGREEMENT_ALGORITHM


_USE_BY_CURVE: dict[str, KeyUse] = {use.curve: use for use in KeyUse}


def check_node_id(value: object, what: str = "node id") -> str:
    """The value if it is a valid node or group id, else ``KeyMaterialError``.

    >>> check_node_id("KZ-KURYK")
    'KZ-KURYK'
    >>> check_node_id("kz kuryk")
    Traceback (most recent call last):
    ...
    portcontrol.core.messages.errors.KeyMaterialError: node id 'kz kuryk' must be 1 to 64 \
letters, digits or . _ : - and start with a letter or digit
    """
    if not isinstance(value, str) or not NODE_ID_PATTERN.fullmatch(value):
        raise KeyMaterialError(
            f"{what} {value!r} must be 1 to 64 letters, digits or . _ : - and start with a "
            "letter or digit"
        )
    return value


def utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive datetime is refused rather than guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone")
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """UTC ISO 8601 with a ``Z``, to the second: ``2026-03-04T08:15:00Z``."""
    return utc(moment).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_time(text: object, what: str) -> datetime:
    """An ISO 8601 date and time with a zone, as UTC; ``KeyMaterialError`` otherwise."""
    if not isinstance(text, str):
        raise KeyMaterialError(f"{what} must be an ISO 8601 date and time text")
    try:
        return utc(datetime.fromisoformat(text))
    except (ValueError, OverflowError):
        raise KeyMaterialError(
            f"{what} {text!r} is not an ISO 8601 date and time with a time zone"
        ) from None


@dataclass(frozen=True)
class _NodeKey:
    """What public and private keys share: id, use, validity window and the JOSE key."""

    kid: str
    use: KeyUse
    jose_key: OKPKey = field(repr=False, compare=False)
    valid_from: datetime | None = None
    valid_until: datetime | None = None

    def in_force_at(self, moment: datetime) -> bool:
        """Whether the validity window contains the moment (``valid_until`` excluded)."""
        moment = utc(moment)
        if self.valid_from is not None and moment < self.valid_from:
            return False
        return self.valid_until is None or moment < self.valid_until

    def _validity_members(self) -> dict[str, str]:
        members: dict[str, str] = {}
        if self.valid_from is not None:
            members["valid_from"] = format_time(self.valid_from)
        if self.valid_until is not None:
            members["valid_until"] = format_time(self.valid_until)
        return members

    def _jwk(self, *, private: bool) -> dict[str, str]:
        members = {
            str(name): str(value) for name, value in self.jose_key.as_dict(private=private).items()
        }
        members.update(kid=self.kid, use=self.use.value, alg=self.use.algorithm)
        members.update(self._validity_members())
        return members


@dataclass(frozen=True)
class PublicKey(_NodeKey):
    """A partner's public key (or the public half of one of ours), as registered."""

    def to_jwk(self) -> dict[str, str]:
        """The JWK an administrator registers: ``kty crv x kid use alg`` and the window."""
        return self._jwk(private=False)

    @classmethod
    def from_jwk(cls, members: Mapping[str, Any]) -> PublicKey:
        """A registered public key; a private key, a wrong curve or a wrong kid is refused."""
        if "d" in members:
            raise KeyMaterialError(
                "this JWK holds a private key (member d): register only the public key"
            )
        jose_key, use, valid_from, valid_until = _import_jwk(members, private=False)
        return cls(jose_key.thumbprint(), use, jose_key, valid_from, valid_until)


@dataclass(frozen=True)
class PrivateKey(_NodeKey):
    """One of this node's private keys."""

    @classmethod
    def generate(
        cls,
        use: KeyUse,
        *,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
    ) -> PrivateKey:
        """A fresh key pair of the kind, named by its thumbprint."""
        jose_key = OKPKey.generate_key(use.curve, private=True)
        return cls._made(jose_key, valid_from, valid_until)

    @classmethod
    def from_pem(
        cls,
        pem: str | bytes,
        *,
        valid_from: datetime | None = None,
        valid_until: datetime | None = None,
    ) -> PrivateKey:
        """A private key from PKCS #8 PEM (``openssl genpkey -algorithm ed25519|x25519``)."""
        data = pem.encode("ascii") if isinstance(pem, str) else pem
        try:
            jose_key = OKPKey.import_key(data)
        except _KEY_ERRORS as error:
            raise KeyMaterialError(f"the PEM text is not an OKP private key ({error})") from None
        if not jose_key.is_private:
            raise KeyMaterialError("the PEM text holds a public key; a private key is needed")
        return cls._made(jose_key, valid_from, valid_until)

    @classmethod
    def from_jwk(cls, members: Mapping[str, Any]) -> PrivateKey:
        """A private key from its JWK (with ``d``), as written by :meth:`to_jwk`."""
        if "d" not in members:
            raise KeyMaterialError("this JWK has no private part (member d)")
        jose_key, use, valid_from, valid_until = _import_jwk(members, private=True)
        return cls(jose_key.thumbprint(), use, jose_key, valid_from, valid_until)

    @classmethod
    def _made(
        cls, jose_key: OKPKey, valid_from: datetime | None, valid_until: datetime | None
    ) -> PrivateKey:
        use = _USE_BY_CURVE.get(jose_key.curve_name)
        if use is None:
            raise KeyMaterialError(
                f"curve {jose_key.curve_name} is not used here: Ed25519 signs, X25519 encrypts"
            )
        _check_window(valid_from, valid_until)
        return cls(
            jose_key.thumbprint(),
            use,
            jose_key,
            None if valid_from is None else utc(valid_from),
            None if valid_until is None else utc(valid_until),
        )

    def public(self) -> PublicKey:
        """The public half, with the same id and window."""
        jose_key = OKPKey.import_key(self.jose_key.as_dict(private=False))
        return PublicKey(self.kid, self.use, jose_key, self.valid_from, self.valid_until)

    def to_jwk(self) -> dict[str, str]:
        """The private JWK (with ``d``): for the node's own key file only, never sent."""
        return self._jwk(private=True)

    def to_pem(self) -> str:
        """The private key as unencrypted PKCS #8 PEM."""
        return self.jose_key.as_pem(private=True).decode("ascii")

    def until(self, valid_until: datetime) -> PrivateKey:
        """The same key, no longer in force from ``valid_until``."""
        _check_window(self.valid_from, valid_until)
        return replace(self, valid_until=utc(valid_until))


def _check_window(valid_from: datetime | None, valid_until: datetime | None) -> None:
    if valid_from is not None and valid_until is not None and utc(valid_until) <= utc(valid_from):
        raise KeyMaterialError(
            f"valid_until {format_time(valid_until)} is not after valid_from "
            f"{format_time(valid_from)}"
        )


def _import_jwk(
    members: Mapping[str, Any], *, private: bool
) -> tuple[OKPKey, KeyUse, datetime | None, datetime | None]:
    """Check a JWK's members against the curve, then import it.

    Steps: the curve names the use (Ed25519 signs, X25519 encrypts); ``use`` and ``alg``, when
    present, must agree with it; ``kid``, when present, must be the RFC 7638 thumbprint (a kid
    that is not the thumbprint would let two keys answer to one name).
    """
    if not isinstance(members, Mapping):
        raise KeyMaterialError("a JWK must be a JSON object")
    if members.get("kty") != "OKP":
        raise KeyMaterialError(f"kty must be OKP, not {members.get('kty')!r}")
    use = _USE_BY_CURVE.get(members.get("crv"))  # type: ignore[arg-type]
    if use is None:
        raise KeyMaterialError(
            f"crv must be Ed25519 (signing) or X25519 (encryption), not {members.get('crv')!r}"
        )
    if members.get("use", use.value) != use.value:
        raise KeyMaterialError(f"a {use.curve} key has use {use.value}, not {members['use']!r}")
    if members.get("alg", use.algorithm) != use.algorithm:
        raise KeyMaterialError(
            f"a {use.curve} key is used with alg {use.algorithm}, not {members['alg']!r}"
        )
    wanted = {"kty", "crv", "x", "d"} if private else {"kty", "crv", "x"}
    core: dict[str, str | list[str]] = {}
    for name in wanted:
        value = members.get(name)
        if not isinstance(value, str):
            raise KeyMaterialError(f"a JWK needs the text members {', '.join(sorted(wanted))}")
        core[name] = value
    try:
        jose_key = OKPKey.import_key(core)
        kid = jose_key.thumbprint()
    except _KEY_ERRORS as error:
        raise KeyMaterialError(f"the JWK is not a valid {use.curve} key ({error})") from None
    if "kid" in members and members["kid"] != kid:
        raise KeyMaterialError(
            f"kid {members['kid']!r} is not the RFC 7638 thumbprint of the key ({kid})"
        )
    valid_from = _optional_time(members, "valid_from")
    valid_until = _optional_time(members, "valid_until")
    _check_window(valid_from, valid_until)
    return jose_key, use, valid_from, valid_until


def _optional_time(members: Mapping[str, Any], name: str) -> datetime | None:
    value = members.get(name)
    return None if value is None else parse_time(value, name)


def _current(keys: Iterable[_NodeKey], use: KeyUse, moment: datetime) -> Any:
    """The key of the use in force at the moment with the latest ``valid_from``, or None."""
    in_force = [key for key in keys if key.use is use and key.in_force_at(moment)]
    if not in_force:
        return None
    return max(in_force, key=lambda key: (key.valid_from or _EARLIEST, key.kid))


def _unique(keys: Iterable[_NodeKey], node_id: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key.kid in seen:
            raise KeyMaterialError(f"key {key.kid} is listed twice for node {node_id}")
        seen.add(key.kid)


@dataclass(frozen=True)
class PartnerNode:
    """A partner node as registered here: its id and its public keys."""

    node_id: str
    keys: tuple[PublicKey, ...]

    def __post_init__(self) -> None:
        check_node_id(self.node_id)
        _unique(self.keys, self.node_id)

    def signing_key(self, kid: str) -> PublicKey | None:
        """The registered signing key with this id, in force or not (the caller checks)."""
        for key in self.keys:
            if key.kid == kid and key.use is KeyUse.SIGNATURE:
                return key
        return None

    def encryption_key(self, moment: datetime) -> PublicKey | None:
        """The key to encrypt to now: the X25519 key in force with the latest ``valid_from``."""
        key: PublicKey | None = _current(self.keys, KeyUse.ENCRYPTION, moment)
        return key

    def to_document(self) -> dict[str, Any]:
        """``{"node": ..., "keys": [JWK, ...]}``: what a node hands its partners to register."""
        return {"node": self.node_id, "keys": [key.to_jwk() for key in self.keys]}

    def to_json(self) -> str:
        """The public document as JSON text."""
        return json.dumps(self.to_document(), indent=2)

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> PartnerNode:
        """A partner from its public document; every key is checked, none may be private."""
        node_id, entries = _document_parts(document)
        keys = tuple(PublicKey.from_jwk(entry) for entry in entries)
        return cls(node_id, keys)

    @classmethod
    def from_json(cls, text: str | bytes) -> PartnerNode:
        """A partner from the JSON text of its public document."""
        return cls.from_document(_load_json(text, "partner document"))


@dataclass(frozen=True)
class OwnKeys:
    """This node's id and private keys (signing and encryption, current and retiring)."""

    node_id: str
    keys: tuple[PrivateKey, ...]

    def __post_init__(self) -> None:
        check_node_id(self.node_id)
        _unique(self.keys, self.node_id)

    @classmethod
    def generate(cls, node_id: str, *, valid_from: datetime | None = None) -> OwnKeys:
        """A new node's keys: one signing and one encryption pair."""
        return cls(
            node_id,
            (
                PrivateKey.generate(KeyUse.SIGNATURE, valid_from=valid_from),
                PrivateKey.generate(KeyUse.ENCRYPTION, valid_from=valid_from),
            ),
        )

    def signing_key(self, moment: datetime) -> PrivateKey | None:
        """The key to sign with now: the Ed25519 key in force with the latest ``valid_from``."""
        key: PrivateKey | None = _current(self.keys, KeyUse.SIGNATURE, moment)
        return key

    def decryption_key(self, kid: str) -> PrivateKey | None:
        """Any held X25519 key with this id, whatever its window (messages in flight)."""
        for key in self.keys:
            if key.kid == kid and key.use is KeyUse.ENCRYPTION:
                return key
        return None

    def public(self) -> PartnerNode:
        """How partners see this node: the public halves of all keys held."""
        return PartnerNode(self.node_id, tuple(key.public() for key in self.keys))

    def rotated(self, *, starts: datetime, overlap: timedelta) -> OwnKeys:
        """New signing and encryption keys in force from ``starts``; the keys in force then
        end at ``starts + overlap`` (send the new public document to partners before
        ``starts``; keep ``overlap`` at least the maximum message age)."""
        starts = utc(starts)
        ends = starts + overlap
        kept = tuple(
            key.until(ends)
            if key.in_force_at(starts) and (key.valid_until is None or key.valid_until > ends)
            else key
            for key in self.keys
        )
        fresh = OwnKeys.generate(self.node_id, valid_from=starts).keys
        return OwnKeys(self.node_id, kept + fresh)

    def without_key(self, kid: str) -> OwnKeys:
        """The key set with one key dropped (an old X25519 key once its messages drained)."""
        if not any(key.kid == kid for key in self.keys):
            raise KeyMaterialError(f"node {self.node_id} holds no key {kid}")
        return OwnKeys(self.node_id, tuple(key for key in self.keys if key.kid != kid))

    def to_json(self) -> str:
        """The private key-set document, to be written to a file only this node's user reads."""
        document = {"node": self.node_id, "keys": [key.to_jwk() for key in self.keys]}
        return json.dumps(document, indent=2)

    @classmethod
    def from_json(cls, text: str | bytes) -> OwnKeys:
        """The key set from its JSON document (``{"node": ..., "keys": [private JWK, ...]}``)."""
        node_id, entries = _document_parts(_load_json(text, "key-set document"))
        return cls(node_id, tuple(PrivateKey.from_jwk(entry) for entry in entries))


def _load_json(text: str | bytes, what: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, TypeError) as error:
        raise KeyMaterialError(f"the {what} is not valid JSON ({error})") from None


def _document_parts(document: Any) -> tuple[str, list[Mapping[str, Any]]]:
    if not isinstance(document, Mapping):
        raise KeyMaterialError('a key document is a JSON object {"node": ..., "keys": [...]}')
    node_id = check_node_id(document.get("node"))
    entries = document.get("keys")
    if not isinstance(entries, list) or not entries:
        raise KeyMaterialError(f"the key document of node {node_id} lists no keys")
    return node_id, entries


def read_own_keys(path: str | os.PathLike[str]) -> OwnKeys:
    """The node's key set from its JSON file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise KeyMaterialError(f"cannot read the key-set file {path}: {error.strerror}") from None
    return OwnKeys.from_json(text)


def write_own_keys(path: str | os.PathLike[str], keys: OwnKeys) -> None:
    """Write the key set readable by its owner only, replacing any earlier file atomically."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(keys.to_json())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def own_keys_from_environment(
    environ: Mapping[str, str] | None = None, variable: str = "PORTCONTROL_NODE_KEYS"
) -> OwnKeys:
    """The node's key set from ``<variable>_FILE`` (a path) or ``<variable>`` (the JSON).

    The file form is preferred: secrets in environment variables leak into process listings
    and crash reports more easily. Neither set is an error that names both variables.
    """
    environ = os.environ if environ is None else environ
    path = environ.get(f"{variable}_FILE")
    if path:
        return read_own_keys(path)
    text = environ.get(variable)
    if text:
        return OwnKeys.from_json(text)
    raise KeyMaterialError(
        f"no node keys: set {variable}_FILE to the key-set file (or {variable} to its JSON)"
    )
