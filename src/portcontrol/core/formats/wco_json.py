"""JSON manifests named after the WCO Data Model: a documented subset, read and written.

The document is an object with one ``Declaration`` (or a list of them, one per voyage)::

    {"Declaration": {
        "BorderTransportMeans": {"JourneyID": "...", "ID": "9321483", "Name": "...", ...},
        "LoadingLocation": {"ID": "KZKUR"}, "UnloadingLocation": {"ID": "AZALA"},
        "Consignment": [{"TransportContractDocument": {"ID": "...", "TypeCode": "705"},
                         "Consignor": {...}, "TransportEquipment": [...],
                         "GoodsItem": [{"SequenceNumeric": 1, "Commodity": {...}, ...}]}],
        "TransportEquipment": [...], "Person": [...]}}

docs/formats.md maps every element to a canonical field and says which names are extensions.
Places are JSON pointers (``/Declaration/Consignment/0/GoodsItem/2``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from typing import Any

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.formats.limits import (
    DEFAULT_LIMITS,
    Limits,
    check_json_depth,
    check_size,
)
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import (
    CargoUnit,
    Consignment,
    Manifest,
    Party,
    Person,
    TransportDocument,
    Voyage,
)

# UN/ECE Recommendation 19 transport mode codes.
MODE_NAMES = {"1": "sea", "2": "rail", "3": "road"}
MODE_CODES = {"sea": "1", "ferry": "1", "rail": "2", "road": "3"}
# UN/EDIFACT 1001 document name codes of transport documents.
DOCUMENT_KINDS = {
    "704": "master_bill",
    "705": "master_bill",
    "714": "house_bill",
    "720": "rail_waybill",
    "730": "cmr",
}
DOCUMENT_CODES = {
    "master_bill": "705",
    "house_bill": "714",
    "rail_waybill": "720",
    "cmr": "730",
}
# UN/ECE Recommendation 20 code for kilograms.
KILOGRAM = "KGM"
IMO_TYPE_CODE = "10"
PARTY_ELEMENTS = (("Consignor", "shipper"), ("Consignee", "consignee"), ("NotifyParty", "notify"))


class _Document:
    """A parsed JSON document walked with pointers; odd values become warnings, not crashes."""

    def __init__(self, builder: ManifestBuilder) -> None:
        self.builder = builder

    def objects(self, node: Any, pointer: str) -> Iterator[tuple[dict[str, Any], str]]:
        """The objects of an element given as one object or a list of objects."""
        if node is None:
            return
        if isinstance(node, dict):
            yield node, pointer
            return
        if isinstance(node, list):
            for position, item in enumerate(node):
                if isinstance(item, dict):
                    yield item, f"{pointer}/{position}"
                elif item is not None:
                    self.odd(f"{pointer}/{position}", "an object")
            return
        self.odd(pointer, "an object or a list of objects")

    def first(self, node: Any, pointer: str) -> tuple[dict[str, Any], str]:
        """The first object of an element (an empty one when absent)."""
        for found in self.objects(node, pointer):
            return found
        return {}, pointer

    def text(self, owner: Mapping[str, Any], key: str, pointer: str) -> str | None:
        """A scalar value as text; numbers arrive as text already (see ``_parse``)."""
        value = owner.get(key)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        self.odd(f"{pointer}/{key}", "a text or number")
        return None

    def child_text(
        self, owner: Mapping[str, Any], path: tuple[str, ...], pointer: str
    ) -> str | None:
        """A scalar inside nested objects, ``("Address", "Line")`` for ``Address/Line``."""
        node: Mapping[str, Any] = owner
        for key in path[:-1]:
            node, pointer = self.first(node.get(key), f"{pointer}/{key}")
        return self.text(node, path[-1], pointer)

    def measure(self, owner: Mapping[str, Any], key: str, pointer: str) -> str | None:
        """A mass in kilograms: a number, or ``{"value": ..., "unitCode": "KGM"}``."""
        value = owner.get(key)
        if not isinstance(value, dict):
            return self.text(owner, key, pointer)
        unit = self.text(value, "unitCode", f"{pointer}/{key}")
        if unit not in (None, KILOGRAM):
            self.builder.warn(
                Place(pointer=f"{pointer}/{key}"),
                "json.unit",
                f"mass in {unit} ignored: only kilograms ({KILOGRAM}) are read",
            )
            return None
        return self.text(value, "value", f"{pointer}/{key}")

    def odd(self, pointer: str, expected: str) -> None:
        """Warn about a value of the wrong JSON type; the value is left out."""
        self.builder.warn(Place(pointer=pointer), "json.type", f"expected {expected}; ignored")


def read_json(data: bytes, *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Read a WCO Data Model JSON manifest.

    Steps:

    1. refuse a file over ``max_json_bytes`` or nested deeper than ``max_json_depth``, measured
       before parsing;
    2. parse with numbers kept as text (no float rounding of weights, no lost zeros), refusing
       numbers longer than ``max_json_number_digits``, NaN and Infinity;
    3. refuse strings longer than ``max_json_string_chars`` anywhere in the tree;
    4. map each Declaration: its voyage, then per Consignment the cargo units, then each goods
       item as one consignment row; then cargo units without goods and people.
    """
    check_size(len(data), limits.max_json_bytes)
    check_json_depth(data, limits)
    tree = _parse(data, limits)
    _check_strings(tree, limits)
    if not isinstance(tree, dict) or "Declaration" not in tree:
        raise ReadError(
            "not a WCO Data Model manifest: the top level must be an object with a Declaration",
            Place(pointer=""),
            "json.not_wco",
        )
    builder = ManifestBuilder("json")
    document = _Document(builder)
    declarations = list(document.objects(tree["Declaration"], "/Declaration"))
    if not declarations:
        raise ReadError("the Declaration is empty", Place(pointer="/Declaration"), "json.not_wco")
    for declaration, pointer in declarations:
        _read_declaration(document, declaration, pointer)
    return builder.build()


