"""Tiny factories: one valid body per message type, as in docs/exchange.md."""

from __future__ import annotations

from typing import Any


def alert(container: str = "MSKU1234565") -> dict[str, Any]:
    return {
        "SubjectTypeCode": "cargo_unit",
        "TransportEquipment": [{"ID": container, "KindCode": "container"}],
        "RiskAssessment": {
            "Score": 72,
            "LaneCode": "red",
            "ThreatCode": ["cigarettes"],
            "Reason": [
                {
                    "KindCode": "indicator",
                    "Code": "seal_mismatch",
                    "Text": "seal number differs from the manifest",
                }
            ],
        },
        "RequestedAction": {"TypeCode": "scan", "Description": "scan before discharge"},
    }


def request() -> dict[str, Any]:
    return {
        "SubjectTypeCode": "vessel",
        "BorderTransportMeans": {
            "ID": "9321483",
            "IdentificationTypeCode": "10",
            "JourneyID": "AZALA-KZKUR-0042",
        },
        "Question": "Crew list and the last ten ports of call?",
    }


def answer() -> dict[str, Any]:
    return {"Answer": "Crew of 14; last ports Turkmenbashi, Baku, Aktau."}


def inspection_result() -> dict[str, Any]:
    return {
        "InspectionDateTime": "2026-03-04T10:40:00Z",
        "InspectionLocation": {"ID": "KZKUR"},
        "InspectionKindCode": ["scanner", "physical"],
        "ResultCode": "discrepancy",
        "Finding": [{"KindCode": "undeclared", "Description": "12 packages not on the bill"}],
        "TransportEquipment": [{"ID": "MSKU1234565"}],
    }


def seizure_notice() -> dict[str, Any]:
    return {
        "SeizureID": "KZKUR-2026-0007",
        "SeizureDateTime": "2026-03-04T11:05:00Z",
        "SeizureLocation": {"ID": "KZKUR"},
        "Goods": [
            {
                "CommodityGroupCode": "drugs",
                "DrugTypeCode": "heroin",
                "Quantity": {"value": "24.350", "unitCode": "kg"},
                "ConcealmentCode": "false_compartment",
            }
        ],
    }


def watch_list_entry() -> dict[str, Any]:
    return {
        "ActionCode": "add",
        "EntryID": "WL-KZ-0042",
        "KindCode": "company",
        "Party": {"Name": "Arman Trans LLP", "ID": "123456789012"},
        "ReasonText": "consignor in the 2025 precursor case",
        "ThreatCode": ["precursors"],
    }
