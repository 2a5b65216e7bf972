"""Sealing a message for its recipients and opening what arrives: sign, then encrypt.

A sealed message is a JWS compact serialization of the message JSON, signed with the sender's
current Ed25519 key (``alg`` ``Ed25519``, ``kid`` its thumbprint, ``typ``
``portcontrol-message``), encrypted separately for each recipient node as a JWE compact
serialization (``alg`` ``ECDH-ES`` on the recipient's current X25519 key, ``enc`` ``A256GCM``,
``cty`` ``JOSE``). Encryption alone proves nothing about the sender (anyone may encrypt to a
public key), so who sent a message is only ever taken from the signature, and the recipients
named inside the signed message decide who may open it: a recipient that re-encrypts a message
for a third node cannot make it acceptable there.

Every failure on opening is a :class:`Refusal` with a stable code; nothing else escapes
:func:`open_message`, whatever bytes arrive (the property-based tests hold it to that).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from joserfc import jwe, jws
from joserfc.errors import JoseError
from joserfc.jwe import JWERegistry
from joserfc.jws import JWSRegistry

from portcontrol.core.messages.errors import Refusal, RefusalCode, SealError
from portcontrol.core.messages.keys import (
    CONTENT_ENCRYPTION,
    KEY_AGREEMENT_ALGORITHM,
    SIGNATURE_ALGORITHM,
    OwnKeys,
    PartnerNode,
    PublicKey,
    format_time,
    utc,
)
from portcontrol.core.messages.model import (
    MAX_MESSAGE_BYTES,
    ClosedUserGroup,
    Message,
    MessageType,
    PersonalData,
    message_from_document,
    parse_json,
    problems_of,
)
from portcontrol.core.messages.personal import personal_data_classes, strip_personal_data
from portcontrol.core.messages.replay import SeenIds

SIGNED_TYPE = "portcontrol-message"  # JWS typ: what the signed content is
ENCRYPTED_CONTENT = "JOSE"  # JWE cty: the plaintext is a JWS compact serialization

_MAX_HEADER = 1024
_MAX_SIGNED = _MAX_HEADER + (MAX_MESSAGE_BYTES * 4 + 2) // 3 + 256
MAX_TOKEN_CHARS = 2 * _MAX_HEADER + (_MAX_SIGNED * 4 + 2) // 3 + 256

_JWS_REGISTRY = JWSRegistry(algorithms=[SIGNATURE_ALGORITHM])
_JWS_REGISTRY.max_header_length = _MAX_HEADER
_JWS_REGISTRY.max_payload_length = _MAX_SIGNED
_JWE_REGISTRY = JWERegistry(algorithms=[KEY_AGREEMENT_ALGORITHM, CONTENT_ENCRYPTION])
_JWE_REGISTRY.max_protected_header_length = _MAX_HEADER
_JWE_REGISTRY.max_ciphertext_length = MAX_TOKEN_CHARS

_SEGMENT = re.compile(r"[A-Za-z0-9_-]*")
_JWE_MEMBERS = {"alg", "enc", "kid", "epk", "cty"}
_JWS_MEMBERS = {"alg", "kid", "typ"}
_IV_BYTES = 12  # A256GCM
_TAG_BYTES = 16
# Whatever joserfc or cryptography raise on hostile input to decryption or verification.
_JOSE_FAILURES = (JoseError, InvalidTag, ValueError, TypeError, KeyError, IndexError)


@dataclass(frozen=True)
class Freshness:
    """How far a message's created time may be from the receiver's clock.

    ``max_age`` bounds delivery delays (links down for hours, an outbox retrying) and how long
    seen ids must be kept; ``clock_skew`` tolerates a sender's clock running ahead.
    """

    clock_skew: timedelta = timedelta(minutes=10)
    max_age: timedelta = timedelta(hours=24)


@dataclass(frozen=True)
class Sealed:
    """A message as signed (stripped when the group forbids personal data) and one token per
    recipient node, ready for the outbox."""

    message: Message
    tokens: dict[str, str]
    signing_kid: str


@dataclass(frozen=True)
class VerifiedMessage:
    """A message that passed every inbox check, with the keys that proved it."""

    message: Message
    signing_kid: str
    encryption_kid: str
    received: datetime

    @property
    def id(self) -> uuid.UUID:
        return self.message.id

    @property
    def sender(self) -> str:
        return self.message.sender

    @property
    def type(self) -> MessageType:
        return self.message.type


def seal(
    message: Message,
    sender_keys: OwnKeys,
    partners: Mapping[str, PartnerNode],
    *,
    group: ClosedUserGroup,
    now: datetime | None = None,
) -> Sealed:
    """Sign the message with this node's current key and encrypt it for each recipient.

    Steps:

    1. the message is this node's, in this group, and every recipient is a member;
    2. when the group forbids personal data, strip it (:mod:`.personal`) and say so in the
       header; then check the message as its recipients will;
    3. sign the canonical JSON (JWS compact, Ed25519) with the signing key in force now;
    4. encrypt the JWS for each recipient (JWE compact, ECDH-ES + A256GCM) to its encryption
       key in force now.

    Raises :class:`SealError` naming what is wrong; nothing is returned half sealed.
    """
    now = datetime.now(UTC) if now is None else utc(now)
    final = _outgoing(message, sender_keys, group)
    payload = final.to_json()
    if len(payload) > MAX_MESSAGE_BYTES:
        raise SealError(
            "too_large", f"the message has {len(payload)} bytes, over {MAX_MESSAGE_BYTES}"
        )
    signing = sender_keys.signing_key(now)
    if signing is None:
        raise SealError(
            "no_signing_key", f"node {sender_keys.node_id} has no signing key in force now"
        )
    encryption = {
        recipient: _encryption_key(recipient, partners, now)
        for recipient in final.header.recipients
    }
    signed = jws.serialize_compact(
        {"alg": SIGNATURE_ALGORITHM, "kid": signing.kid, "typ": SIGNED_TYPE},
        payload,
        signing.jose_key,
        registry=_JWS_REGISTRY,
    )
    tokens = {
        recipient: jwe.encrypt_compact(
            {
                "alg": KEY_AGREEMENT_ALGORITHM,
                "enc": CONTENT_ENCRYPTION,
                "kid": key.kid,
                "cty": ENCRYPTED_CONTENT,
            },
            signed,
            key.jose_key,
            registry=_JWE_REGISTRY,
        )
        for recipient, key in encryption.items()
    }
    return Sealed(final, tokens, signing.kid)


def _outgoing(message: Message, sender_keys: OwnKeys, group: ClosedUserGroup) -> Message:
    """The message as it will be signed: checked against sender and group, stripped if due."""
    header = message.header
    if header.sender != sender_keys.node_id:
        raise SealError(
            "wrong_sender",
            f"the message is from {header.sender}, but these are the keys of {sender_keys.node_id}",
        )
    if header.group != group.id:
        raise SealError(
            "wrong_group", f"the message is in group {header.group}, not in group {group.id}"
        )
    outsiders = [node for node in (header.sender, *header.recipients) if not group.includes(node)]
    if outsiders:
        raise SealError("not_in_group", f"{', '.join(outsiders)} not a member of group {group.id}")
    if not group.personal_data_allowed:
        body, removed = strip_personal_data(message.body)
        header = replace(header, personal_data=PersonalData.STRIPPED, personal_data_removed=removed)
        message = Message(header, body)
    problems = problems_of(message)
    if problems:
        raise SealError("invalid_message", "; ".join(str(problem) for problem in problems))
    return message


def _encryption_key(
    recipient: str, partners: Mapping[str, PartnerNode], now: datetime
) -> PublicKey:
    partner = partners.get(recipient)
    if partner is None:
        raise SealError("unknown_recipient", f"{recipient} is not a registered partner node")
    key = partner.encryption_key(now)
    if key is None:
        raise SealError(
            "no_encryption_key", f"partner {recipient} has no encryption key in force now"
        )
    return key


def open_message(
    token: str | bytes,
    own_keys: OwnKeys,
    partners: Mapping[str, PartnerNode],
    *,
    groups: Mapping[str, ClosedUserGroup],
    seen: SeenIds | None = None,
    freshness: Freshness = Freshness(),
    now: datetime | None = None,
) -> VerifiedMessage:
    """Decrypt, verify and check an incoming token; :class:`Refusal` with a code otherwise.

    Steps, each refusing with its own code:

    1. ``too_large``, ``malformed``, ``unsupported_algorithm``: the token is a JWE compact
       serialization of the size, shape and algorithms we use, every segment canonical
       base64url (so no two spellings of one token exist);
    2. ``not_for_us``: it is encrypted to an X25519 key this node holds;
    3. ``tampered``: it decrypts (AES-GCM authenticates ciphertext, IV and header);
    4. ``malformed``, ``unsupported_algorithm``: the plaintext is a JWS compact serialization
       of our type, signed with Ed25519, whose payload is JSON naming a sender;
    5. ``unknown_sender``, ``unknown_key``, ``sender_mismatch``: the claimed sender is a
       registered partner and the signing key id is registered for it (not for another);
    6. ``bad_signature``: the signature verifies with that key;
    7. ``unknown_type``, ``invalid_payload``: header and body pass the strict checks;
    8. ``key_not_valid``: the signing key was in force at the message's created time;
    9. ``not_for_us``: this node is among the signed recipients;
    10. ``from_future``, ``stale``: the created time is within the freshness window;
    11. ``unknown_group``, ``not_in_group``, ``personal_data_forbidden``: the group is known,
        sender and this node are members, and no personal data came where it may not;
    12. ``duplicate``: with ``seen``, the (sender, id) is recorded now and was not before.
        Without ``seen`` the caller makes this check where it stores the message.
    """
    now = datetime.now(UTC) if now is None else utc(now)
    text = _token_text(token)
    encryption_kid = _check_envelope(text)
    key = own_keys.decryption_key(encryption_kid)
    if key is None:
        raise Refusal(
            RefusalCode.NOT_FOR_US,
            f"the message is encrypted for key {encryption_kid}, which node {own_keys.node_id} "
            "does not hold (another node's key, or one of ours already dropped)",
        )
    try:
        plaintext = jwe.decrypt_compact(text, key.jose_key, registry=_JWE_REGISTRY).plaintext
    except _JOSE_FAILURES as error:
        raise Refusal(
            RefusalCode.TAMPERED,
            f"the message does not decrypt with key {encryption_kid}: it was changed on the "
            f"way or damaged ({type(error).__name__})",
        ) from None
    signed = _token_text(plaintext or b"")
    signing_kid, document = _check_signed(signed)
    public = _signing_key(signing_kid, document, partners)
    try:
        jws.deserialize_compact(signed, public.jose_key, registry=_JWS_REGISTRY)
    except _JOSE_FAILURES:
        sender = document["header"]["sender"]
        raise Refusal(
            RefusalCode.BAD_SIGNATURE,
            f"the signature does not verify with key {signing_kid} of {sender}",
        ) from None
    message = message_from_document(document)
    _check_key_in_force(public, message)
    _check_addressed(message, own_keys.node_id)
    _check_fresh(message, freshness, now)
    _check_group(message, own_keys.node_id, groups)
    if seen is not None and not seen.add(message.sender, message.id, message.header.created):
        raise Refusal(
            RefusalCode.DUPLICATE,
            f"message {message.id} from {message.sender} was received before (a replay or a "
            "repeated delivery)",
        )
    return VerifiedMessage(message, signing_kid, encryption_kid, now)


def _token_text(token: str | bytes) -> str:
    """The token as ASCII text; anything else is not a compact serialization."""
    if len(token) > MAX_TOKEN_CHARS:
        raise Refusal(
            RefusalCode.TOO_LARGE,
            f"the token has {len(token)} characters, over the limit of {MAX_TOKEN_CHARS}",
        )
    if isinstance(token, str):
        if token.isascii():
            return token.strip()
    else:
        try:
            return token.decode("ascii").strip()
        except UnicodeDecodeError:
            pass
    raise Refusal(RefusalCode.MALFORMED, "the token holds characters other than ASCII")


def _segments(text: str, count: int, what: str) -> list[bytes]:
    """The decoded segments of a compact serialization, each canonical base64url."""
    parts = text.split(".")
    if len(parts) != count:
        raise Refusal(
            RefusalCode.MALFORMED,
            f"a {what} compact serialization has {count} parts; this has {len(parts)}",
        )
    decoded = []
    for position, part in enumerate(parts, 1):
        if not _SEGMENT.fullmatch(part):
            raise Refusal(
                RefusalCode.MALFORMED, f"part {position} of the {what} is not base64url text"
            )
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            raw = None
        # A re-encoding that differs means stray bits: another spelling of the same bytes.
        if raw is None or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != part:
            raise Refusal(
                RefusalCode.MALFORMED, f"part {position} of the {what} is not canonical base64url"
            )
        decoded.append(raw)
    return decoded


def _json_header(raw: bytes, what: str, allowed: set[str]) -> dict[str, Any]:
    """A protected header: a JSON object of exactly the allowed members, all present."""
    try:
        header = json.loads(raw)
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict):
        raise Refusal(RefusalCode.MALFORMED, f"the {what} header is not a JSON object")
    if set(header) != allowed:
        raise Refusal(
            RefusalCode.MALFORMED,
            f"the {what} header has members {', '.join(sorted(map(str, header)))}; expected "
            f"{', '.join(sorted(allowed))}",
        )
    return header


def _check_envelope(text: str) -> str:
    """The encryption key id of a well-formed JWE of our algorithms."""
    header_raw, encrypted_key, iv, _, tag = _segments(text, 5, "JWE")
    header = _json_header(header_raw, "JWE", _JWE_MEMBERS)
    if header["alg"] != KEY_AGREEMENT_ALGORITHM or header["enc"] != CONTENT_ENCRYPTION:
        raise Refusal(
            RefusalCode.UNSUPPORTED_ALGORITHM,
            f"alg {header['alg']!r} enc {header['enc']!r}; only {KEY_AGREEMENT_ALGORITHM} "
            f"with {CONTENT_ENCRYPTION} is accepted",
        )
    epk = header["epk"]
    if (
        not isinstance(epk, dict)
        or set(epk) != {"kty", "crv", "x"}
        or (epk["kty"], epk["crv"]) != ("OKP", "X25519")
        or not isinstance(epk["x"], str)
    ):
        raise Refusal(RefusalCode.MALFORMED, "the JWE epk is not an X25519 public key")
    if header["cty"] != ENCRYPTED_CONTENT or not isinstance(header["kid"], str):
        raise Refusal(RefusalCode.MALFORMED, "the JWE header's cty or kid is not ours")
    if encrypted_key or len(iv) != _IV_BYTES or len(tag) != _TAG_BYTES:
        raise Refusal(
            RefusalCode.MALFORMED, "the JWE key, IV or tag part has the wrong length for ECDH-ES"
        )
    kid: str = header["kid"]
    return kid


def _check_signed(signed: str) -> tuple[str, dict[str, Any]]:
    """The signing key id and the (not yet verified) message document of a JWS."""
    header_raw, payload, _ = _segments(signed, 3, "JWS")
    header = _json_header(header_raw, "JWS", _JWS_MEMBERS)
    if header["alg"] != SIGNATURE_ALGORITHM:
        raise Refusal(
            RefusalCode.UNSUPPORTED_ALGORITHM,
            f"signed with alg {header['alg']!r}; only {SIGNATURE_ALGORITHM} is accepted",
        )
    if header["typ"] != SIGNED_TYPE or not isinstance(header["kid"], str):
        raise Refusal(RefusalCode.MALFORMED, "the JWS header's typ or kid is not ours")
    document = parse_json(payload)
    header_json = document.get("header") if isinstance(document, dict) else None
    sender = header_json.get("sender") if isinstance(header_json, dict) else None
    if not isinstance(sender, str):
        raise Refusal(RefusalCode.MALFORMED, "the signed message names no sender")
    kid: str = header["kid"]
    return kid, document


def _signing_key(
    kid: str, document: dict[str, Any], partners: Mapping[str, PartnerNode]
) -> PublicKey:
    """The claimed sender's registered key with this id (checked before trusting anything)."""
    claimed = document["header"]["sender"]
    partner = partners.get(claimed)
    if partner is None:
        raise Refusal(
            RefusalCode.UNKNOWN_SENDER,
            f"the message claims to come from {claimed!r}, which is not a registered partner",
        )
    key = partner.signing_key(kid)
    if key is not None:
        return key
    owners = [node.node_id for node in partners.values() if node.signing_key(kid)]
    if owners:
        raise Refusal(
            RefusalCode.SENDER_MISMATCH,
            f"signed with key {kid} of {owners[0]}, but the message claims to come from {claimed}",
        )
    raise Refusal(
        RefusalCode.UNKNOWN_KEY, f"signed with key {kid}, which is not registered for {claimed}"
    )