def _parse(data: bytes, limits: Limits) -> Any:
    """json.loads with numbers as text and every failure as a ReadError."""

    def number(text: str) -> str:
        if len(text) > limits.max_json_number_digits:
            raise ReadError(
                f"a number has {len(text)} characters, over the limit of "
                f"{limits.max_json_number_digits}",
                code="json.number_too_long",
            )
        return text

    def constant(text: str) -> None:
        raise ReadError(f"{text} is not a JSON number", code="json.syntax")

    try:
        return json.loads(data, parse_int=number, parse_float=number, parse_constant=constant)
    except json.JSONDecodeError as error:
        raise ReadError(
            f"the JSON is not valid ({error.msg}, column {error.colno})",
            Place(line=error.lineno),
            "json.syntax",
        ) from None
    except UnicodeDecodeError as error:
        raise ReadError(
            f"the JSON is not UTF-8 text ({error.reason})", code="file.encoding"
        ) from None
    except RecursionError:
        raise ReadError("the JSON is nested too deeply", code="json.too_deep") from None
    except ValueError as error:  # e.g. an integer beyond Python's digit limit
        raise ReadError(f"the JSON is not valid ({error})", code="json.syntax") from None


def _check_strings(tree: Any, limits: Limits) -> None:
    """Refuse any key or string longer than the limit (walked without recursion)."""
    pending = [tree]
    limit = limits.max_json_string_chars
    while pending:
        node = pending.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if len(key) > limit:
                    raise ReadError(f"a key is over {limit} characters", code="json.too_long")
                pending.append(value)
        elif isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, str) and len(node) > limit:
            raise ReadError(
                f"a text value has {len(node)} characters, over the limit of {limit}",
                code="json.too_long",
            )


