"""CUSCAR (customs cargo report): our reading and writing of the subset a manifest needs.

The reader is a small state machine over the message's segments: the header (BGM, TDT, LOC,
DTM, RFF, NAD+CA, CNT, header-level EQD), then one CNI group per transport document with its
references, places, parties, goods items (GID) and equipment (EQD). Every goods item becomes
one consignment row for :class:`ManifestBuilder`; every EQD one cargo unit row. See README.md
for the segment-by-segment mapping.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation

from portcontrol.core.errors import Place
from portcontrol.core.formats.edifact.common import (
    VoyageHeader,
    decimal_text,
    format_datetime,
    keep_first,
    location_code,
    number_text,
    party_fields,
    weight_kg,
)
from portcontrol.core.formats.edifact.envelope import MessageHeader
from portcontrol.core.formats.edifact.reading import read_messages
from portcontrol.core.formats.edifact.tokenizer import Segment
from portcontrol.core.formats.edifact.writer import InterchangeWriter
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import (
    CargoUnit,
    CargoUnitKind,
    Consignment,
    DocumentKind,
    Manifest,
    Party,
    PartyRole,
    TransportMode,
    Voyage,
)

MODE_CODES = {
    TransportMode.SEA: "1",
    TransportMode.FERRY: "1",
    TransportMode.RAIL: "2",
    TransportMode.ROAD: "3",
}
# EQD 8053 equipment type; the reader also accepts the synonyms real files use.
EQUIPMENT_KINDS = {
    "CN": "container",
    "TN": "container",
    "AM": "container",
    "CNT": "container",
    "TE": "trailer",
    "AE": "trailer",
    "CH": "trailer",
    "AQ": "trailer",
    "TRK": "truck",
    "TU": "truck",
    "VE": "truck",
    "LV": "truck",
    "RR": "rail_wagon",
    "RC": "rail_wagon",
    "WG": "rail_wagon",
}
EQUIPMENT_CODES = {
    CargoUnitKind.CONTAINER: "CN",
    CargoUnitKind.TRAILER: "TE",
    CargoUnitKind.TRUCK: "TRK",
    CargoUnitKind.RAIL_WAGON: "RR",
    CargoUnitKind.OTHER: "ZZZ",
}
# RFF 1153 references that name the transport document of a CNI group.
DOCUMENT_REFERENCES = {
    "BM": "master_bill",
    "MB": "master_bill",
    "BH": "house_bill",
    "AAM": "sea_waybill",
    "CMR": "cmr",
    "ZZZ": "other",
}
DOCUMENT_CODES = {
    DocumentKind.MASTER_BILL: "BM",
    DocumentKind.HOUSE_BILL: "BH",
    DocumentKind.SEA_WAYBILL: "AAM",
    DocumentKind.RAIL_WAYBILL: "AAM",
    DocumentKind.ROAD_CONSIGNMENT_NOTE: "CMR",
    DocumentKind.OTHER: "ZZZ",
}
# Which RFF wins when a CNI group has several: the house bill is the consignment's own.
_DOCUMENT_PRIORITY = {"house_bill": 3, "master_bill": 2}
PARTY_QUALIFIERS = {"CZ": "shipper", "CN": "consignee", "N1": "notify", "NI": "notify"}
PARTY_CODES = {PartyRole.SHIPPER: "CZ", PartyRole.CONSIGNEE: "CN", PartyRole.NOTIFY: "N1"}
# The row fields of each party role, in the order party_fields gives their values.
_PARTY_KEYS = {
    role: (f"{role}_name", f"{role}_address", f"{role}_country", f"{role}_tax_id")
    for role in set(PARTY_QUALIFIERS.values())
}
GROSS_WEIGHT = frozenset({"G", "AAB", "AAD", "VGM", "WT"})
NET_WEIGHT = frozenset({"N", "AAL", "AAA"})
HS_CODE_LISTS = frozenset({"HS", "CN", "HSC"})


@dataclass(slots=True)
class _Group:
    """One CNI group while it is read: document, parties, goods items, equipment."""

    place: Place
    document: dict[str, str] = field(default_factory=dict)
    document_rank: int = 0
    parties: dict[str, str] = field(default_factory=dict)
    goods: list[tuple[dict[str, str], list[str], Place]] = field(default_factory=list)
    equipment: list[tuple[dict[str, str], Place]] = field(default_factory=list)


class CuscarReader:
    """Reads the segments of one CUSCAR message into builder rows."""

    def __init__(self, builder: ManifestBuilder) -> None:
        self.builder = builder
        self.warn = builder.warn
        # A builder that batches rows is told where a CNI group ends (a batch may end there).
        self.group_done = getattr(builder, "consignment_group_done", None)
        self.handlers = {
            "BGM": self._bgm,
            "TDT": self._tdt,
            "LOC": self._loc,
            "DTM": self._dtm,
            "RFF": self._rff,
            "NAD": self._nad,
            "CNI": self._cni,
            "GID": self._gid,
            "FTX": self._ftx,
            "PIA": self._pia,
            "MEA": self._mea,
            "MOA": self._moa,
            "SGP": self._sgp,
            "EQD": self._eqd,
            "SEL": self._sel,
            "TPL": self._tpl,
            "CNT": self._cnt,
        }

    def start(self, header: MessageHeader) -> None:
        """Reset for a new message."""
        self.header = header
        self.voyage = VoyageHeader(header.place, self.warn)
        self.voyage_number = ""
        self.voyage_added = False
        self.document_number = ""
        self.group: _Group | None = None
        self.goods: dict[str, str] | None = None
        self.links: list[str] = []
        self.goods_place = header.place
        self.equipment: dict[str, str] | None = None
        self.equipment_place = header.place
        self.seals: list[str] = []
        self.totals: list[Segment] = []
        self.consignments = 0
        self.packages = 0
        self.gross = Decimal(0)

    def segment(self, segment: Segment) -> None:
        """Dispatch one segment by its tag; segments we do not use are skipped."""
        handler = self.handlers.get(segment.tag)
        if handler is not None:
            handler(segment)

    def end(self) -> None:
        """Flush the last groups, then check the control totals."""
        self._close_group()
        self._close_equipment()
        self._commit_voyage()
        self._check_totals()

    # Header --------------------------------------------------------------------------------

    def _bgm(self, segment: Segment) -> None:
        self.document_number = segment.get(1).strip()

    def _tdt(self, segment: Segment) -> None:
        # TDT inside a CNI group is pre- or on-carriage of one consignment, not the voyage.
        if self.group is None:
            self.voyage.tdt(segment)

    def _loc(self, segment: Segment) -> None:
        qualifier = segment.get(0).strip()
        if self.goods is not None and qualifier == "27":
            keep_first(self.goods, "origin_country", segment.get(1, 0).strip())
        elif self.group is None:
            self.voyage.loc(segment)
        elif qualifier in ("9", "11"):
            key = "loading_port" if qualifier == "9" else "discharge_port"
            keep_first(self.group.document, key, location_code(segment, self.warn))

    def _dtm(self, segment: Segment) -> None:
        if self.group is None:
            self.voyage.dtm(segment)

    def _rff(self, segment: Segment) -> None:
        qualifier, value = segment.get(0, 0).strip().upper(), segment.get(0, 1).strip()
        if self.group is None:
            self.voyage.rff(segment)
            return
        kind = DOCUMENT_REFERENCES.get(qualifier)
        if kind is None or not value:
            return
        rank = _DOCUMENT_PRIORITY.get(kind, 1)
        if rank > self.group.document_rank:
            self.group.document_rank = rank
            self.group.document["document_number"] = value
            self.group.document["document_type"] = kind

    def _nad(self, segment: Segment) -> None:
        qualifier = segment.get(0).strip().upper()
        if self.group is None:
            if qualifier == "CA":
                name, _, _, identifier = party_fields(segment)
                self.voyage.carrier(name or identifier)
            return
        keys = _PARTY_KEYS.get(PARTY_QUALIFIERS.get(qualifier, ""))
        if keys is None:
            return
        parties = self.group.parties
        if keys[0] in parties:
            return  # a second party of the same role: the first one is the document's
        for key, value in zip(keys, party_fields(segment), strict=True):
            keep_first(parties, key, value)

    def _cnt(self, segment: Segment) -> None:
        self.totals.append(segment)

    def _commit_voyage(self) -> None:
        """Hand the voyage to the builder once, before its first consignment or cargo unit."""
        if self.voyage_added:
            return
        self.voyage_added = True
        fields = self.voyage.finish(self.document_number or self.header.reference)
        self.voyage_number = fields["voyage_number"]
        self.mode = fields.get("transport_mode", "")
        self.builder.add_voyage(fields, self.voyage.place)

    # Consignments --------------------------------------------------------------------------

    def _cni(self, segment: Segment) -> None:
        self._close_group()
        self._commit_voyage()
        self.group = _Group(segment.place)
        number = segment.get(1, 0).strip()
        if number:
            self.group.document["document_number"] = number

    def _gid(self, segment: Segment) -> None:
        self._close_equipment()
        self._close_goods()
        if self.group is None:
            self.warn(
                segment.place,
                "edifact.gid_outside_cni",
                "goods item (GID) before any consignment (CNI) is ignored",
            )
            return
        goods: dict[str, str] = {}
        keep_first(goods, "item_number", segment.get(0).strip())
        keep_first(goods, "packages", segment.get(1, 0).strip())
        keep_first(goods, "package_type", segment.get(1, 1).strip())
        self.goods, self.links, self.goods_place = goods, [], segment.place

    def _ftx(self, segment: Segment) -> None:
        if self.goods is None or segment.get(0).strip().upper() != "AAA":
            return
        text = " ".join(part.strip() for part in segment.components(3) if part.strip())
        if text:
            current = self.goods.get("goods_description")
            self.goods["goods_description"] = f"{current} {text}" if current else text

    def _pia(self, segment: Segment) -> None:
        if self.goods is None or "hs_code" in self.goods:
            return
        for index in range(1, len(segment.elements)):
            code, code_list = segment.get(index, 0).strip(), segment.get(index, 1).strip()
            if code and (
                code_list.upper() in HS_CODE_LISTS or (not code_list and code[:1].isdigit())
            ):
                self.goods["hs_code"] = code
                return

    def _mea(self, segment: Segment) -> None:
        measured = segment.get(1, 0).strip().upper() or segment.get(0).strip().upper()
        if self.equipment is not None:
            if measured in GROSS_WEIGHT:
                keep_first(
                    self.equipment, "cargo_unit_gross_weight_kg", weight_kg(segment, self.warn)
                )
        elif self.goods is not None:
            if measured in GROSS_WEIGHT:
                keep_first(self.goods, "gross_weight_kg", weight_kg(segment, self.warn))
            elif measured in NET_WEIGHT:
                keep_first(self.goods, "net_weight_kg", weight_kg(segment, self.warn))

    def _moa(self, segment: Segment) -> None:
        if self.goods is None:
            return
        keep_first(self.goods, "value", decimal_text(segment.get(0, 1)))
        keep_first(self.goods, "currency", segment.get(0, 2).strip())

    def _sgp(self, segment: Segment) -> None:
        identifier = segment.get(0, 0).strip()
        if self.goods is not None and identifier and identifier not in self.links:
            self.links.append(identifier)

    def _close_goods(self) -> None:
        if self.goods is not None and self.group is not None:
            self.group.goods.append((self.goods, self.links, self.goods_place))
        self.goods, self.links = None, []

    def _close_group(self) -> None:
        """Hand a finished CNI group to the builder: cargo units first, then goods items."""
        self._close_equipment()
        self._close_goods()
        group = self.group
        if group is None:
            return
        self.group = None
        self.consignments += 1
        voyage_number = self.voyage_number
        unit_ids: list[str] = []
        for unit, place in group.equipment:
            unit["voyage_number"] = voyage_number
            self.builder.add_cargo_unit_row(unit, place)
            if unit.get("cargo_unit_id"):
                unit_ids.append(unit["cargo_unit_id"])
        document = group.document
        if document.get("document_type") == "sea_waybill" and self.mode == "rail":
            # One waybill code (AAM) serves both: the conveyance says which it is.
            document["document_type"] = "rail_waybill"
        goods_items = group.goods or [({}, [], group.place)]
        # When the file links no goods item by SGP, every item travels in all the equipment of
        # its consignment; once it uses SGP, an item without one travels in none.
        uses_links = any(links for _, links, _ in goods_items)
        for goods, links, place in goods_items:
            row = {"voyage_number": voyage_number, **group.document, **group.parties, **goods}
            if "item_number" not in row:
                row["item_number"] = "1"
            linked = links if uses_links else unit_ids
            if linked:
                row["cargo_unit_id"] = ";".join(linked)
            self._count(goods)
            self.builder.add_consignment_row(row, place)
        if self.group_done is not None:
            self.group_done()

    def _count(self, goods: dict[str, str]) -> None:
        """Add a goods item to the sums that CNT totals are checked against."""
        packages = goods.get("packages", "")
        if packages.isdigit():
            self.packages += int(packages)
        try:
            weight = Decimal(goods.get("gross_weight_kg", "0") or "0")
        except InvalidOperation:
            return
        self.add_gross(weight)

    def add_gross(self, weight: Decimal) -> None:
        """Add a goods item's gross weight to the sum (weights are added in file order)."""
        self.gross += weight

    # Equipment -----------------------------------------------------------------------------

    def _eqd(self, segment: Segment) -> None:
        self._close_equipment()
        self._close_goods()
        code = segment.get(0).strip().upper()
        unit: dict[str, str] = {}
        keep_first(unit, "cargo_unit_id", segment.get(1, 0).strip())
        keep_first(unit, "cargo_unit_type", EQUIPMENT_KINDS.get(code, code.lower() and "other"))
        keep_first(unit, "size_type", segment.get(2, 0).strip())
        full_empty = segment.get(5).strip()
        if full_empty in ("4", "5"):
            unit["is_empty"] = "true" if full_empty == "4" else "false"
        self.equipment, self.equipment_place, self.seals = unit, segment.place, []

    def _sel(self, segment: Segment) -> None:
        seal = segment.get(0, 0).strip()
        if self.equipment is not None and seal and seal not in self.seals:
            self.seals.append(seal)

    def _tpl(self, segment: Segment) -> None:
        if self.equipment is not None:
            keep_first(self.equipment, "vehicle_plate", segment.get(0, 0).strip())

    def _close_equipment(self) -> None:
        unit = self.equipment
        if unit is None:
            return
        self.equipment = None
        if self.seals:
            unit["seals"] = ";".join(self.seals)
        if self.group is not None:
            self.group.equipment.append((unit, self.equipment_place))
            return
        # Header-level equipment: empty containers and units without goods.
        self._commit_voyage()
        unit["voyage_number"] = self.voyage_number
        self.builder.add_cargo_unit_row(unit, self.equipment_place)

    # Control totals ------------------------------------------------------------------------

    def _check_totals(self) -> None:
        counted = {"10": Decimal(self.consignments), "11": Decimal(self.packages), "7": self.gross}
        names = {"10": "consignments", "11": "packages", "7": "kg gross weight"}
        for segment in self.totals:
            qualifier = segment.get(0, 0).strip()
            if qualifier not in counted:
                continue
            declared = decimal_text(segment.get(0, 1))
            try:
                value = Decimal(declared)
            except InvalidOperation:
                self.warn(
                    segment.place,
                    "edifact.control_total",
                    f"control total {declared!r} is not a number",
                )
                continue
            present = counted[qualifier]
            # Weights are summed from rounded figures: half a kilogram per item is no news.
            tolerance = Decimal("0.5") * self.consignments if qualifier == "7" else Decimal(0)
            if abs(value - present) > tolerance:
                self.warn(
                    segment.place,
                    "edifact.control_total",
                    f"CNT declares {number_text(value)} {names[qualifier]}, the message "
                    f"has {number_text(present)}",
                )


