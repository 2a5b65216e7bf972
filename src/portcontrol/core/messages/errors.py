"""Why a message was refused on arrival, or could not be sealed on departure.

A refusal carries a stable machine code (stored with the refused message, counted on the
exchange dashboard, sent back in an acknowledgement) and a human message in English that names
what failed: the key id, the field, the node, the time.
"""

from __future__ import annotations

from enum import StrEnum

from portcontrol.core.errors import PortControlError


class RefusalCode(StrEnum):
    """Why an incoming message was refused, in the order the inbox checks them."""

    TOO_LARGE = "too_large"  # over the size limit, refused before any parsing
    MALFORMED = "malformed"  # not a JWE/JWS compact token, headers or JSON unreadable
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"  # alg/enc other than the ones we use
    NOT_FOR_US = "not_for_us"  # encrypted for a key we do not hold, or we are not a recipient
    TAMPERED = "tampered"  # decryption failed: ciphertext, IV, tag or header changed
    UNKNOWN_SENDER = "unknown_sender"  # the claimed sender is not a registered partner
    UNKNOWN_KEY = "unknown_key"  # signed with a key id registered for no partner
    SENDER_MISMATCH = "sender_mismatch"  # signed with a key of another partner than claimed
    BAD_SIGNATURE = "bad_signature"  # the signature does not verify with the sender's key
    KEY_NOT_VALID = "key_not_valid"  # the signing key was not in force at the created time
    UNKNOWN_TYPE = "unknown_type"  # a message type this node does not know
    INVALID_PAYLOAD = "invalid_payload"  # a field missing, unknown, of the wrong type or value
    STALE = "stale"  # created longer ago than the maximum age
    FROM_FUTURE = "from_future"  # created later than now plus the allowed clock skew
    UNKNOWN_GROUP = "unknown_group"  # a closed user group this node does not know
    NOT_IN_GROUP = "not_in_group"  # the sender or this node is not a member of the group
    PERSONAL_DATA_FORBIDDEN = "personal_data_forbidden"  # names etc. where the group forbids
    DUPLICATE = "duplicate"  # this sender's message id was received before (replay)


class Refusal(PortControlError):
    """An incoming message that is not accepted; nothing of it is to be stored as received."""

    def __init__(self, code: RefusalCode, message: str) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message


class SealError(PortControlError):
    """An outgoing message that cannot be sealed: the caller's data or configuration is wrong.

    ``code`` is stable: ``invalid_message``, ``wrong_sender``, ``not_in_group``,
    ``unknown_recipient``, ``no_signing_key``, ``no_encryption_key``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


class KeyMaterialError(PortControlError, ValueError):
    """A key, key set or partner document that cannot be used: wrong curve, missing member,
    a private key where a public one is expected, a key id that is not the key's thumbprint."""