def _read_declaration(document: _Document, declaration: dict[str, Any], pointer: str) -> None:
    """One voyage: conveyance, consignments with goods and equipment, loose equipment, people."""
    builder = document.builder
    voyage = _voyage_fields(document, declaration, pointer)
    builder.add_voyage(voyage, Place(pointer=f"{pointer}/BorderTransportMeans"))
    voyage_number = voyage["voyage_number"]
    for consignment, at in document.objects(
        declaration.get("Consignment"), f"{pointer}/Consignment"
    ):
        _read_consignment(document, consignment, at, voyage)
    for unit, at in document.objects(
        declaration.get("TransportEquipment"), f"{pointer}/TransportEquipment"
    ):
        fields = _equipment_fields(document, unit, at)
        fields["voyage_number"] = voyage_number
        builder.add_cargo_unit_row(fields, Place(pointer=at))
    for person, at in document.objects(declaration.get("Person"), f"{pointer}/Person"):
        fields = _person_fields(document, person, at)
        fields["voyage_number"] = voyage_number
        builder.add_person_row(fields, Place(pointer=at))


def _voyage_fields(
    document: _Document, declaration: dict[str, Any], pointer: str
) -> dict[str, str | None]:
    """The voyage fields of a Declaration: conveyance, carrier, route and times."""
    means, at = document.first(
        declaration.get("BorderTransportMeans"), f"{pointer}/BorderTransportMeans"
    )
    text = document.text
    imo: str | None = None
    if text(means, "IdentificationTypeCode", at) in (None, IMO_TYPE_CODE):
        imo = text(means, "ID", at)
    mode = text(means, "ModeName", at)
    if mode is None:
        code = text(means, "ModeCode", at)
        mode = MODE_NAMES.get(code or "", code)
    transit = [
        text(stop, "LocationID", stop_at)
        for stop, stop_at in document.objects(declaration.get("Itinerary"), f"{pointer}/Itinerary")
    ]
    return {
        "voyage_number": text(means, "JourneyID", at),
        "transport_mode": mode,
        "vessel_name": text(means, "Name", at),
        "vessel_imo": imo,
        "carrier": document.child_text(declaration, ("Carrier", "Name"), pointer),
        "departure_port": document.child_text(declaration, ("LoadingLocation", "ID"), pointer),
        "arrival_port": document.child_text(declaration, ("UnloadingLocation", "ID"), pointer),
        "transit_ports": ";".join(stop for stop in transit if stop) or None,
        "departure_time": text(means, "DepartureDateTime", at),
        "arrival_time": text(means, "ArrivalDateTime", at),
    }


def _read_consignment(
    document: _Document,
    consignment: dict[str, Any],
    pointer: str,
    voyage: dict[str, str | None],
) -> None:
    """One transport document: its cargo units, then one consignment row per goods item."""
    builder = document.builder
    contract, contract_at = document.first(
        consignment.get("TransportContractDocument"), f"{pointer}/TransportContractDocument"
    )
    type_code = document.text(contract, "TypeCode", contract_at)
    shared: dict[str, str | None] = dict(voyage)
    shared.update(
        document_number=document.text(contract, "ID", contract_at),
        document_type=DOCUMENT_KINDS.get(type_code or "", type_code),
        loading_port=document.child_text(consignment, ("LoadingLocation", "ID"), pointer),
        discharge_port=document.child_text(consignment, ("UnloadingLocation", "ID"), pointer),
    )
    for element, role in PARTY_ELEMENTS:
        party, at = document.first(consignment.get(element), f"{pointer}/{element}")
        shared[f"{role}_name"] = document.text(party, "Name", at)
        shared[f"{role}_address"] = document.child_text(party, ("Address", "Line"), at)
        shared[f"{role}_country"] = document.child_text(party, ("Address", "CountryCode"), at)
        shared[f"{role}_tax_id"] = document.text(party, "ID", at)
    equipment_ids: list[str] = []
    for unit, at in document.objects(
        consignment.get("TransportEquipment"), f"{pointer}/TransportEquipment"
    ):
        fields = _equipment_fields(document, unit, at)
        fields["voyage_number"] = voyage["voyage_number"]
        builder.add_cargo_unit_row(fields, Place(pointer=at))
        if fields["cargo_unit_id"]:
            equipment_ids.append(fields["cargo_unit_id"])
    items = list(document.objects(consignment.get("GoodsItem"), f"{pointer}/GoodsItem"))
    if not items:
        builder.warn(Place(pointer=pointer), "json.no_goods", "consignment without goods items")
    for item, at in items:
        row = dict(shared)
        row.update(_goods_fields(document, item, at, equipment_ids))
        builder.add_consignment_row(row, Place(pointer=at))