def _check_key_in_force(key: PublicKey, message: Message) -> None:
    created = message.header.created
    if not key.in_force_at(created):
        window = (
            f"from {format_time(key.valid_from) if key.valid_from else 'the start'} until "
            f"{format_time(key.valid_until) if key.valid_until else 'revoked'}"
        )
        raise Refusal(
            RefusalCode.KEY_NOT_VALID,
            f"key {key.kid} of {message.sender} is valid {window}; the message was created "
            f"at {format_time(created)}",
        )


def _check_addressed(message: Message, node_id: str) -> None:
    if node_id not in message.header.recipients:
        raise Refusal(
            RefusalCode.NOT_FOR_US,
            f"the message is addressed to {', '.join(message.header.recipients)}, not to {node_id}",
        )


def _check_fresh(message: Message, freshness: Freshness, now: datetime) -> None:
    created = message.header.created
    if created > now + freshness.clock_skew:
        raise Refusal(
            RefusalCode.FROM_FUTURE,
            f"created at {format_time(created)}, more than {freshness.clock_skew} after this "
            f"node's time {format_time(now)} (check the sender's clock)",
        )
    if created < now - freshness.max_age:
        raise Refusal(
            RefusalCode.STALE,
            f"created at {format_time(created)}, more than {freshness.max_age} before this "
            f"node's time {format_time(now)}",
        )


def _check_group(message: Message, node_id: str, groups: Mapping[str, ClosedUserGroup]) -> None:
    header = message.header
    group = groups.get(header.group)
    if group is None:
        raise Refusal(
            RefusalCode.UNKNOWN_GROUP, f"closed user group {header.group!r} is not known here"
        )
    for member in (header.sender, node_id):
        if not group.includes(member):
            raise Refusal(RefusalCode.NOT_IN_GROUP, f"{member} is not a member of group {group.id}")
    if group.personal_data_allowed and header.personal_data is PersonalData.INCLUDED:
        return
    if header.personal_data is PersonalData.INCLUDED:
        raise Refusal(
            RefusalCode.PERSONAL_DATA_FORBIDDEN,
            f"the message is marked as including personal data, which group {group.id} "
            "does not allow",
        )
    found = personal_data_classes(message.body)
    if found:
        raise Refusal(
            RefusalCode.PERSONAL_DATA_FORBIDDEN,
            f"the message is marked as stripped but holds {', '.join(found)}",
        )