def read_cuscar(data: bytes, *, name: str = "") -> Manifest:
    """Read a CUSCAR interchange into a manifest, or raise ReadError."""
    return read_messages(data, "CUSCAR", ManifestBuilder("cuscar"), CuscarReader)


# Writing -------------------------------------------------------------------------------------


def _location(writer: InterchangeWriter, qualifier: str, code: str | None) -> None:
    if code:
        writer.add("LOC", qualifier, [code, "139", "6"])


def write_voyage_header(
    writer: InterchangeWriter,
    voyage: Voyage,
    *,
    places: tuple[str, str] = ("5", "60"),
    dates: tuple[str, str] = ("133", "132"),
) -> None:
    """TDT, LOC and DTM of a voyage; PAXLST passes its own qualifiers (125/87, 189/232)."""
    vessel: list[str | None] = (
        [voyage.imo, "146", "11", voyage.vessel_name]
        if voyage.imo
        else [None, None, None, voyage.vessel_name]
    )
    writer.add(
        "TDT",
        "20",
        voyage.number,
        MODE_CODES.get(voyage.transport_mode, "1"),
        [None, "FERRY"] if voyage.transport_mode == TransportMode.FERRY else None,
        [None, None, None, voyage.carrier] if voyage.carrier else None,
        None,
        None,
        vessel if voyage.imo or voyage.vessel_name else None,
    )
    _location(writer, places[0], voyage.departure_port)
    _location(writer, places[1], voyage.arrival_port)
    for port in voyage.transit_ports:
        _location(writer, "13", port)
    for qualifier, moment in ((dates[0], voyage.departure_time), (dates[1], voyage.arrival_time)):
        if moment is not None:
            value, code = format_datetime(moment)
            writer.add("DTM", [qualifier, value, code])