def _goods_fields(
    document: _Document, item: dict[str, Any], pointer: str, equipment_ids: list[str]
) -> dict[str, str | None]:
    """The goods fields of a GoodsItem; without its own equipment references it travels in
    all the equipment of its consignment."""
    text = document.text
    commodity, commodity_at = document.first(item.get("Commodity"), f"{pointer}/Commodity")
    hs_code = None
    for classification, at in document.objects(
        commodity.get("Classification"), f"{commodity_at}/Classification"
    ):
        if text(classification, "IdentificationTypeCode", at) in (None, "HS"):
            hs_code = text(classification, "ID", at)
            break
    packaging, packaging_at = document.first(item.get("Packaging"), f"{pointer}/Packaging")
    measure, measure_at = document.first(item.get("GoodsMeasure"), f"{pointer}/GoodsMeasure")
    value, currency = _amount(document, item, "CustomsValueAmount", pointer)
    references = [
        text(reference, "ID", at)
        for reference, at in document.objects(
            item.get("TransportEquipment"), f"{pointer}/TransportEquipment"
        )
    ]
    units = [unit for unit in references if unit] or equipment_ids
    return {
        "item_number": text(item, "SequenceNumeric", pointer),
        "hs_code": hs_code,
        "goods_description": text(commodity, "Description", commodity_at),
        "packages": text(packaging, "QuantityQuantity", packaging_at),
        "package_type": text(packaging, "TypeCode", packaging_at),
        "gross_weight_kg": document.measure(measure, "GrossMassMeasure", measure_at),
        "net_weight_kg": document.measure(measure, "NetNetWeightMeasure", measure_at),
        "value": value,
        "currency": currency,
        "origin_country": document.child_text(item, ("Origin", "CountryCode"), pointer),
        "cargo_unit_id": ";".join(units) or None,
    }


def _amount(
    document: _Document, owner: dict[str, Any], key: str, pointer: str
) -> tuple[str | None, str | None]:
    """An amount with its currency: ``{"value": "12.50", "currencyID": "USD"}`` or a number."""
    node = owner.get(key)
    if isinstance(node, dict):
        at = f"{pointer}/{key}"
        return document.text(node, "value", at), document.text(node, "currencyID", at)
    return document.text(owner, key, pointer), None


def _equipment_fields(
    document: _Document, unit: dict[str, Any], pointer: str
) -> dict[str, str | None]:
    """The cargo-unit fields of a TransportEquipment: identifier, size type, seals, ..."""
    text = document.text
    seals = [
        text(seal, "ID", at) for seal, at in document.objects(unit.get("Seal"), f"{pointer}/Seal")
    ]
    return {
        "cargo_unit_id": text(unit, "ID", pointer),
        "cargo_unit_type": text(unit, "KindCode", pointer),
        "size_type": text(unit, "CharacteristicCode", pointer),
        "seals": ";".join(seal for seal in seals if seal) or None,
        "vehicle_plate": text(unit, "VehiclePlateID", pointer),
        "is_empty": text(unit, "EmptyIndicator", pointer),
        "cargo_unit_gross_weight_kg": document.measure(unit, "GrossMassMeasure", pointer),
        "stowage_position": text(unit, "StowagePositionID", pointer),
        "loading_port": document.child_text(unit, ("LoadingLocation", "ID"), pointer),
        "discharge_port": document.child_text(unit, ("UnloadingLocation", "ID"), pointer),
    }


