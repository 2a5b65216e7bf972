"""Exchange messages between partner nodes: formats, keys, signing and encryption.

The Django exchange app calls this package and nothing below it:

- keys: :class:`OwnKeys` (this node's private keys, from :func:`own_keys_from_environment`),
  :class:`PartnerNode` (a partner's registered public keys, from its public document);
- messages: :func:`new_message` with a body TypedDict of :mod:`.bodies`;
- :func:`seal` an outgoing message for its recipients, :func:`open_message` an incoming token;
  refusals are :class:`Refusal` with a :class:`RefusalCode`.

docs/exchange.md describes the formats, the checks and key rotation.
"""

from portcontrol.core.messages.errors import KeyMaterialError, Refusal, RefusalCode, SealError
from portcontrol.core.messages.keys import (
    KeyUse,
    OwnKeys,
    PartnerNode,
    PrivateKey,
    PublicKey,
    own_keys_from_environment,
    read_own_keys,
    write_own_keys,
)
from portcontrol.core.messages.model import (
    ClosedUserGroup,
    Header,
    InvalidMessage,
    Message,
    MessageType,
    PersonalData,
    PersonalDataClass,
    message_from_json,
    new_message,
)
from portcontrol.core.messages.personal import strip_personal_data
from portcontrol.core.messages.replay import MemorySeenIds, SeenIds
from portcontrol.core.messages.seal import Freshness, Sealed, VerifiedMessage, open_message, seal

__all__ = [
    "ClosedUserGroup",
    "Freshness",
    "Header",
    "InvalidMessage",
    "KeyMaterialError",
    "KeyUse",
    "MemorySeenIds",
    "Message",
    "MessageType",
    "OwnKeys",
    "PartnerNode",
    "PersonalData",
    "PersonalDataClass",
    "PrivateKey",
    "PublicKey",
    "Refusal",
    "RefusalCode",
    "SealError",
    "Sealed",
    "SeenIds",
    "VerifiedMessage",
    "message_from_json",
    "new_message",
    "open_message",
    "own_keys_from_environment",
    "read_own_keys",
    "seal",
    "strip_personal_data",
    "write_own_keys",
]
