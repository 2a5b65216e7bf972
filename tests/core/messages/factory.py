"""Tiny factories: three nodes around the Caspian, their groups, and one body per message type."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from joserfc import jwe, jws

from portcontrol.core.messages import (
    ClosedUserGroup,
    KeyUse,
    Message,
    MessageType,
    OwnKeys,
    PartnerNode,
    new_message,
)

KURYK = "KZ-KURYK"
ALAT = "AZ-ALAT"
TURKMENBASHI = "TM-TURKMENBASHI"
NOW = datetime(2026, 3, 4, 8, 15, tzinfo=UTC)
GROUP = "CASPIAN-FERRY"  # personal data allowed
NO_PERSONAL = "CASPIAN-STATS"  # personal data forbidden

# Personal data that must never survive stripping.
FAMILY_NAME = "Сейтқазиев"
GIVEN_NAME = "Нұрлан"
ALIAS = "Seitkaziyev Nurlan"
BIRTH_DATE = "1984-11-23"
PASSPORT = "N12345678"
PRIVATE_CONSIGNOR = "Mammadov Elchin"
PRIVATE_TAX_NUMBER = "841123300456"
COMPANY = "Kaspiy Logistik LLP"


@dataclass
class Network:
    """Nodes with their own keys, each one's registry of the others, and the groups."""

    keys: dict[str, OwnKeys]
    groups: dict[str, ClosedUserGroup]

    def partners_of(self, node_id: str) -> dict[str, PartnerNode]:
        """What ``node_id`` has registered: every other node's public document, re-read."""
        return {
            other: PartnerNode.from_json(keys.public().to_json())
            for other, keys in self.keys.items()
            if other != node_id
        }


def network() -> Network:
    nodes = (KURYK, ALAT, TURKMENBASHI)
    return Network(
        keys={node: OwnKeys.generate(node) for node in nodes},
        groups={
            GROUP: ClosedUserGroup(GROUP, frozenset(nodes), personal_data_allowed=True),
            NO_PERSONAL: ClosedUserGroup(
                NO_PERSONAL, frozenset(nodes), personal_data_allowed=False
            ),
        },
    )


def person() -> dict[str, Any]:
    return {
        "RoleCode": "driver",
        "FamilyName": FAMILY_NAME,
        "GivenName": GIVEN_NAME,
        "AliasName": [ALIAS],
        "BirthDate": BIRTH_DATE,
        "NationalityCountryCode": "KZ",
        "GenderCode": "M",
        "IdentityDocument": [{"ID": PASSPORT, "TypeCode": "passport", "IssuingCountryCode": "KZ"}],
    }


def consignment() -> dict[str, Any]:
    return {
        "TransportContractDocument": {"ID": "KURALA0001234", "TypeCode": "705"},
        "Consignor": {
            "Name": PRIVATE_CONSIGNOR,
            "ID": PRIVATE_TAX_NUMBER,
            "Address": {"Line": "Nizami 12", "CityName": "Baku", "CountryCode": "AZ"},
            "NaturalPersonIndicator": True,
        },
        "Consignee": {"Name": COMPANY, "ID": "120540012345", "Address": {"CountryCode": "KZ"}},
        "LoadingLocation": {"ID": "AZALA"},
        "UnloadingLocation": {"ID": "KZKUR"},
        "GoodsItem": [
            {
                "SequenceNumeric": 1,
                "Commodity": {
                    "Description": "Spare parts for trucks",
                    "Classification": [{"ID": "870899", "IdentificationTypeCode": "HS"}],
                },
                "GoodsMeasure": {"GrossMassMeasure": "12450.5"},
                "Origin": [{"CountryCode": "TR"}],
                "TransportEquipment": [{"ID": "MSKU1234565"}],
            }
        ],
        "TransportEquipment": [cargo_unit()],
    }


def cargo_unit() -> dict[str, Any]:
    return {
        "ID": "MSKU1234565",
        "KindCode": "container",
        "CharacteristicCode": "22G1",
        "Seal": [{"ID": "KZ0012345"}],
    }


def vessel() -> dict[str, Any]:
    return {
        "ID": "9321483",
        "IdentificationTypeCode": "10",
        "Name": "Professor Gul",
        "JourneyID": "AZALA-KZKUR-0042",
        "ModeCode": "1",
        "DepartureDateTime": "2026-03-03T18:00:00Z",
        "LoadingLocation": {"ID": "AZALA"},
        "UnloadingLocation": {"ID": "KZKUR"},
        "Itinerary": [{"SequenceNumeric": 1, "LocationID": "TMKRW", "RoutingCountryCode": "TM"}],
    }


def _watch_list_reason(subject: str) -> str:
    if subject == "person":
        return (
            f"driver {FAMILY_NAME} {GIVEN_NAME}, born 23.11.1984, passport {PASSPORT}, "
            "matches a watch-list entry"
        )
    return f"consignor {PRIVATE_CONSIGNOR} matches a watch-list entry"


