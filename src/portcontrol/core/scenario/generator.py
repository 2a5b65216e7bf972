"""Ferry traffic of the Caspian scenario: schedule, cargo units, documents, goods and people.

Steps:

1. Each ferry of the fleet shuttles on its route from a random first departure; crossings take
   18 to 22 hours, turnarounds 8 to 30 hours.
2. Each voyage is loaded by vessel kind: rail wagons in waybill groups, trucks with drivers and
   trailers (full loads or groupage of several consignment notes), containers with a bill of
   lading each, empty returning units, passengers and the ferry's crew.
3. Threats, innocent look-alikes and data-quality faults are planted afterwards
   (:mod:`portcontrol.core.scenario.threats`), so that the ordinary traffic does not depend on
   the share planted.

Every random draw comes from one ``random.Random(seed)`` in a fixed order; nothing reads the
clock, so the same seed and start give the same records.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from portcontrol.core.records import (
    CargoUnit,
    CargoUnitKind,
    Consignment,
    DocumentKind,
    Manifest,
    Party,
    PartyRole,
    Person,
    PersonRole,
    TransportDocument,
    TransportMode,
    Voyage,
)
from portcontrol.core.scenario.checkdigits import make_container_number, make_wagon_number
from portcontrol.core.scenario.commodities import Carriage, Commodity, Flow, choices_for
from portcontrol.core.scenario.parties import DRIVER_NATIONALITY, Firm, Individual, Registry
from portcontrol.core.scenario.places import FLEET, PORT_COUNTRY, Vessel, VesselKind

# Formats a voyage's cargo manifest is sent in, rotated across voyages so all appear.
PRIMARY_FORMATS = ("cuscar", "csv", "xlsx", "json")
DEFAULT_START = date(2025, 3, 3)

# Where the goods of a flow are consigned to.
CONSIGNEE_COUNTRIES = {
    Flow.WEST: ("AZ", "AZ", "AZ", "GE", "TR"),
    Flow.EAST: ("KZ", "KZ", "KZ", "UZ", "KG"),
}
# Countries of origin without firms of their own in the scenario are shipped by a trader of
# a neighbouring country.
SHIPPER_FOR_ORIGIN = {"EC": "GE", "EG": "TR", "DE": "TR", "TJ": "UZ", "IR": "AZ"}
CONTAINER_OWNERS = (
    "MSKU",
    "MSCU",
    "CMAU",
    "TGHU",
    "TCLU",
    "SEGU",
    "FESU",
    "CAIU",
    "GESU",
    "TEMU",
    "BMOU",
    "TRHU",
    "CXDU",
    "KZTU",
)
CONTAINER_TYPES = (
    ("22G1", 2200, 21700),
    ("42G1", 3750, 26500),
    ("45G1", 3900, 26500),
    ("45R1", 4800, 25000),
)
HAULIER_COUNTRIES = {
    Flow.WEST: ("KZ", "KZ", "KZ", "AZ", "AZ", "TR", "UZ", "KG", "RU", "GE"),
    Flow.EAST: ("AZ", "AZ", "AZ", "KZ", "KZ", "TR", "TR", "GE", "UZ", "KG"),
}
TM_HAULIER_COUNTRIES = ("TM", "TM", "TM", "AZ", "TR", "UZ")
PASSENGER_NATIONALITIES = ("KZ", "KZ", "AZ", "AZ", "AZ", "RU", "TR", "UZ", "KG", "TM", "GE")
# The shortest time between a truck's arrival and its next departure with a new load.
BACK_AGAIN_HOURS = 30
_LATIN = "ABCDEHKMOPTX"  # letters that look alike in Latin and Cyrillic, as plates use
_PLATE_LETTERS = "ABCDEFHKLMNPRSTUVXYZ"


@dataclass(slots=True)
class Truck:
    """A tractor unit with its trailer, its haulier and its regular driver."""

    plate: str
    trailer_plate: str
    haulier: Firm
    driver: Individual
    reefer: bool = False
    free_from: datetime = datetime(2000, 1, 1)  # back at a port and loaded again by then


@dataclass(slots=True)
class Shipment:
    """What one cargo unit (or wagon group) brings aboard: documents, goods, parties, people."""

    documents: list[TransportDocument] = field(default_factory=list)
    consignments: list[Consignment] = field(default_factory=list)
    cargo_units: list[CargoUnit] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    carriage: Carriage | None = None
    truck: Truck | None = None


@dataclass(slots=True)
class VoyagePlan:
    """One voyage with everything aboard and the files it is sent in."""

    voyage: Voyage
    vessel: Vessel
    flow: Flow
    primary_format: str
    shipments: list[Shipment] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)  # crew and foot passengers
    files: dict[str, str] = field(default_factory=dict)  # content ("cargo", ...) -> file name

    @property
    def number(self) -> str:
        return self.voyage.number

    def manifest(self) -> Manifest:
        """All records of the voyage, shipments in loading order."""
        manifest = Manifest(format="scenario", voyages=[self.voyage])
        for shipment in self.shipments:
            manifest.documents.extend(shipment.documents)
            manifest.consignments.extend(shipment.consignments)
            manifest.cargo_units.extend(shipment.cargo_units)
            manifest.parties.extend(shipment.parties)
        manifest.persons.extend(self.people[:1])  # the master first, as crew lists start
        for shipment in self.shipments:
            manifest.persons.extend(shipment.persons)
        manifest.persons.extend(self.people[1:])
        return manifest

    def line_count(self) -> int:
        """How many goods lines the voyage carries."""
        return sum(len(shipment.consignments) for shipment in self.shipments)


def _money(amount: float) -> Decimal:
    return Decimal(str(round(amount, 2))).quantize(Decimal("0.01"))


def _kg(amount: float) -> Decimal:
    return Decimal(int(round(amount)))


class Factory:
    """Makes plates, numbers, trucks, shipments and people from one random source."""

    def __init__(self, rng: random.Random, registry: Registry, start: date) -> None:
        self.rng = rng
        self.registry = registry
        self.start = start
        self.used: set[str] = set()
        self.trucks: dict[str, list[Truck]] = {}
        self.crews: dict[str, list[tuple[Individual, str]]] = {}
        self.appearances: list[dict[str, str]] = []  # where persons of interest turn up
        self.persons_of_interest: set[str] = set()

    # identifiers -------------------------------------------------------------------------

    def unique(self, make: Callable[[], str]) -> str:
        """A value from ``make()`` not handed out before in this scenario."""
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def letters(self, count: int, alphabet: str = _PLATE_LETTERS) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(count))

    def plate(self, country: str, trailer: bool = False) -> str:
        """A vehicle registration plate in the pattern of the country."""
        rng = self.rng

        def make() -> str:
            digits3, digits4 = rng.randrange(1, 1000), rng.randrange(1, 10000)
            if country == "KZ":
                region = rng.choice((12, 12, 12, 2, 1, 6, 13, 17))
                if trailer:
                    return f"{rng.randrange(10, 100)}{self.letters(2)}{region:02d}"
                return f"{digits3:03d}{self.letters(3)}{region:02d}"
            if country == "AZ":
                region = rng.choice((10, 10, 90, 99, 77, 20, 50))
                return f"{region:02d}-{self.letters(2)}-{digits3:03d}"
            if country == "KG":
                region = rng.choice((1, 1, 2, 3, 6))
                tail = f"{digits4:04d}" if trailer else f"{digits3:03d}{self.letters(3)}"
                return f"{region:02d}KG{tail}"
            if country == "TM":
                return f"{self.letters(2)} {digits4:04d} {rng.choice(('AG', 'BN', 'LB', 'MR'))}"
            if country == "RU":
                region = rng.choice((30, 30, 5, 77, 161, 134))
                if trailer:
                    return f"{self.letters(2, _LATIN)}{digits4:04d}{region}"
                return f"{self.letters(1, _LATIN)}{digits3:03d}{self.letters(2, _LATIN)}{region}"
            if country == "UZ":
                region = rng.choice((1, 10, 30, 40, 70))
                return f"{region:02d}{self.letters(1)}{digits3:03d}{self.letters(2)}"
            if country == "TR":
                return f"{rng.choice((34, 6, 33, 61, 16, 35))} {self.letters(3)} {digits3:03d}"
            return f"{self.letters(2)}-{digits3:03d}-{self.letters(2)}"  # GE

        return self.unique(make)

    def container_number(self) -> str:
        owner = self.rng.choice(CONTAINER_OWNERS)[:3]
        return self.unique(lambda: make_container_number(owner, self.rng.randrange(10**6)))

    def wagon_number(self, kind_digit: int) -> str:
        return self.unique(
            lambda: make_wagon_number(kind_digit * 10**6 + self.rng.randrange(10**6))
        )

    def seal(self, country: str) -> str:
        prefix = self.rng.choice((country, country, "TIR", "SL"))
        return self.unique(lambda: f"{prefix}{self.rng.randrange(10**7):07d}")

    def document_number(self, carriage: Carriage, loading_port: str) -> str:
        rng = self.rng
        if carriage is Carriage.WAGON:
            return self.unique(lambda: f"{rng.randrange(10**7, 10**8)}")
        if carriage is Carriage.TRUCK:
            country = loading_port[:2]
            return self.unique(lambda: f"{country}{rng.randrange(10**7):07d}")
        prefix = {"KZ": "MFL", "AZ": "KSL", "TM": "GFS"}[loading_port[:2]]
        return self.unique(
            lambda: f"{prefix}{loading_port[2:]}{self.start.year % 100}{rng.randrange(10**6):06d}"
        )

    # people --------------------------------------------------------------------------------

    def person_record(
        self,
        individual: Individual,
        voyage_number: str,
        role: PersonRole,
        vehicle_plate: str | None = None,
        spelled: bool = False,
    ) -> Person:
        """A crew, passenger or driver entry; names as the passport gives them unless spelled."""
        family, given = individual.spelled(self.rng) if spelled else individual.passport_name()
        person = Person(
            voyage_number=voyage_number,
            role=role,
            family_name=family,
            given_names=given,
            date_of_birth=individual.date_of_birth,
            nationality=individual.nationality,
            gender="F" if individual.female else "M",
            document_type="P",
            document_number=individual.passport_number,
            vehicle_plate=vehicle_plate,
        )
        self.note(individual.key, voyage_number, role.value, f"{family} {given}", "")
        return person

    def note(
        self, key: str, voyage_number: str, role: str, spelled_as: str, document_number: str
    ) -> None:
        """Record where a person of interest appears, for the answer file."""
        if key in self.persons_of_interest:
            self.appearances.append(
                {
                    "person": key,
                    "voyage_number": voyage_number,
                    "role": role,
                    "spelled_as": spelled_as,
                    "document_number": document_number,
                }
            )

    def crew(self, vessel: Vessel) -> list[tuple[Individual, str]]:
        """The ferry's crew, the same people voyage after voyage; the master first."""
        if vessel.code not in self.crews:
            size = self.rng.randint(*vessel.crew)
            crew = []
            for index in range(size):
                nationality = (
                    vessel.flag
                    if self.rng.random() < 0.85
                    else self.rng.choice(("RU", "AZ", "KZ", "GE", "TR"))
                )
                individual = self.registry.new_person(
                    nationality, female=index > size - 3, born=(1962, 1999)
                )
                crew.append((individual, "master" if index == 0 else "crew"))
            self.crews[vessel.code] = crew
        return self.crews[vessel.code]

    def truck(self, country: str, voyage: Voyage) -> Truck:
        """A truck of a haulier of this country: often a regular one, sometimes a new one.

        A truck on a voyage is busy until some days after its arrival, so that it never
        turns up twice on one ferry or on two ferries at once.
        """
        pool = self.trucks.setdefault(country, [])
        departure = voyage.departure_time or datetime(2000, 1, 1)
        free = [truck for truck in pool if truck.free_from <= departure]
        if len(free) < 12 or self.rng.random() < 0.35:
            haulier = self.registry.firm_for((country,), "transport")
            driver = self.registry.new_person(
                self.rng.choice(DRIVER_NATIONALITY[country]), female=False, born=(1965, 1998)
            )
            pool.append(
                Truck(
                    self.plate(country),
                    self.plate(country, trailer=True),
                    haulier,
                    driver,
                    reefer=self.rng.random() < 0.25,
                )
            )
            chosen = pool[-1]
        else:
            chosen = self.rng.choice(free)
        self.book(chosen, voyage)
        return chosen

    def book(self, truck: Truck, voyage: Voyage) -> None:
        """Mark the truck busy from this voyage until it is back for another load."""
        arrival = voyage.arrival_time or datetime(2000, 1, 1)
        back = arrival + timedelta(hours=self.rng.randint(BACK_AGAIN_HOURS, 120))
        # Plants book voyages out of time order: an earlier voyage must not free a truck
        # that a later one already holds, or it could be loaded twice on that later ferry.
        truck.free_from = max(truck.free_from, back)

    # goods ---------------------------------------------------------------------------------

    def pick_commodity(self, carriage: Carriage, flow: Flow, group: str | None = None) -> Commodity:
        """A commodity this carriage carries on this flow, weighted by how common it is."""
        options = choices_for(carriage, flow)
        if group is not None:
            options = tuple(option for option in options if option.group == group) or options
        return self.rng.choices(options, weights=[option.weight for option in options])[0]

    def shipper_for(self, commodity: Commodity, origin: str) -> Firm:
        country = SHIPPER_FOR_ORIGIN.get(origin, origin)
        return self.registry.firm_for((country,), commodity.group)

    def consignee_for(self, commodity: Commodity, flow: Flow, arrival_port: str) -> Firm:
        countries: tuple[str, ...] = CONSIGNEE_COUNTRIES[flow]
        if arrival_port == "TMKRW":
            countries = ("TM", "TM", "UZ", "KG")
        return self.registry.firm_for(countries, commodity.group)

    def goods_line(
        self,
        document_number: str,
        item_number: int,
        commodity: Commodity,
        net_kg: float,
        origin: str,
        unit_ids: list[str],
        currency: str = "USD",
    ) -> Consignment:
        """One goods item priced within the plausible range of its HS code."""
        rng = self.rng
        net = max(10.0, round(net_kg, -1))
        if commodity.kg_per_package is None:
            packages, gross = 1, net
        else:
            packages = max(1, round(net / rng.uniform(*commodity.kg_per_package)))
            gross = net * rng.uniform(1.01, 1.06)
        value = net * rng.uniform(*commodity.usd_per_kg)
        if currency == "EUR":
            value *= 0.92
        return Consignment(
            document_number=document_number,
            item_number=item_number,
            hs_code=commodity.hs_code,
            description=rng.choice(commodity.descriptions),
            packages=packages,
            package_type=commodity.package_type,
            gross_weight_kg=_kg(gross),
            net_weight_kg=_kg(net),
            value=_money(value),
            currency=currency,
            origin_country=origin,
            cargo_unit_ids=list(unit_ids),
        )

    def parties(
        self,
        document_number: str,
        shipper: Firm,
        consignee: Firm,
        haulier: Firm | None = None,
        voyage_number: str = "",
    ) -> list[Party]:
        """Shipper, consignee, sometimes a notify party, and the haulier of a road document."""
        found = []
        roles = [(PartyRole.SHIPPER, shipper), (PartyRole.CONSIGNEE, consignee)]
        if self.rng.random() < 0.25:
            roles.append((PartyRole.NOTIFY, consignee))
        if haulier is not None:
            roles.append((PartyRole.HAULIER, haulier))
        for role, firm in roles:
            name = firm.spelled(self.rng)
            found.append(
                Party(
                    role=role,
                    name=name,
                    document_number=document_number,
                    address=firm.address,
                    country=firm.country,
                    tax_id=firm.tax_id,
                )
            )
            if firm.owner is not None:
                self.note(firm.owner.key, voyage_number, role.value, name, document_number)
        return found

    def document(
        self,
        plan: VoyagePlan,
        carriage: Carriage,
        shipper: Firm,
        consignee: Firm,
        haulier: Firm | None = None,
    ) -> tuple[TransportDocument, list[Party]]:
        kind = {
            Carriage.WAGON: DocumentKind.RAIL_WAYBILL,
            Carriage.TRUCK: DocumentKind.ROAD_CONSIGNMENT_NOTE,
            Carriage.CONTAINER: DocumentKind.MASTER_BILL,
        }[carriage]
        voyage = plan.voyage
        number = self.document_number(carriage, voyage.departure_port or "KZKUR")
        document = TransportDocument(
            number=number,
            voyage_number=voyage.number,
            kind=kind,
            loading_port=voyage.departure_port,
            discharge_port=voyage.arrival_port,
        )
        return document, self.parties(number, shipper, consignee, haulier, voyage.number)

    # cargo units ---------------------------------------------------------------------------

    def _unit(
        self, plan: VoyagePlan, identifier: str, kind: CargoUnitKind, **extra: object
    ) -> CargoUnit:
        voyage = plan.voyage
        return CargoUnit(
            identifier=identifier,
            voyage_number=voyage.number,
            kind=kind,
            loading_port=voyage.departure_port,
            discharge_port=voyage.arrival_port,
            **extra,  # type: ignore[arg-type]
        )

    def wagon_group(
        self,
        plan: VoyagePlan,
        size: int,
        commodity: Commodity | None = None,
        shipper: Firm | None = None,
        consignee: Firm | None = None,
    ) -> Shipment:
        """Wagons of one commodity under one rail waybill, one goods line per wagon."""
        rng = self.rng
        commodity = commodity or self.pick_commodity(Carriage.WAGON, plan.flow)
        kind_digit = {"VR": 9, "VL": 7, "JB": 9, "BE": 6, "NE": 6}.get(commodity.package_type, 2)
        origin = rng.choice(commodity.origins)
        shipper = shipper or self.shipper_for(commodity, origin)
        consignee = consignee or self.consignee_for(
            commodity, plan.flow, plan.voyage.arrival_port or ""
        )
        document, parties = self.document(plan, Carriage.WAGON, shipper, consignee)
        shipment = Shipment(documents=[document], parties=parties, carriage=Carriage.WAGON)
        for item in range(1, size + 1):
            wagon = self.wagon_number(kind_digit)
            line = self.goods_line(
                document.number, item, commodity, rng.uniform(*commodity.lot_kg), origin, [wagon]
            )
            seals = [self.seal(plan.voyage.departure_port[:2])]  # type: ignore[index]
            shipment.consignments.append(line)
            shipment.cargo_units.append(
                self._unit(
                    plan,
                    wagon,
                    CargoUnitKind.RAIL_WAGON,
                    seals=seals,
                    gross_weight_kg=_kg(
                        float(line.gross_weight_kg or 0) + rng.uniform(22000, 27000)
                    ),
                )
            )
        return shipment

    def empty_wagons(self, plan: VoyagePlan, size: int) -> Shipment:
        """Empty wagons going home: units without goods."""
        shipment = Shipment(carriage=Carriage.WAGON)
        for _ in range(size):
            wagon = self.wagon_number(self.rng.choice((2, 6, 7, 9)))
            shipment.cargo_units.append(
                self._unit(
                    plan,
                    wagon,
                    CargoUnitKind.RAIL_WAGON,
                    is_empty=True,
                    gross_weight_kg=_kg(self.rng.uniform(22000, 27000)),
                )
            )
        return shipment

    def truck_shipment(
        self,
        plan: VoyagePlan,
        *,
        truck: Truck | None = None,
        commodity: Commodity | None = None,
        documents: int | None = None,
        accompanied: bool | None = None,
        lines: int | None = None,
        consignee: Firm | None = None,
        origin: str | None = None,
        shipper: Firm | None = None,
        spelled: bool = False,
    ) -> Shipment:
        """A truck and trailer with one full load or several groupage consignment notes."""
        rng = self.rng
        voyage = plan.voyage
        if truck is None:
            countries = (
                TM_HAULIER_COUNTRIES
                if "TMKRW" in (voyage.departure_port, voyage.arrival_port)
                else HAULIER_COUNTRIES[plan.flow]
            )
            truck = self.truck(rng.choice(countries), voyage)
        else:
            self.book(truck, voyage)
        if accompanied is None:
            accompanied = plan.vessel.kind is not VesselKind.RO_RO or rng.random() < 0.85
        if documents is None:
            documents = 1 if rng.random() < 0.7 else rng.randint(2, 5)
        shipment = Shipment(carriage=Carriage.TRUCK, truck=truck)
        capacity = rng.uniform(16000, 22000)
        first = commodity or self.pick_commodity(Carriage.TRUCK, plan.flow)
        for index in range(documents):
            chosen = first if index == 0 else self.pick_commodity(Carriage.TRUCK, plan.flow)
            if index == 0:
                self._add_document(
                    plan,
                    shipment,
                    Carriage.TRUCK,
                    chosen,
                    [truck.trailer_plate],
                    capacity / documents,
                    haulier=truck.haulier,
                    lines=lines,
                    consignee=consignee,
                    origin=origin,
                    shipper=shipper,
                )
            else:
                self._add_document(
                    plan,
                    shipment,
                    Carriage.TRUCK,
                    chosen,
                    [truck.trailer_plate],
                    capacity / documents,
                    haulier=truck.haulier,
                )
        load = sum(float(line.gross_weight_kg or 0) for line in shipment.consignments)
        country = truck.haulier.country
        shipment.cargo_units.append(
            self._unit(
                plan,
                truck.trailer_plate,
                CargoUnitKind.TRAILER,
                vehicle_plate=truck.plate,
                seals=[self.seal(country)],
                size_type="REEFER" if truck.reefer else None,
                gross_weight_kg=_kg(load + rng.uniform(13500, 16000)),
            )
        )
        if accompanied:
            spelled = spelled or plan.primary_format == "csv"
            shipment.persons.append(
                self.person_record(
                    truck.driver, voyage.number, PersonRole.DRIVER, truck.plate, spelled=spelled
                )
            )
        return shipment

    def _add_document(
        self,
        plan: VoyagePlan,
        shipment: Shipment,
        carriage: Carriage,
        commodity: Commodity,
        unit_ids: list[str],
        capacity: float,
        haulier: Firm | None = None,
        lines: int | None = None,
        consignee: Firm | None = None,
        origin: str | None = None,
        shipper: Firm | None = None,
    ) -> None:
        """One document with its parties and goods lines of the shipper's trade."""
        rng = self.rng
        origin = origin or rng.choice(commodity.origins)
        shipper = shipper or self.shipper_for(commodity, origin)
        consignee = consignee or self.consignee_for(
            commodity, plan.flow, plan.voyage.arrival_port or ""
        )
        document, parties = self.document(plan, carriage, shipper, consignee, haulier)
        shipment.documents.append(document)
        shipment.parties.extend(parties)
        if lines is None:
            bulky = commodity.lot_kg[0] >= 8000
            lines = 1 if bulky and rng.random() < 0.7 else rng.randint(1, 7)
        currency = "EUR" if origin in ("DE", "IT") or rng.random() < 0.08 else "USD"
        for item in range(1, lines + 1):
            chosen = (
                commodity
                if item == 1
                else self.pick_commodity(carriage, plan.flow, commodity.group)
            )
            net = min(rng.uniform(*chosen.lot_kg), capacity / lines)
            shipment.consignments.append(
                self.goods_line(
                    document.number,
                    item,
                    chosen,
                    net,
                    origin if origin in chosen.origins else rng.choice(chosen.origins),
                    unit_ids,
                    currency,
                )
            )

    def container_shipment(
        self,
        plan: VoyagePlan,
        commodity: Commodity | None = None,
        lines: int | None = None,
        empty: bool = False,
        consignee: Firm | None = None,
        origin: str | None = None,
        shipper: Firm | None = None,
    ) -> Shipment:
        """A container with its bill of lading, or an empty one going back."""
        rng = self.rng
        size_type, tare, payload = rng.choice(CONTAINER_TYPES)
        commodity = commodity or self.pick_commodity(Carriage.CONTAINER, plan.flow)
        if commodity.key == "bananas" or (commodity.group == "fruit" and not empty):
            size_type, tare, payload = CONTAINER_TYPES[3]
        number = self.container_number()
        shipment = Shipment(carriage=Carriage.CONTAINER)
        if not empty:
            self._add_document(
                plan,
                shipment,
                Carriage.CONTAINER,
                commodity,
                [number],
                min(payload, rng.uniform(8000, 24000)),
                lines=lines,
                consignee=consignee,
                origin=origin,
                shipper=shipper,
            )
        load = sum(float(line.gross_weight_kg or 0) for line in shipment.consignments)
        shipment.cargo_units.append(
            self._unit(
                plan,
                number,
                CargoUnitKind.CONTAINER,
                size_type=size_type,
                is_empty=empty,
                seals=[] if empty else [self.seal(plan.voyage.departure_port[:2])],  # type: ignore[index]
                gross_weight_kg=_kg(load + tare),
            )
        )
        return shipment