def _person_fields(
    document: _Document, person: dict[str, Any], pointer: str
) -> dict[str, str | None]:
    """The fields of a Person: role, names, birth, nationality, travel document."""
    text = document.text
    return {
        "person_role": text(person, "RoleCode", pointer),
        "family_name": text(person, "FamilyName", pointer),
        "given_names": text(person, "GivenName", pointer),
        "date_of_birth": text(person, "BirthDate", pointer),
        "nationality": text(person, "NationalityCountryCode", pointer),
        "gender": text(person, "GenderCode", pointer),
        "travel_document_type": document.child_text(
            person, ("IdentityDocument", "TypeCode"), pointer
        ),
        "travel_document_number": document.child_text(person, ("IdentityDocument", "ID"), pointer),
        "vehicle_plate": text(person, "VehiclePlateID", pointer),
    }


# --- writer --------------------------------------------------------------------------------


def write_json(manifest: Manifest) -> bytes:
    """A manifest as a WCO Data Model JSON document (one Declaration per voyage).

    Decimal values are written as JSON strings so that they stay exact; the reader takes
    numbers and strings alike.
    """
    declarations = [_declaration(manifest, voyage) for voyage in _voyages(manifest)]
    body: dict[str, Any] = {
        "Declaration": declarations[0] if len(declarations) == 1 else declarations
    }
    return json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")


def _voyages(manifest: Manifest) -> list[Voyage]:
    """The voyages of a manifest, plus bare ones for voyage numbers only records mention."""
    voyages = list(manifest.voyages)
    known = {voyage.number for voyage in voyages}
    mentioned = (
        [document.voyage_number for document in manifest.documents]
        + [unit.voyage_number for unit in manifest.cargo_units]
        + [person.voyage_number for person in manifest.persons]
    )
    for number in mentioned:
        if number not in known:
            known.add(number)
            voyages.append(Voyage(number=number))
    return voyages


def _declaration(manifest: Manifest, voyage: Voyage) -> dict[str, Any]:
    """The Declaration of one voyage."""
    means = _compact(
        {
            "JourneyID": voyage.number,
            "ID": voyage.imo,
            "IdentificationTypeCode": IMO_TYPE_CODE if voyage.imo else None,
            "Name": voyage.vessel_name,
            "ModeCode": MODE_CODES.get(voyage.transport_mode.value),
            "ModeName": voyage.transport_mode.value,
            "DepartureDateTime": _iso(voyage.departure_time),
            "ArrivalDateTime": _iso(voyage.arrival_time),
        }
    )
    units = {
        unit.identifier: unit
        for unit in manifest.cargo_units
        if unit.voyage_number == voyage.number
    }
    documents = [
        document for document in manifest.documents if document.voyage_number == voyage.number
    ]
    consignments = [_consignment(manifest, document, units) for document in documents]
    referenced = {
        reference["ID"]
        for consignment in consignments
        for reference in consignment.get("TransportEquipment", [])
    }
    loose = [_equipment(unit) for unit in units.values() if unit.identifier not in referenced]
    persons = [
        _person(person) for person in manifest.persons if person.voyage_number == voyage.number
    ]
    return _compact(
        {
            "BorderTransportMeans": means,
            "Carrier": {"Name": voyage.carrier} if voyage.carrier else None,
            "LoadingLocation": _location(voyage.departure_port),
            "UnloadingLocation": _location(voyage.arrival_port),
            "Itinerary": [
                {"SequenceNumeric": position, "RoutingCountryCode": port[:2], "LocationID": port}
                for position, port in enumerate(voyage.transit_ports, 1)
            ],
            "Consignment": consignments,
            "TransportEquipment": loose,
            "Person": persons,
        }
    )