def alert_body(subject: str = "consignment") -> dict[str, Any]:
    subjects: dict[str, dict[str, Any]] = {
        "consignment": {"Consignment": consignment()},
        "cargo_unit": {"TransportEquipment": [cargo_unit()]},
        "vessel": {"BorderTransportMeans": vessel()},
        "person": {"Person": [person()], "BorderTransportMeans": vessel()},
    }
    members = subjects[subject]
    return {
        "SubjectTypeCode": subject,
        **members,
        "RiskAssessment": {
            "Score": 87.5,
            "LaneCode": "red",
            "ThreatCode": ["drugs"],
            "Reason": [
                {
                    "KindCode": "watch_list",
                    "Code": "WL-KZ-0042",
                    "Text": _watch_list_reason(subject),
                    "Score": 60,
                    "ThreatCode": "drugs",
                },
                {"KindCode": "profile", "Code": "P-017", "Text": "route via Turkmenbashi"},
            ],
        },
        "RequestedAction": {
            "TypeCode": "inspect",
            "Description": "scan and open the container",
            "ReplyByDateTime": "2026-03-05T06:00:00+05:00",
        },
        "Remarks": f"{GIVEN_NAME} crosses every week"
        if subject == "person"
        else f"{PRIVATE_CONSIGNOR} shipped twice before",
    }


BODIES: Mapping[MessageType, Any] = {
    MessageType.ALERT: alert_body,
    MessageType.REQUEST: lambda: {
        "SubjectTypeCode": "vessel",
        "BorderTransportMeans": vessel(),
        "Question": "Crew list and last ten ports of call?",
        "ReplyByDateTime": "2026-03-05T12:00:00Z",
    },
    MessageType.ANSWER: lambda: {
        "Answer": "Crew of 14; ports attached.",
        "Person": [person()],
        "BorderTransportMeans": vessel(),
    },
    MessageType.INSPECTION_RESULT: lambda: {
        "InspectionDateTime": "2026-03-04T10:40:00Z",
        "InspectionLocation": {"ID": "KZKUR"},
        "InspectionKindCode": ["scanner", "physical"],
        "ResultCode": "discrepancy",
        "Finding": [{"KindCode": "undeclared", "Description": "12 packages not on the bill"}],
        "TransportEquipment": [cargo_unit()],
    },
    MessageType.SEIZURE_NOTICE: lambda: {
        "SeizureID": "KZKUR-2026-0007",
        "SeizureDateTime": "2026-03-04T11:05:00Z",
        "SeizureLocation": {"ID": "KZKUR"},
        "Goods": [
            {
                "CommodityGroupCode": "drugs",
                "DrugTypeCode": "heroin",
                "Commodity": {"Classification": [{"ID": "2939"}]},
                "Quantity": {"value": "24.350", "unitCode": "kg"},
                "ConcealmentCode": "false_compartment",
                "EstimatedValueAmount": {"value": "250000", "currencyID": "USD"},
            }
        ],
        "Person": [person() | {"RoleCode": "offender"}],
        "TransportEquipment": [cargo_unit()],
    },
    MessageType.WATCH_LIST_ENTRY: lambda: {
        "ActionCode": "add",
        "EntryID": "WL-KZ-0042",
        "KindCode": "person",
        "Person": person(),
        "ReasonText": "courier in the 2025 heroin case",
        "ThreatCode": ["drugs"],
        "ValidUntilDate": "2027-03-04",
    },
    MessageType.ACKNOWLEDGEMENT: lambda: {"StatusCode": "received"},
}


def message(
    type: MessageType = MessageType.ALERT,
    *,
    sender: str = KURYK,
    recipients: tuple[str, ...] = (ALAT,),
    group: str = GROUP,
    body: Mapping[str, Any] | None = None,
    now: datetime = NOW,
) -> Message:
    """A valid message of the type; replies point at a made-up earlier message."""
    return new_message(
        type,
        BODIES[type]() if body is None else body,
        sender=sender,
        recipients=recipients,
        group=group,
        in_reply_to=uuid.uuid4() if type is not MessageType.ALERT else None,
        now=now,
    )


# --- raw JOSE, for building what an attacker or a broken partner would send -------------------

SIGNED_HEADER = {"alg": "Ed25519", "typ": "portcontrol-message"}


def outer_plaintext(token: str, recipient: OwnKeys) -> str:
    """The JWS inside a JWE token, decrypted with the recipient's (only) encryption key."""
    for key in recipient.keys:
        if key.use is KeyUse.ENCRYPTION:
            plaintext = jwe.decrypt_compact(token, key.jose_key).plaintext
            return (plaintext or b"").decode("ascii")
    raise AssertionError("no key of the recipient decrypts the token")


def encrypt_for(signed: str, recipient: PartnerNode, **extra: Any) -> str:
    """A JWE of exactly our shape around any content, for the recipient's current key."""
    key = recipient.encryption_key(NOW)
    assert key is not None
    header = {"alg": "ECDH-ES", "enc": "A256GCM", "kid": key.kid, "cty": "JOSE", **extra}
    algorithms = [header["alg"], "A256GCM", *([header["zip"]] if "zip" in header else [])]
    return jwe.encrypt_compact(header, signed, key.jose_key, algorithms=algorithms)


def sign_raw(payload: bytes, signer: OwnKeys, **header: Any) -> str:
    """A JWS over any payload with the signer's current key (or the header's own kid)."""
    key = signer.signing_key(NOW)
    assert key is not None
    protected = {**SIGNED_HEADER, "kid": key.kid, **header}
    return jws.serialize_compact(protected, payload, key.jose_key, algorithms=[protected["alg"]])
