"""PAXLST (passenger and crew list): passengers, crew and the drivers of a ferry's vehicles.

The header gives the voyage (TDT, LOC+125/87 or +5/+60, DTM+189/232 or +133/132); each
person group starts with NAD+FL (passenger) or NAD+FM (crew), with ATT gender, DTM+329 date
of birth, NAT nationality, DOC travel document and RFF+ABZ (vehicle licence number).

Drivers: PAXLST has no driver qualifier (DDT and DDU are crew and passengers in transit), so
we follow what ferry operators send: a driver travels as a passenger (NAD+FL) and carries the
plate of the vehicle they drive in RFF+ABZ. A passenger with RFF+ABZ is read as that
vehicle's driver; a passenger's own plate is therefore not written. See README.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from decimal import Decimal, InvalidOperation

from portcontrol.core.formats.edifact.common import (
    VoyageHeader,
    decimal_text,
    edifact_date,
    keep_first,
    number_text,
)
from portcontrol.core.formats.edifact.cuscar import write_voyage_header
from portcontrol.core.formats.edifact.envelope import MessageHeader
from portcontrol.core.formats.edifact.reading import read_messages
from portcontrol.core.formats.edifact.tokenizer import Segment
from portcontrol.core.formats.edifact.writer import InterchangeWriter
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import Manifest, Person, PersonRole

# NAD 3035 qualifiers of people; DDT and DDU are crew and passengers in transit.
PERSON_ROLES = {"FL": "passenger", "DDU": "passenger", "FM": "crew", "DDT": "crew"}
ROLE_CODES = {PersonRole.PASSENGER: "FL", PersonRole.DRIVER: "FL", PersonRole.CREW: "FM"}
# CNT 6069 totals of the WCO/IATA guide: 41 crew, 42 passengers.
CREW_TOTAL, PASSENGER_TOTAL = "41", "42"
VEHICLE_REFERENCE = "ABZ"


class PaxlstReader:
    """Reads the segments of one PAXLST message into person rows."""

    def __init__(self, builder: ManifestBuilder) -> None:
        self.builder = builder
        self.warn = builder.warn

    def start(self, header: MessageHeader) -> None:
        """Reset for a new message."""
        self.header = header
        self.voyage = VoyageHeader(header.place, self.warn)
        self.voyage_number = ""
        self.document_number = ""
        self.voyage_added = False
        self.person: dict[str, str] | None = None
        self.person_place = header.place
        self.in_person_group = False
        self.totals: list[Segment] = []
        self.counted = {"crew": 0, "passenger": 0}

    def segment(self, segment: Segment) -> None:
        """One segment: header segments until the first person's NAD, then person groups."""
        tag = segment.tag
        if tag == "NAD":
            self._nad(segment)
        elif tag == "CNT":
            self._close_person()
            self.totals.append(segment)
        elif not self.in_person_group:
            self._header(segment)
        elif self.person is not None:
            self._person_detail(segment)

    def _header(self, segment: Segment) -> None:
        tag = segment.tag
        if tag == "TDT":
            self.voyage.tdt(segment)
        elif tag == "LOC":
            self.voyage.loc(segment)
        elif tag == "DTM":
            self.voyage.dtm(segment)
        elif tag == "RFF":
            self.voyage.rff(segment)
        elif tag == "BGM":
            self.document_number = segment.get(1).strip()

    def _nad(self, segment: Segment) -> None:
        role = PERSON_ROLES.get(segment.get(0).strip().upper())
        if role is None:
            if self.in_person_group:
                self._close_person()
            return  # the reporting party (NAD+MS) or another party: not a person aboard
        self._close_person()
        self._commit_voyage()
        self.in_person_group = True
        person = {"person_role": role}
        names = [part.strip() for part in segment.components(3)[:5]]
        if not any(names):
            names = [part.strip() for part in segment.components(2)]
        keep_first(person, "family_name", names[0] if names else "")
        keep_first(person, "given_names", " ".join(part for part in names[1:] if part))
        self.person, self.person_place = person, segment.place

    def _person_detail(self, segment: Segment) -> None:
        person, tag = self.person, segment.tag
        assert person is not None
        if tag == "ATT":
            if segment.get(0).strip() == "2":
                keep_first(person, "gender", segment.get(2, 0).strip())
        elif tag == "DTM":
            if segment.get(0, 0).strip() == "329":
                keep_first(
                    person, "date_of_birth", edifact_date(segment.get(0, 1), segment.get(0, 2))
                )
        elif tag == "NAT":
            keep_first(person, "nationality", segment.get(1, 0).strip())
        elif tag == "DOC":
            if "travel_document_number" not in person:
                keep_first(person, "travel_document_type", segment.get(0, 0).strip())
                keep_first(person, "travel_document_number", segment.get(1, 0).strip())
        elif tag == "RFF":
            if segment.get(0, 0).strip().upper() == VEHICLE_REFERENCE:
                plate = segment.get(0, 1).strip()
                if plate:
                    keep_first(person, "vehicle_plate", plate)
                    if person["person_role"] == "passenger":
                        person["person_role"] = "driver"

    def _commit_voyage(self) -> None:
        if self.voyage_added:
            return
        self.voyage_added = True
        fields = self.voyage.finish(self.document_number or self.header.reference)
        self.voyage_number = fields["voyage_number"]
        self.builder.add_voyage(fields, self.voyage.place)

    def _close_person(self) -> None:
        person = self.person
        if person is None:
            return
        self.person = None
        self.in_person_group = False
        person["voyage_number"] = self.voyage_number
        self.counted["crew" if person["person_role"] == "crew" else "passenger"] += 1
        self.builder.add_person_row(person, self.person_place)

    def end(self) -> None:
        """Flush the last person, then check CNT totals against the people present."""
        self._close_person()
        self._commit_voyage()
        everyone = self.counted["crew"] + self.counted["passenger"]
        for segment in self.totals:
            qualifier = segment.get(0, 0).strip()
            if qualifier not in (CREW_TOTAL, PASSENGER_TOTAL):
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
            kind = "crew" if qualifier == CREW_TOTAL else "passenger"
            # A list of one kind is sometimes totalled with the other code: all present count.
            if value != self.counted[kind] and value != everyone:
                self.warn(
                    segment.place,
                    "edifact.control_total",
                    f"CNT+{qualifier} declares {number_text(value)} "
                    f"{'crew members' if kind == 'crew' else 'passengers'}, the message "
                    f"lists {self.counted[kind]}",
                )