def _consignment(
    manifest: Manifest, document: TransportDocument, units: dict[str, CargoUnit]
) -> dict[str, Any]:
    """The Consignment of one transport document, with its parties, equipment and goods."""
    goods = [
        consignment
        for consignment in manifest.consignments
        if consignment.document_number == document.number
    ]
    used: dict[str, None] = {}
    for consignment in goods:
        used.update(dict.fromkeys(consignment.cargo_unit_ids))
    parties = {
        party.role.value: party
        for party in manifest.parties
        if party.document_number == document.number
    }
    body: dict[str, Any] = {
        "TransportContractDocument": _compact(
            {
                "ID": document.number,
                "TypeCode": DOCUMENT_CODES.get(document.kind.value, document.kind.value),
            }
        ),
        "LoadingLocation": _location(document.loading_port),
        "UnloadingLocation": _location(document.discharge_port),
    }
    for element, role in PARTY_ELEMENTS:
        if role in parties:
            body[element] = _party(parties[role])
    body["TransportEquipment"] = [
        _equipment(units[identifier]) if identifier in units else {"ID": identifier}
        for identifier in used
    ]
    body["GoodsItem"] = [_goods_item(consignment) for consignment in goods]
    return _compact(body)


def _goods_item(consignment: Consignment) -> dict[str, Any]:
    """The GoodsItem of one consignment (goods item)."""
    packaging = _compact(
        {"QuantityQuantity": consignment.packages, "TypeCode": consignment.package_type}
    )
    return _compact(
        {
            "SequenceNumeric": consignment.item_number,
            "Commodity": _compact(
                {
                    "Description": consignment.description or None,
                    "Classification": [{"ID": consignment.hs_code, "IdentificationTypeCode": "HS"}]
                    if consignment.hs_code
                    else None,
                }
            ),
            "Packaging": [packaging] if packaging else None,
            "GoodsMeasure": _compact(
                {
                    "GrossMassMeasure": _decimal(consignment.gross_weight_kg),
                    "NetNetWeightMeasure": _decimal(consignment.net_weight_kg),
                }
            ),
            "CustomsValueAmount": _compact(
                {"value": _decimal(consignment.value), "currencyID": consignment.currency}
            )
            if consignment.value is not None
            else None,
            "Origin": [{"CountryCode": consignment.origin_country}]
            if consignment.origin_country
            else None,
            "TransportEquipment": [{"ID": identifier} for identifier in consignment.cargo_unit_ids],
        }
    )


def _equipment(unit: CargoUnit) -> dict[str, Any]:
    """The TransportEquipment of a cargo unit."""
    return _compact(
        {
            "ID": unit.identifier,
            "KindCode": unit.kind.value,
            "CharacteristicCode": unit.size_type,
            "Seal": [{"ID": seal} for seal in unit.seals],
            "VehiclePlateID": unit.vehicle_plate,
            "EmptyIndicator": True if unit.is_empty else None,
            "GrossMassMeasure": _decimal(unit.gross_weight_kg),
            "StowagePositionID": unit.stowage_position,
            "LoadingLocation": _location(unit.loading_port),
            "UnloadingLocation": _location(unit.discharge_port),
        }
    )


def _party(party: Party) -> dict[str, Any]:
    """A Consignor, Consignee or NotifyParty."""
    return _compact(
        {
            "Name": party.name,
            "ID": party.tax_id,
            "Address": _compact({"Line": party.address, "CountryCode": party.country}),
        }
    )


def _person(person: Person) -> dict[str, Any]:
    """A Person of the crew, the passengers or the drivers."""
    return _compact(
        {
            "RoleCode": person.role.value,
            "FamilyName": person.family_name,
            "GivenName": person.given_names or None,
            "BirthDate": _iso(person.date_of_birth),
            "NationalityCountryCode": person.nationality,
            "GenderCode": person.gender,
            "IdentityDocument": _compact(
                {"TypeCode": person.document_type, "ID": person.document_number}
            ),
            "VehiclePlateID": person.vehicle_plate,
        }
    )


def _location(code: str | None) -> dict[str, str] | None:
    """A location element by its UN/LOCODE."""
    return {"ID": code} if code else None


def _decimal(value: Decimal | None) -> str | None:
    """A decimal as exact text."""
    return None if value is None else format(value, "f")


def _iso(value: Any) -> str | None:
    """A date or time in ISO 8601."""
    return None if value is None else value.isoformat()


def _compact(body: dict[str, Any]) -> dict[str, Any]:
    """The object without empty members (None, empty text, empty lists and objects)."""
    return {key: value for key, value in body.items() if value not in (None, "", [], {})}