def write_equipment(writer: InterchangeWriter, unit: CargoUnit, *, weight: bool = True) -> None:
    """EQD with its MEA weight, SEL seals and TPL vehicle plate."""
    writer.add(
        "EQD",
        EQUIPMENT_CODES.get(unit.kind, "CN"),
        unit.identifier,
        unit.size_type,
        None,
        None,
        "4" if unit.is_empty else "5",
    )
    if weight and unit.gross_weight_kg is not None:
        writer.add("MEA", "AAE", "G", ["KGM", number_text(unit.gross_weight_kg)])
    for seal in unit.seals:
        writer.add("SEL", seal)
    if unit.vehicle_plate:
        writer.add("TPL", unit.vehicle_plate)


def _party(writer: InterchangeWriter, party: Party) -> None:
    writer.add(
        "NAD",
        PARTY_CODES[party.role],
        party.tax_id,
        None,
        party.name,
        party.address,
        None,
        None,
        None,
        party.country,
    )


def _goods(writer: InterchangeWriter, consignment: Consignment) -> None:
    writer.add(
        "GID",
        str(consignment.item_number),
        [number_text(consignment.packages), consignment.package_type]
        if consignment.packages is not None or consignment.package_type
        else None,
    )
    if consignment.origin_country:
        writer.add("LOC", "27", consignment.origin_country)
    if consignment.hs_code:
        writer.add("PIA", "5", [consignment.hs_code, "HS"])
    if consignment.description:
        writer.add("FTX", "AAA", None, None, consignment.description)
    for qualifier, weight in (("G", consignment.gross_weight_kg), ("N", consignment.net_weight_kg)):
        if weight is not None:
            writer.add("MEA", "AAE", qualifier, ["KGM", number_text(weight)])
    if consignment.value is not None or consignment.currency:
        writer.add("MOA", ["40", number_text(consignment.value), consignment.currency])
    for unit_id in consignment.cargo_unit_ids:
        writer.add("SGP", unit_id)


