"""Exchange messages: seal and open N alerts between two nodes, in one process.

Steps:

1. generate the keys of two nodes (Kuryk and Alat) and register each with the other;
2. build N alerts on consignments: a bill of lading, a private consignor and a company consignee,
   two goods items in one container, three reasons; half in a group that allows personal data,
   half in one that forbids it (so half are stripped before signing);
3. seal each alert (check, strip if due, canonical JSON, JWS Ed25519, JWE ECDH-ES X25519 +
   A256GCM), timed one by one;
4. open each token at the other node (every inbox check, replay check in memory), timed one by
   one, and count refusals (there must be none).

Figures: messages per second for sealing, opening and both, the median and the 99th percentile
per message, and the token size.
"""

from __future__ import annotations

import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from portcontrol.core.messages import (
    ClosedUserGroup,
    MemorySeenIds,
    MessageType,
    OwnKeys,
    PartnerNode,
    Refusal,
    new_message,
    open_message,
    seal,
)

SEED = 20260304
KURYK = "KZ-KURYK"
ALAT = "AZ-ALAT"
_HS = ("870899", "300490", "240220", "290919", "620342", "850440", "392690", "732690")
_DESCRIPTIONS = ("spare parts", "medicines", "cigarettes", "solvents", "trousers", "chargers")


def _alert_body(rng: random.Random, number: int) -> dict[str, Any]:
    """A consignment alert as an analyst would send it."""
    container = f"MSKU{rng.randrange(10**6, 10**7)}"
    consignor = f"Mammadov {rng.choice(('Elchin', 'Rashad', 'Orkhan'))} {number}"
    return {
        "SubjectTypeCode": "consignment",
        "Consignment": {
            "TransportContractDocument": {"ID": f"ALAKUR{number:08d}", "TypeCode": "705"},
            "Consignor": {
                "Name": consignor,
                "ID": f"{rng.randrange(10**11, 10**12)}",
                "Address": {"Line": f"Nizami {number % 200}", "CountryCode": "AZ"},
                "NaturalPersonIndicator": True,
            },
            "Consignee": {"Name": "Kaspiy Logistik LLP", "ID": "120540012345"},
            "LoadingLocation": {"ID": "AZALA"},
            "UnloadingLocation": {"ID": "KZKUR"},
            "GoodsItem": [
                {
                    "SequenceNumeric": item,
                    "Commodity": {
                        "Description": rng.choice(_DESCRIPTIONS),
                        "Classification": [{"ID": rng.choice(_HS)}],
                    },
                    "GoodsMeasure": {"GrossMassMeasure": f"{rng.randrange(100, 20000)}.5"},
                    "TransportEquipment": [{"ID": container}],
                }
                for item in (1, 2)
            ],
            "TransportEquipment": [{"ID": container, "KindCode": "container"}],
        },
        "RiskAssessment": {
            "Score": round(rng.uniform(60, 100), 1),
            "LaneCode": "red",
            "ThreatCode": ["cigarettes"],
            "Reason": [
                {"KindCode": "profile", "Code": "P-017", "Text": "route via Turkmenbashi"},
                {"KindCode": "indicator", "Code": "value_per_kg", "Text": "value per kg low"},
                {"KindCode": "watch_list", "Code": "WL-42", "Text": f"{consignor} listed"},
            ],
        },
        "RequestedAction": {"TypeCode": "inspect", "Description": "scan the container"},
    }


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(lines: int) -> dict[str, object]:
    """Seal and open ``lines`` alerts; print and return the figures."""
    rng = random.Random(SEED)
    now = datetime(2026, 3, 4, 8, 15, tzinfo=UTC)
    kuryk, alat = OwnKeys.generate(KURYK), OwnKeys.generate(ALAT)
    kuryk_partners = {ALAT: PartnerNode.from_json(alat.public().to_json())}
    alat_partners = {KURYK: PartnerNode.from_json(kuryk.public().to_json())}
    members = frozenset({KURYK, ALAT})
    groups = {
        "CASPIAN-FERRY": ClosedUserGroup("CASPIAN-FERRY", members, personal_data_allowed=True),
        "CASPIAN-STATS": ClosedUserGroup("CASPIAN-STATS", members, personal_data_allowed=False),
    }
    messages = [
        new_message(
            MessageType.ALERT,
            _alert_body(rng, number),
            sender=KURYK,
            recipients=[ALAT],
            group="CASPIAN-FERRY" if number % 2 else "CASPIAN-STATS",
            now=now + timedelta(seconds=number % 60),
        )
        for number in range(lines)
    ]

    tokens: list[str] = []
    seal_times: list[float] = []
    for message in messages:
        started = time.perf_counter()
        sealed = seal(message, kuryk, kuryk_partners, group=groups[message.header.group], now=now)
        seal_times.append(time.perf_counter() - started)
        tokens.append(sealed.tokens[ALAT])

    seen = MemorySeenIds()
    open_times: list[float] = []
    refused = 0
    opened_ids: set[uuid.UUID] = set()
    for token in tokens:
        started = time.perf_counter()
        try:
            verified = open_message(token, alat, alat_partners, groups=groups, seen=seen, now=now)
            opened_ids.add(verified.id)
        except Refusal:
            refused += 1
        open_times.append(time.perf_counter() - started)

    seal_seconds, open_seconds = sum(seal_times), sum(open_times)
    both = [sealing + opening for sealing, opening in zip(seal_times, open_times, strict=True)]
    figures: dict[str, object] = {
        "messages": lines,
        "opened": len(opened_ids),
        "refused": refused,
        "seal_per_s": round(lines / seal_seconds),
        "open_per_s": round(lines / open_seconds),
        "seal_and_open_per_s": round(lines / (seal_seconds + open_seconds)),
        "seal_median_ms": round(statistics.median(seal_times) * 1000, 3),
        "seal_p99_ms": round(_percentile(seal_times, 0.99) * 1000, 3),
        "open_median_ms": round(statistics.median(open_times) * 1000, 3),
        "open_p99_ms": round(_percentile(open_times, 0.99) * 1000, 3),
        "seal_and_open_p99_ms": round(_percentile(both, 0.99) * 1000, 3),
        "token_median_bytes": round(statistics.median(len(token) for token in tokens)),
    }
    print(
        f"{lines:,} alerts: seal {figures['seal_per_s']:,}/s (p99 {figures['seal_p99_ms']} ms), "
        f"open {figures['open_per_s']:,}/s (p99 {figures['open_p99_ms']} ms), both "
        f"{figures['seal_and_open_per_s']:,}/s; {refused} refused; tokens of "
        f"{figures['token_median_bytes']:,} bytes",
        flush=True,
    )
    return figures