def _schedule(
    rng: random.Random, start: datetime, days: int
) -> list[tuple[Vessel, str, str, datetime, datetime]]:
    """Every departure of the fleet within the period, in departure order."""
    end = start + timedelta(days=days)
    legs = []
    for vessel in FLEET:
        here, there = vessel.route if rng.random() < 0.5 else vessel.route[::-1]
        departure = start + timedelta(minutes=5 * rng.randrange(0, 36 * 12))
        while departure < end:
            crossing = timedelta(minutes=5 * rng.randrange(18 * 12, 22 * 12 + 1))
            legs.append((vessel, here, there, departure, departure + crossing))
            departure += crossing + timedelta(minutes=15 * rng.randrange(8 * 4, 30 * 4))
            here, there = there, here
    legs.sort(key=lambda leg: (leg[3], leg[0].code))
    return legs


def file_names(voyage: Voyage, primary: str, has_containers: bool) -> dict[str, str]:
    """The files a voyage is sent in: cargo manifest, people list, bay plan."""
    stem = f"{voyage.departure_time:%Y%m%d}-{voyage.number}"
    extension = {"cuscar": "cuscar.edi", "csv": "cargo.csv", "xlsx": "xlsx", "json": "json"}
    files = {"cargo": f"{stem}.{extension[primary]}"}
    # A ferry agent who sends a spreadsheet sends the passenger list as a spreadsheet too.
    files["people"] = f"{stem}.people.csv" if primary == "csv" else f"{stem}.paxlst.edi"
    if has_containers:
        files["bay_plan"] = f"{stem}.baplie.edi"
    return files


