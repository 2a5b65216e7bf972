"""Building the body of an alert from a targeting task and its assessment.

The subjects come from the unit's stored records, in the WCO Data Model names of the core's
alert body (:mod:`portcontrol.core.messages.bodies`): the transport document and its goods, the
cargo unit, the vessel and voyage with the route, the parties, the people. Values a partner's
inbox would refuse (an HS code of 5 digits, a three-letter nationality, a port that is no
UN/LOCODE) are left out rather than sent: the alert must open at the partner.

Personal data is not removed here: the core strips it when the group forbids it, so the same
body can go to a group that allows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from portcontrol.cargo.models import CargoUnit, Consignment, Party, Person, Voyage
from portcontrol.core.messages.schema import MAX_TEXT
from portcontrol.targeting.models import TargetingTask

# RiskReason.KindCode values of the alert body; any other kind of reason is an analyst's.
REASON_KINDS = frozenset({"profile", "indicator", "watch_list", "model", "random", "analyst"})
THREAT_CODES = frozenset(
    {
        "drugs",
        "precursors",
        "firearms",
        "wmd",
        "nuclear",
        "cigarettes",
        "counterfeits",
        "wildlife",
        "revenue",
        "other",
    }
)
SUBJECT_OF_TARGET = {"consignment": "consignment", "cargo_unit": "cargo_unit", "person": "person"}
# UN/EDIFACT 1001 codes of the transport documents (docs/exchange.md).
DOCUMENT_TYPE_CODES = {
    "master_bill": "705",
    "house_bill": "705",
    "cmr": "730",
    "rail_waybill": "720",
}
# UN/ECE Recommendation 19 modes.
MODE_CODES = {"sea": "1", "ferry": "1", "rail": "2", "road": "3"}
PARTY_MEMBERS = {"shipper": "Consignor", "consignee": "Consignee", "notify": "NotifyParty"}
CARGO_UNIT_KINDS = frozenset({"container", "trailer", "truck", "rail_wagon", "other"})
PERSON_ROLES = frozenset({"driver", "passenger", "crew"})
IMO_TYPE_CODE = "10"

_COUNTRY = re.compile(r"[A-Z]{2}")
_LOCATION = re.compile(r"[A-Z]{2}([A-Z2-9]{3})?")
_HS_CODE = re.compile(r"\d{4}(\d{2}){0,3}")
_IMO = re.compile(r"\d{7}")


@dataclass(frozen=True)
class TaskRecords:
    """What a task is about, as the task page shows it."""

    goods: list[Consignment]
    parties: list[Party]
    people: list[Person]


def records_of(task: TargetingTask) -> TaskRecords:
    """The goods, parties and people of the task (the task page's selection)."""
    goods: QuerySet[Consignment]
    if task.cargo_unit_id:
        goods = Consignment.objects.filter(
            cargo_units=task.cargo_unit_id, document__is_current=True
        )
    elif task.consignment_id:
        goods = Consignment.objects.filter(pk=task.consignment_id)
    else:
        goods = Consignment.objects.none()
    goods = goods.select_related("document").prefetch_related("cargo_units")
    people: QuerySet[Person] = Person.objects.none()
    if task.person_id:
        people = Person.objects.filter(pk=task.person_id)
    elif task.cargo_unit_id and task.cargo_unit.vehicle_plate:
        people = Person.objects.filter(
            voyage=task.voyage_id, vehicle_plate=task.cargo_unit.vehicle_plate
        )
    goods_list = list(goods.order_by("document__number", "item_number"))
    documents = {item.document_id for item in goods_list}
    parties = Party.objects.filter(document__in=documents).order_by("pk")
    return TaskRecords(goods_list, list(parties), list(people))


def subjects_of(task: TargetingTask, records: TaskRecords) -> dict[str, Any]:
    """The Subjects members of the alert: consignment, cargo units, vessel, people."""
    subjects: dict[str, Any] = {}
    consignment = _consignment(records)
    if consignment:
        subjects["Consignment"] = consignment
    if task.cargo_unit is not None:
        subjects["TransportEquipment"] = [_equipment(task.cargo_unit)]
    vessel = _vessel(task.voyage)
    if vessel:
        subjects["BorderTransportMeans"] = vessel
    people = [_person(person) for person in records.people]
    if people:
        subjects["Person"] = people
    return subjects


def risk_assessment_of(task: TargetingTask) -> dict[str, Any]:
    """Score, lane, threat and every reason with its contribution, largest first."""
    assessment = task.assessment
    reasons = list(assessment.reasons) if assessment is not None else []
    made: dict[str, Any] = {"Score": float(min(100, task.score)), "LaneCode": task.lane}
    if task.threat in THREAT_CODES:
        made["ThreatCode"] = [task.threat]
    made["Reason"] = [_reason(reason) for reason in reasons] or [
        {"KindCode": "analyst", "Text": "selected by the analyst"}
    ]
    return made


def alert_body(
    task: TargetingTask,
    *,
    requested_action: str,
    description: str = "",
    reply_by: datetime | None = None,
    remarks: str = "",
    records: TaskRecords | None = None,
) -> dict[str, Any]:
    """The alert body of the task: its subjects, its assessment and what the partner is asked."""
    records = records or records_of(task)
    body: dict[str, Any] = {"SubjectTypeCode": SUBJECT_OF_TARGET[task.target]}
    body.update(subjects_of(task, records))
    body["RiskAssessment"] = risk_assessment_of(task)
    action: dict[str, Any] = {"TypeCode": requested_action}
    if description.strip():
        action["Description"] = description.strip()
    if reply_by is not None:
        action["ReplyByDateTime"] = _time(reply_by)
    body["RequestedAction"] = action
    if remarks.strip():
        body["Remarks"] = remarks.strip()
    return body


# --- building blocks ------------------------------------------------------------------------


def _text(value: object) -> str:
    """A text member: trimmed, at most the core's length."""
    return str(value or "").strip()[:MAX_TEXT]


def _time(value: datetime) -> str:
    return value.isoformat().replace("+00:00", "Z")


def _weight(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.3f}"


def _location(code: str) -> dict[str, str] | None:
    code = (code or "").strip().upper()
    return {"ID": code} if _LOCATION.fullmatch(code) else None


def _compact(members: Mapping[str, Any]) -> dict[str, Any]:
    """The members that hold something: the core refuses empty texts and lists."""
    return {key: value for key, value in members.items() if value not in (None, "", [], {})}


def _consignment(records: TaskRecords) -> dict[str, Any]:
    """The first transport document of the goods with its items, parties and cargo units."""
    if not records.goods:
        return {}
    document = records.goods[0].document
    items = [item for item in records.goods if item.document_id == document.pk]
    parties = [party for party in records.parties if party.document_id == document.pk]
    contract = _compact(
        {"ID": _text(document.number), "TypeCode": DOCUMENT_TYPE_CODES.get(document.kind)}
    )
    equipment = {unit.pk: unit for item in items for unit in item.cargo_units.all()}
    return _compact(
        {
            "TransportContractDocument": contract,
            **_parties(parties),
            "LoadingLocation": _location(document.loading_port),
            "UnloadingLocation": _location(document.discharge_port),
            "GoodsItem": [_goods_item(item) for item in items],
            "TransportEquipment": [_equipment(unit) for unit in equipment.values()],
        }
    )


def _parties(parties: Iterable[Party]) -> dict[str, Any]:
    """Consignor, consignee and notify party: the first of each role."""
    found: dict[str, Any] = {}
    for party in parties:
        member = PARTY_MEMBERS.get(party.role)
        if member is None or member in found:
            continue
        country = party.country.strip().upper()
        address = _compact(
            {
                "Line": _text(party.address),
                "CountryCode": country if _COUNTRY.fullmatch(country) else None,
            }
        )
        found[member] = _compact(
            {"Name": _text(party.name), "ID": _text(party.tax_id), "Address": address}
        )
    return found


def _goods_item(item: Consignment) -> dict[str, Any]:
    hs_code = (item.hs_code or "").replace(".", "").strip()
    origin = (item.origin_country or "").strip().upper()
    commodity = _compact(
        {
            "Description": str(item.description or "").strip()[:8000],
            "Classification": [{"ID": hs_code}] if _HS_CODE.fullmatch(hs_code) else None,
        }
    )
    measure = _compact(
        {
            "GrossMassMeasure": _weight(item.gross_weight_kg),
            "NetNetWeightMeasure": _weight(item.net_weight_kg),
        }
    )
    return _compact(
        {
            "SequenceNumeric": item.item_number,
            "Commodity": commodity,
            "GoodsMeasure": measure,
            "Origin": [{"CountryCode": origin}] if _COUNTRY.fullmatch(origin) else None,
            "TransportEquipment": [{"ID": unit.identifier} for unit in item.cargo_units.all()],
        }
    )


def _equipment(unit: CargoUnit) -> dict[str, Any]:
    return _compact(
        {
            "ID": _text(unit.identifier),
            "KindCode": unit.kind if unit.kind in CARGO_UNIT_KINDS else None,
            "CharacteristicCode": _text(unit.size_type),
            "Seal": [{"ID": _text(seal)} for seal in unit.seals or [] if _text(seal)],
            "VehiclePlateID": _text(unit.vehicle_plate),
        }
    )


def _vessel(voyage: Voyage) -> dict[str, Any]:
    """The vessel (IMO number when known), the voyage and its route."""
    imo = (voyage.imo or "").strip()
    ports = [port for port in voyage.transit_ports or [] if _location(port)]
    return _compact(
        {
            "ID": imo if _IMO.fullmatch(imo) else None,
            "IdentificationTypeCode": IMO_TYPE_CODE if _IMO.fullmatch(imo) else None,
            "Name": _text(voyage.vessel_name),
            "JourneyID": _text(voyage.number),
            "ModeCode": MODE_CODES.get(voyage.transport_mode),
            "DepartureDateTime": _time(voyage.departure_time) if voyage.departure_time else None,
            "ArrivalDateTime": _time(voyage.arrival_time) if voyage.arrival_time else None,
            "LoadingLocation": _location(voyage.departure_port),
            "UnloadingLocation": _location(voyage.arrival_port),
            "Itinerary": [
                {"SequenceNumeric": position, "LocationID": port.strip().upper()}
                for position, port in enumerate(ports, start=1)
            ],
        }
    )


def _person(person: Person) -> dict[str, Any]:
    nationality = (person.nationality or "").strip().upper()
    gender = (person.gender or "").strip().upper()[:1]
    document = _compact(
        {"ID": _text(person.document_number), "TypeCode": _text(person.document_type)}
    )
    return _compact(
        {
            "RoleCode": person.role if person.role in PERSON_ROLES else "other",
            "FamilyName": _text(person.family_name),
            "GivenName": _text(person.given_names),
            "BirthDate": person.date_of_birth.isoformat() if person.date_of_birth else None,
            "NationalityCountryCode": nationality if _COUNTRY.fullmatch(nationality) else None,
            "GenderCode": gender if gender in ("M", "F") else None,
            "IdentityDocument": [document] if "ID" in document else None,
        }
    )


def _reason(reason: Mapping[str, Any]) -> dict[str, Any]:
    """One stored reason of the assessment as a RiskReason, its contribution as Score."""
    kind = reason.get("kind", "")
    text = _text(reason.get("label")) or _text(reason.get("key")) or "reason without a label"
    return _compact(
        {
            "KindCode": kind if kind in REASON_KINDS else "analyst",
            "Code": _text(reason.get("key")),
            "Text": text,
            "Score": float(reason["score"]) if reason.get("score") is not None else None,
            "ThreatCode": reason.get("threat") if reason.get("threat") in THREAT_CODES else None,
        }
    )


# --- public building blocks for other bodies (inspection results, seizures, watch lists) -----


def message_time(value: datetime) -> str:
    """A time member in UTC, to the second: ``2026-03-04T10:40:00Z``."""
    return _time(value.astimezone(UTC).replace(microsecond=0))


def location_member(code: str) -> dict[str, str] | None:
    """A Location ``{"ID": "KZKUR"}``, or None when the code is no UN/LOCODE or country code."""
    return _location(code)


def compact(members: Mapping[str, Any]) -> dict[str, Any]:
    """The members that hold something: the core refuses empty texts, lists and objects."""
    return _compact(members)


def text_member(value: object, limit: int = MAX_TEXT) -> str:
    """A text member: trimmed, at most ``limit`` characters (512, or 8,000 for free text)."""
    return str(value or "").strip()[:limit]


def cargo_unit_member(unit: CargoUnit) -> dict[str, Any]:
    """A cargo unit as a TransportEquipment: number, kind, size and type, seals, plate."""
    return _equipment(unit)


def consignment_member(item: Consignment) -> dict[str, Any]:
    """A goods item with its transport document and cargo units as a Consignment (no parties)."""
    return _consignment(TaskRecords([item], [], []))


def vessel_member(voyage: Voyage) -> dict[str, Any]:
    """A voyage as a BorderTransportMeans: vessel, journey, route."""
    return _vessel(voyage)


def person_member(person: Person) -> dict[str, Any]:
    """A driver, passenger or crew member as a Person."""
    return _person(person)