def write_cuscar(
    manifest: Manifest,
    *,
    charset: str = "UNOW",
    sender: str = "PORTCONTROL",
    recipient: str = "CUSTOMS",
    reference: str | None = None,
    prepared: datetime | None = None,
    line_breaks: bool = True,
) -> bytes:
    """One CUSCAR message per voyage: header, empty units, then a CNI group per document.

    Raises :class:`~portcontrol.core.formats.edifact.writer.WriteError` when a character
    cannot be written in ``charset``.
    """
    writer = InterchangeWriter(
        charset=charset,
        sender=sender,
        recipient=recipient,
        reference=reference,
        prepared=prepared,
        line_breaks=line_breaks,
    )
    documents = defaultdict(list)
    for document in manifest.documents:
        documents[document.voyage_number].append(document)
    goods = defaultdict(list)
    for consignment in manifest.consignments:
        goods[consignment.document_number].append(consignment)
    parties = defaultdict(list)
    for party in manifest.parties:
        if party.role in PARTY_CODES:
            parties[party.document_number].append(party)
    units = {(unit.voyage_number, unit.identifier): unit for unit in manifest.cargo_units}
    for index, voyage in enumerate(manifest.voyages, start=1):
        voyage_documents = documents.get(voyage.number, [])
        voyage_goods = [
            item for document in voyage_documents for item in goods.get(document.number, [])
        ]
        linked = {unit_id for item in voyage_goods for unit_id in item.cargo_unit_ids}
        writer.begin_message(str(index), "CUSCAR", "D", "95B")
        writer.add("BGM", "785", voyage.number, "9")
        writer.add("CNT", ["10", str(len(voyage_documents))])
        packages = [item.packages for item in voyage_goods if item.packages is not None]
        if packages:
            writer.add("CNT", ["11", str(sum(packages))])
        weights = [
            item.gross_weight_kg for item in voyage_goods if item.gross_weight_kg is not None
        ]
        if weights:
            writer.add("CNT", ["7", number_text(sum(weights, Decimal(0))), "KGM"])
        write_voyage_header(writer, voyage)
        for unit in manifest.cargo_units:
            if unit.voyage_number == voyage.number and unit.identifier not in linked:
                write_equipment(writer, unit)
        for sequence, document in enumerate(voyage_documents, start=1):
            writer.add("CNI", str(sequence), document.number)
            writer.add("RFF", [DOCUMENT_CODES.get(document.kind, "ZZZ"), document.number])
            _location(writer, "9", document.loading_port)
            _location(writer, "11", document.discharge_port)
            for party in parties.get(document.number, []):
                _party(writer, party)
            items = goods.get(document.number, [])
            for item in items:
                _goods(writer, item)
            written: set[str] = set()
            for item in items:
                for unit_id in item.cargo_unit_ids:
                    linked_unit = units.get((voyage.number, unit_id))
                    if linked_unit is not None and unit_id not in written:
                        written.add(unit_id)
                        write_equipment(writer, linked_unit)
        writer.end_message()
    return writer.to_bytes()