def build_traffic(rng: random.Random, factory: Factory, start: date, days: int) -> list[VoyagePlan]:
    """All voyages of the period with their ordinary traffic (no plants yet)."""
    plans: list[VoyagePlan] = []
    sequence: dict[str, int] = {}
    legs = _schedule(rng, datetime.combine(start, time(0, 0)), days)
    for index, (vessel, departure_port, arrival_port, departure, arrival) in enumerate(legs):
        flow = Flow.WEST if PORT_COUNTRY[departure_port] in ("KZ", "TM") else Flow.EAST
        if vessel.code not in sequence:
            sequence[vessel.code] = rng.randint(20, 140)
        sequence[vessel.code] += 1
        number = (
            f"{vessel.code}{start.year % 100:02d}{sequence[vessel.code]:03d}{flow.value[0].upper()}"
        )
        voyage = Voyage(
            number=number,
            transport_mode=TransportMode.FERRY,
            vessel_name=vessel.name,
            imo=vessel.imo,
            carrier=vessel.carrier,
            departure_port=departure_port,
            arrival_port=arrival_port,
            departure_time=departure,
            arrival_time=arrival,
        )
        plan = VoyagePlan(voyage, vessel, flow, PRIMARY_FORMATS[index % len(PRIMARY_FORMATS)])
        _load(plan, factory)
        has_containers = any(
            unit.kind is CargoUnitKind.CONTAINER
            for shipment in plan.shipments
            for unit in shipment.cargo_units
        )
        plan.files = file_names(voyage, plan.primary_format, has_containers)
        plans.append(plan)
    return plans