def read_paxlst(data: bytes, *, name: str = "") -> Manifest:
    """Read a PAXLST interchange into a manifest of people, or raise ReadError."""
    return read_messages(data, "PAXLST", ManifestBuilder("paxlst"), PaxlstReader)


def _person(writer: InterchangeWriter, person: Person) -> None:
    writer.add(
        "NAD",
        ROLE_CODES.get(person.role, "FL"),
        None,
        None,
        [person.family_name, person.given_names or None],
    )
    if person.gender:
        writer.add("ATT", "2", None, person.gender)
    if person.date_of_birth is not None:
        writer.add("DTM", ["329", person.date_of_birth.strftime("%Y%m%d"), "102"])
    if person.nationality:
        writer.add("NAT", "2", person.nationality)
    if person.role == PersonRole.DRIVER and person.vehicle_plate:
        writer.add("RFF", [VEHICLE_REFERENCE, person.vehicle_plate])
    if person.document_number or person.document_type:
        writer.add("DOC", [person.document_type or None, "110", "111"], person.document_number)


def write_paxlst(
    manifest: Manifest,
    *,
    charset: str = "UNOW",
    sender: str = "PORTCONTROL",
    recipient: str = "CUSTOMS",
    reference: str | None = None,
    prepared: datetime | None = None,
    line_breaks: bool = True,
) -> bytes:
    """Per voyage, a crew list (BGM 250) and a passenger list (BGM 745, drivers included)."""
    writer = InterchangeWriter(
        charset=charset,
        sender=sender,
        recipient=recipient,
        reference=reference,
        prepared=prepared,
        line_breaks=line_breaks,
    )
    people: dict[str, list[Person]] = defaultdict(list)
    for person in manifest.persons:
        people[person.voyage_number].append(person)
    message = 0
    for voyage in manifest.voyages:
        aboard = people.get(voyage.number, [])
        crew = [person for person in aboard if person.role == PersonRole.CREW]
        passengers = [person for person in aboard if person.role != PersonRole.CREW]
        for code, total, group in (("250", CREW_TOTAL, crew), ("745", PASSENGER_TOTAL, passengers)):
            if not group and (code == "250" or crew):
                continue  # a voyage with nobody still gets one (empty) passenger list
            message += 1
            writer.begin_message(str(message), "PAXLST", "D", "02B", "IATA")
            writer.add("BGM", code, voyage.number)
            write_voyage_header(writer, voyage, places=("125", "87"), dates=("189", "232"))
            for person in group:
                _person(writer, person)
            writer.add("CNT", [total, str(len(group))])
            writer.end_message()
    return writer.to_bytes()