def _load(plan: VoyagePlan, factory: Factory) -> None:
    """Fill a voyage: wagons, trucks, containers, then crew and foot passengers."""
    rng = factory.rng
    vessel = plan.vessel
    shipments: list[Shipment] = []
    wagons = rng.randint(*vessel.wagons) if vessel.wagons[1] else 0
    while wagons > 0:
        size = min(wagons, rng.randint(1, 6))
        if plan.flow is Flow.EAST and rng.random() < 0.5:
            shipments.append(factory.empty_wagons(plan, size))
        else:
            shipments.append(factory.wagon_group(plan, size))
        wagons -= size
    for _ in range(rng.randint(*vessel.trucks)):
        shipments.append(factory.truck_shipment(plan))
    if vessel.containers[1]:
        for _ in range(rng.randint(*vessel.containers)):
            shipments.append(factory.container_shipment(plan, empty=rng.random() < 0.1))
    plan.shipments = shipments
    number = plan.voyage.number
    for individual, _rank in factory.crew(vessel):
        plan.people.append(factory.person_record(individual, number, PersonRole.CREW))
    for _ in range(rng.randint(*vessel.passengers)):
        traveller = factory.registry.new_person(
            rng.choice(PASSENGER_NATIONALITIES), born=(1950, 2015)
        )
        plan.people.append(
            factory.person_record(
                traveller, number, PersonRole.PASSENGER, spelled=plan.primary_format == "csv"
            )
        )
