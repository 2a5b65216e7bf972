"""Planted high-risk items, innocent look-alikes and data faults, with their ground truth.

Each plant builds one shipment the way a smuggler or an honest trader would declare it and
returns the answer an analyst should reach: what is really there and which indicators in the
data give it away. Persons of interest recur across voyages under different spellings.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal

from portcontrol.core.records import CargoUnitKind, Consignment
from portcontrol.core.scenario.checkdigits import iso6346_check_digit
from portcontrol.core.scenario.commodities import BY_KEY, Carriage, Commodity, Flow
from portcontrol.core.scenario.generator import (
    BACK_AGAIN_HOURS,
    Factory,
    Shipment,
    Truck,
    VoyagePlan,
)
from portcontrol.core.scenario.names import NAME_STOCKS, NamePart, Scheme
from portcontrol.core.scenario.parties import Firm, Individual, passport_spelling

DRUGS = "drugs"
PRECURSORS = "precursors"
FIREARMS = "firearms"
WMD = "wmd_dual_use"
NUCLEAR = "nuclear_radioactive"
CIGARETTES = "cigarettes"
REVENUE = "revenue_fraud"
CATEGORIES = (DRUGS, PRECURSORS, FIREARMS, WMD, NUCLEAR, CIGARETTES, REVENUE)
# How often each category is planted beyond the first of each: revenue fraud is the most
# common finding in practice, radioactive material the rarest.
CATEGORY_WEIGHTS = {
    DRUGS: 3,
    PRECURSORS: 2,
    FIREARMS: 1.5,
    WMD: 1.5,
    NUCLEAR: 0.7,
    CIGARETTES: 2.5,
    REVENUE: 5,
}


@dataclass(slots=True)
class Answer:
    """Ground truth of one planted goods line."""

    category: str
    scenario: str
    innocent: bool
    voyage_number: str
    document_number: str
    item_number: int
    cargo_unit_id: str
    declared_hs_code: str
    declared_description: str
    actual: str
    actual_hs_code: str | None
    indicators: list[str]
    person: dict[str, str] | None = None
    file: str = ""
    people_file: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(slots=True)
class Cast:
    """The persons of interest and their firms, made once per scenario."""

    driver_kz: Individual
    driver_tm: Individual
    trader_az: Individual
    trader_kg: Individual
    truck_kz: Truck
    truck_tm: Truck
    firm_kz: Firm  # the KZ driver's sole-trader business
    firm_az: Firm
    firm_kg: Firm

    def people(self) -> list[Individual]:
        return [self.driver_kz, self.driver_tm, self.trader_az, self.trader_kg]


def _named(stock: str, family: str, given: str) -> tuple[NamePart, NamePart]:
    """Name parts of a stock by their Russian spelling."""
    families = {part.russian: part for part in NAME_STOCKS[stock].family_male}
    givens = {part.russian: part for part in NAME_STOCKS[stock].given_male}
    return families[family], givens[given]


def cast_persons_of_interest(factory: Factory) -> Cast:
    """Two drivers and two traders who recur in the traffic under different spellings."""
    registry = factory.registry
    people = []
    for stock, family, given in (
        ("KZ", "Сейтказиев", "Нурлан"),
        ("TM", "Атаев", "Сердар"),
        ("AZ", "Гусейнов", "Вугар"),
        ("KG", "Осмонов", "Бакыт"),
    ):
        person = registry.new_person(stock, female=False, born=(1971, 1990))
        person.family, person.given = _named(stock, family, given)
        # The passport spelling follows the native name, as issuing offices write it.
        person.passport_family = passport_spelling(person.family, Scheme.PASSPORT)
        person.passport_given = passport_spelling(person.given, Scheme.PASSPORT)
        factory.persons_of_interest.add(person.key)
        people.append(person)
    driver_kz, driver_tm, trader_az, trader_kg = people
    trucks = []
    for driver, country in ((driver_kz, "KZ"), (driver_tm, "TM")):
        truck = Truck(
            factory.plate(country),
            factory.plate(country, trailer=True),
            registry.firm_for((country,), "transport"),
            driver,
        )
        factory.trucks.setdefault(country, []).append(truck)  # they drive ordinary loads too
        trucks.append(truck)
    return Cast(
        driver_kz,
        driver_tm,
        trader_az,
        trader_kg,
        trucks[0],
        trucks[1],
        registry.new_sole_trader(driver_kz, ("fruit",)),
        registry.new_sole_trader(trader_az, ("general",)),
        registry.new_sole_trader(trader_kg, ("general",)),
    )


def _declared(
    key: str,
    hs_code: str,
    descriptions: str,
    package: str,
    per_package: tuple[float, float] | None,
    usd: tuple[float, float],
    origins: str,
    lot: tuple[int, int],
    group: str,
) -> Commodity:
    """Goods as a plant declares them, outside the ordinary table."""
    return Commodity(
        key,
        hs_code,
        group,
        tuple(d.strip() for d in descriptions.split("|")),
        package,
        per_package,
        usd,
        tuple(Carriage),
        tuple(Flow),
        tuple(origins.split()),
        lot,
    )


@dataclass(slots=True)
class Context:
    """What a plant needs: the voyage, the random source, the factory, the cast."""

    plan: VoyagePlan
    factory: Factory
    cast: Cast
    rng: random.Random


def _answer(
    context: Context,
    category: str,
    scenario: str,
    shipment: Shipment,
    line: Consignment,
    actual: str,
    actual_hs: str | None,
    indicators: list[str],
    innocent: bool = False,
    person: Individual | None = None,
    role: str = "driver",
) -> Answer:
    person_entry = None
    if person is not None:
        if role == "driver" and shipment.persons:
            record = shipment.persons[0]
            spelled_as = f"{record.family_name} {record.given_names}"
        else:
            spelled_as = next(
                party.name for party in shipment.parties if party.role.value == "consignee"
            )
        person_entry = {
            "key": person.key,
            "role": role,
            "passport_name": " ".join(person.passport_name()),
            "spelled_as": spelled_as,
            "passport_number": person.passport_number,
        }
    return Answer(
        category=category,
        scenario=scenario,
        innocent=innocent,
        voyage_number=context.plan.number,
        document_number=line.document_number,
        item_number=line.item_number,
        cargo_unit_id=line.cargo_unit_ids[0],
        declared_hs_code=line.hs_code or "",
        declared_description=line.description,
        actual=actual,
        actual_hs_code=actual_hs,
        indicators=indicators,
        person=person_entry,
    )


def _per_kg(line: Consignment) -> Decimal:
    net = line.net_weight_kg or Decimal(1)
    return ((line.value or Decimal(0)) / net).quantize(Decimal("0.01"))


def _on_tm_route(plan: VoyagePlan) -> bool:
    return "TMKRW" in (plan.voyage.departure_port, plan.voyage.arrival_port)


def _recent_firm(context: Context, country: str, group: str) -> Firm:
    """A firm registered a few weeks before the voyage: a classic indicator."""
    registered = (context.factory.start - timedelta(days=context.rng.randint(20, 80))).replace(
        day=1
    )
    return context.factory.registry.new_firm(country, (group,), registered=registered)


# drugs -------------------------------------------------------------------------------------


def _cast_truck(plan: VoyagePlan, cast: Cast) -> Truck:
    """The cast's truck for this voyage: the Turkmen one on the Turkmenbashi route."""
    return cast.truck_tm if _on_tm_route(plan) else cast.truck_kz


def _take_truck(context: Context, truck: Truck) -> None:
    """Drop the ordinary load of this truck from the voyage: the plant replaces it.

    Where the dropped load showed a person of interest is forgotten too, so that no
    appearance in the answers points at a record that is no longer written.
    """
    plan, factory = context.plan, context.factory
    for shipment in plan.shipments:
        if shipment.truck is truck:
            factory.appearances[:] = [
                appearance
                for appearance in factory.appearances
                if not _shown_by(appearance, plan.number, shipment)
            ]
    plan.shipments = [shipment for shipment in plan.shipments if shipment.truck is not truck]


def _shown_by(appearance: dict[str, str], voyage_number: str, shipment: Shipment) -> bool:
    """Whether the appearance is a record of this shipment: a party of it or its driver."""
    if appearance["voyage_number"] != voyage_number:
        return False
    if appearance["document_number"]:
        return any(
            document.number == appearance["document_number"] for document in shipment.documents
        )
    driver = shipment.truck.driver if shipment.truck else None
    return (
        appearance["role"] == "driver"
        and driver is not None
        and appearance["person"] == driver.key
        and bool(shipment.persons)
    )


def heroin_in_truck_cavity(context: Context) -> tuple[Shipment, Answer]:
    plan, cast = context.plan, context.cast
    truck = _cast_truck(plan, cast)
    _take_truck(context, truck)
    cover = BY_KEY["dried_apricots"] if context.rng.random() < 0.5 else BY_KEY["raisins"]
    shipment = context.factory.truck_shipment(
        plan,
        truck=truck,
        commodity=cover,
        documents=1,
        lines=1,
        accompanied=True,
        origin="TJ",
        spelled=True,
    )
    line = shipment.consignments[0]
    trailer = shipment.cargo_units[-1]
    trailer.gross_weight_kg = (trailer.gross_weight_kg or Decimal(0)) + Decimal(
        context.rng.randint(900, 1600)
    )
    kilos = context.rng.randint(18, 60)
    links = (
        "driver's own sole-trader firm appears as consignee of fruit elsewhere"
        if truck is cast.truck_kz
        else "Tajik-origin dried fruit carried by a Turkmen haulier"
    )
    return shipment, _answer(
        context,
        DRUGS,
        "heroin_in_truck_cavity",
        shipment,
        line,
        f"about {kilos} kg of heroin in a welded cavity under the trailer floor, "
        f"behind a load of {cover.descriptions[0].lower()}",
        "293911",
        [
            f"origin TJ on the northern heroin route, declared {line.description}",
            "trailer gross weight about a tonne above goods plus tare",
            "driver recorded under another transliteration on other voyages",
            links,
        ],
        person=truck.driver,
    )


def opium_in_tomatoes(context: Context) -> tuple[Shipment, Answer]:
    shipment = context.factory.truck_shipment(
        context.plan,
        commodity=BY_KEY["tomatoes"],
        documents=1,
        lines=1,
        accompanied=True,
        origin="IR",
        consignee=context.cast.firm_kz,
        spelled=True,
    )
    line = shipment.consignments[0]
    driver = shipment.truck.driver if shipment.truck else None
    return shipment, _answer(
        context,
        DRUGS,
        "opium_in_tomatoes",
        shipment,
        line,
        f"{context.rng.randint(40, 120)} kg of opium in vacuum packs inside tomato crates",
        "130211",
        [
            "tomatoes of Iranian origin entering via Astara and re-exported eastward",
            "consignee is a sole trader whose owner also drives trucks on the route",
            "perishable low-value load shipped by ferry instead of the direct road route",
        ],
        person=driver,
    )


def cocaine_in_bananas(context: Context) -> tuple[Shipment, Answer]:
    shipment = context.factory.container_shipment(
        context.plan,
        commodity=BY_KEY["bananas"],
        lines=1,
        origin="EC",
        consignee=context.cast.firm_kg,
    )
    line = shipment.consignments[0]
    unit = shipment.cargo_units[-1]
    unit.seals.append(f"{context.rng.randrange(10**6):06d}")  # an extra seal, no carrier format
    return shipment, _answer(
        context,
        DRUGS,
        "cocaine_in_bananas",
        shipment,
        line,
        f"{context.rng.randint(30, 90)} kg of cocaine in bricks among banana boxes",
        "293972",
        [
            "bananas from Ecuador routed through Georgia and the Caspian to Central Asia",
            "second seal without the carrier's seal format",
            "consignee is a sole trader with no fruit import history",
        ],
        person=context.cast.trader_kg,
        role="consignee",
    )


# precursors --------------------------------------------------------------------------------

ACETIC_ACID_AS_COVER = _declared(
    "acetic_acid_cover",
    "291521",
    "Acetic acid | Кислота уксусная | ACETIC ACID TECHNICAL",
    "DR",
    (210, 230),
    (0.55, 0.85),
    "TR CN",
    (8000, 18000),
    "chemicals",
)


def acetic_anhydride_as_acetic_acid(context: Context) -> tuple[Shipment, Answer]:
    consignee = (
        context.cast.firm_kg
        if context.rng.random() < 0.6
        else _recent_firm(context, "UZ", "furniture")
    )
    shipment = context.factory.truck_shipment(
        context.plan, commodity=ACETIC_ACID_AS_COVER, documents=1, lines=1, consignee=consignee
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        PRECURSORS,
        "acetic_anhydride_as_acetic_acid",
        shipment,
        line,
        "acetic anhydride (INCB Table I heroin precursor) declared as acetic acid",
        "291524",
        [
            "2915.21 to a consignee with no chemical business",
            f"{line.packages} drums of about 220 kg: typical anhydride packing",
            "destination on the route to Afghanistan (Central Asia)",
            "no pre-export notification reference in the description",
        ],
        person=context.cast.trader_kg if consignee is context.cast.firm_kg else None,
        role="consignee",
    )


def potassium_permanganate_as_water_treatment(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "water_treatment",
        "382499",
        "Chemical reagent for water treatment | "
        "Реагент для водоподготовки | WATER TREATMENT CHEMICAL",
        "DR",
        (50, 50),
        (1.5, 2.5),
        "CN TR",
        (2000, 8000),
        "chemicals",
    )
    shipment = context.factory.truck_shipment(
        context.plan,
        commodity=cover,
        documents=1,
        lines=1,
        consignee=_recent_firm(context, "KZ", "chemicals"),
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        PRECURSORS,
        "potassium_permanganate_as_water_treatment",
        shipment,
        line,
        "potassium permanganate (INCB Table I), used for ephedrone and cocaine",
        "284161",
        [
            "vague chemical description under residual 3824.99",
            "consignee registered weeks before the shipment",
            "50 kg drums of dark crystalline goods, value near permanganate prices",
        ],
    )


def ephedrine_as_vitamins(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "vitamin_premix",
        "293690",
        "Vitamin premix | Премикс витаминный | VITAMINS",
        "DR",
        (25, 25),
        (8.0, 15.0),
        "CN",
        (500, 2500),
        "pharma",
    )
    factory = context.factory
    if context.plan.vessel.containers[1]:
        shipment = factory.container_shipment(
            context.plan, commodity=cover, lines=2, origin="CN", consignee=context.cast.firm_az
        )
    else:
        shipment = factory.truck_shipment(
            context.plan,
            commodity=cover,
            documents=1,
            lines=2,
            origin="CN",
            consignee=context.cast.firm_az,
        )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        PRECURSORS,
        "ephedrine_as_vitamins",
        shipment,
        line,
        "ephedrine hydrochloride (INCB Table I, methamphetamine precursor)",
        "293941",
        [
            "pharmaceutical raw material to a general trading sole trader",
            "the sole trader's owner appears under Latin and Cyrillic spellings",
            "value per kg above vitamin premix norms",
        ],
        person=context.cast.trader_az,
        role="consignee",
    )


# firearms ----------------------------------------------------------------------------------


def pistols_as_toys(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "toys_cover",
        "950300",
        "Toys | Игрушки | TOYS ASSORTED",
        "CT",
        (14, 20),
        (3.0, 6.0),
        "TR",
        (300, 1200),
        "general",
    )
    shipment = context.factory.truck_shipment(
        context.plan,
        commodity=cover,
        documents=1,
        lines=1,
        origin="TR",
        consignee=context.cast.firm_kz,
    )
    line = shipment.consignments[0]
    count = context.rng.randint(20, 80)
    return shipment, _answer(
        context,
        FIREARMS,
        "pistols_as_toys",
        shipment,
        line,
        f"{count} converted blank-firing pistols with ammunition among toy cartons",
        "930200",
        [
            "toys at 14-20 kg per carton, heavy for toys",
            "consignee is a sole trader in fruit, not toys",
            "same sole trader linked to a driver of interest",
        ],
        person=context.cast.driver_kz,
        role="consignee",
    )


def ammunition_in_auto_parts(context: Context) -> tuple[Shipment, Answer]:
    shipment = context.factory.container_shipment(
        context.plan, commodity=BY_KEY["auto_parts"], lines=3
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        FIREARMS,
        "ammunition_in_auto_parts",
        shipment,
        line,
        f"{context.rng.randint(5, 30)} thousand rounds of 7.62 mm ammunition in cartons "
        "labelled as spare parts",
        "930630",
        [
            "spare parts with a vague description and a weight per carton above the rest",
            "shipper new on the route",
        ],
    )


# weapons of mass destruction and dual-use ---------------------------------------------------


def reactor_parts_as_metal_parts(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "metal_parts",
        "732690",
        "Metal parts | Изделия из металла | SPARE PARTS FOR EQUIPMENT",
        "CS",
        (200, 900),
        (25.0, 60.0),
        "CN",
        (800, 4000),
        "machinery",
    )
    factory = context.factory
    consignee = _recent_firm(context, "AZ", "machinery")
    if context.plan.vessel.containers[1]:
        shipment = factory.container_shipment(
            context.plan, commodity=cover, lines=1, origin="CN", consignee=consignee
        )
    else:
        shipment = factory.truck_shipment(
            context.plan, commodity=cover, documents=1, lines=1, origin="CN", consignee=consignee
        )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        WMD,
        "reactor_parts_as_metal_parts",
        shipment,
        line,
        "parts of a nuclear reactor (control rod drive components), onward to a third country",
        "840140",
        [
            "vague description 'spare parts for equipment' at 25-60 USD/kg",
            "consignee registered weeks ago, no end-user stated",
            "heavy crates of machined parts for a trading firm",
        ],
    )


def cnc_machine_as_equipment(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "equipment",
        "847989",
        "Equipment | Оборудование | INDUSTRIAL EQUIPMENT",
        "CS",
        (3000, 7000),
        (20.0, 45.0),
        "DE TR",
        (3000, 8000),
        "machinery",
    )
    shipment = context.factory.truck_shipment(
        context.plan,
        commodity=cover,
        documents=1,
        lines=1,
        origin="DE",
        consignee=_recent_firm(context, "TM" if _on_tm_route(context.plan) else "KZ", "machinery"),
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        WMD,
        "cnc_machine_as_equipment",
        shipment,
        line,
        "five-axis CNC machining centre of dual-use class (export-controlled)",
        "845961",
        [
            "one-word description 'equipment' under residual 8479.89",
            "high value per kg for a single machine",
            "new consignee near a sanctioned destination",
        ],
    )


# nuclear and radioactive -------------------------------------------------------------------

SCRAP = _declared(
    "scrap",
    "720449",
    "Ferrous waste and scrap, grade 3A | Лом черных металлов 3А | STEEL SCRAP",
    "NE",
    None,
    (0.25, 0.40),
    "KZ",
    (55000, 66000),
    "metal",
)


def source_in_scrap_metal(context: Context) -> tuple[Shipment, Answer]:
    plan = context.plan
    if plan.vessel.wagons[1]:
        shipment = context.factory.wagon_group(
            plan, 1, commodity=SCRAP, shipper=_recent_firm(context, "KZ", "metal")
        )
    else:
        shipment = context.factory.truck_shipment(
            plan, commodity=SCRAP, documents=1, lines=1, origin="KZ"
        )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        NUCLEAR,
        "source_in_scrap_metal",
        shipment,
        line,
        "an orphan caesium-137 sealed source (old industrial gauge) inside the scrap",
        "284443",
        [
            "scrap from a region with abandoned industrial sources",
            "shipper registered weeks ago",
            "radiation portal monitor should alarm; no radiation certificate in the documents",
        ],
    )


def gamma_source_as_xray_equipment(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "xray",
        "902219",
        "X-ray inspection apparatus, used | Аппарат рентгеновский, б/у | USED X-RAY EQUIPMENT",
        "CS",
        (400, 900),
        (8.0, 20.0),
        "TR DE",
        (400, 1800),
        "machinery",
    )
    shipment = context.factory.truck_shipment(context.plan, commodity=cover, documents=1, lines=1)
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        NUCLEAR,
        "gamma_source_as_xray_equipment",
        shipment,
        line,
        "a cobalt-60 gamma radiography camera with its source, in depleted-uranium shielding",
        "902221",
        [
            "'used X-ray apparatus' far heavier than X-ray equipment (shielding)",
            "no licence or transport index for radioactive material",
            "consignee is not a licensed user",
        ],
    )


# cigarettes ---------------------------------------------------------------------------------


def cigarettes_as_napkins(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "napkins",
        "481820",
        "Paper napkins | Салфетки бумажные | PAPER NAPKINS",
        "CT",
        (9, 11),
        (1.0, 1.6),
        "AE TR",
        (6000, 14000),
        "paper",
    )
    factory = context.factory
    if context.plan.vessel.containers[1]:
        shipment = factory.container_shipment(context.plan, commodity=cover, lines=1, origin="AE")
    else:
        shipment = factory.truck_shipment(
            context.plan, commodity=cover, documents=1, lines=1, origin="AE"
        )
    line = shipment.consignments[0]
    sticks = (line.packages or 1) * 10
    return shipment, _answer(
        context,
        CIGARETTES,
        "cigarettes_as_napkins",
        shipment,
        line,
        f"about {sticks} thousand cigarettes ({sticks // 10} master cases)",
        "240220",
        [
            "paper napkins from a free zone of the UAE",
            "weight per carton typical of cigarette master cases (about 10 kg)",
            "napkins shipped across the Caspian at a freight cost above their value",
        ],
    )


def cigarettes_as_cigarette_paper(context: Context) -> tuple[Shipment, Answer]:
    cover = _declared(
        "cigarette_paper",
        "481390",
        "Cigarette paper | Бумага папиросная | CIGARETTE PAPER",
        "CT",
        (9, 11),
        (2.0, 3.0),
        "KG KZ",
        (4000, 12000),
        "paper",
    )
    shipment = context.factory.truck_shipment(
        context.plan, commodity=cover, documents=1, lines=1, origin="KG"
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        CIGARETTES,
        "cigarettes_as_cigarette_paper",
        shipment,
        line,
        "cigarettes without excise stamps behind a front row of paper cartons",
        "240220",
        [
            "cigarette paper in quantities no small buyer needs",
            "weight and packing of cigarette master cases",
        ],
    )


# revenue fraud ------------------------------------------------------------------------------

UNDERVALUED = (
    "smartphones",
    "laptops",
    "trousers",
    "sweaters",
    "auto_parts",
    "car_tyres",
    "cosmetics",
    "medicines",
    "televisions",
)


def undervaluation(context: Context) -> tuple[Shipment, Answer]:
    plan = context.plan
    keys = [key for key in UNDERVALUED if plan.flow in BY_KEY[key].flows]
    commodity = BY_KEY[context.rng.choice(keys)]
    factory = context.factory
    if plan.vessel.containers[1] and Carriage.CONTAINER in commodity.carriages:
        shipment = factory.container_shipment(plan, commodity=commodity, lines=1)
    else:
        shipment = factory.truck_shipment(plan, commodity=commodity, documents=1, lines=1)
    line = shipment.consignments[0]
    norm = line.value or Decimal(0)
    low, high = commodity.usd_per_kg
    # Priced at a small fraction of the cheapest plausible value, as undervaluation is found.
    share = Decimal(str(round(context.rng.uniform(0.04, 0.25), 3)))
    floor = (line.net_weight_kg or Decimal(0)) * Decimal(str(low))
    line.value = (floor * share).quantize(Decimal("0.01"))
    return shipment, _answer(
        context,
        REVENUE,
        "undervaluation",
        shipment,
        line,
        f"{commodity.descriptions[0].lower()} worth about {norm} {line.currency}",
        commodity.hs_code,
        [
            f"declared {_per_kg(line)} {line.currency}/kg against {low}-{high} USD/kg for "
            f"{commodity.hs_code}",
            "duties and VAT understated by the same factor",
        ],
    )


def smartphones_as_parts(context: Context) -> tuple[Shipment, Answer]:
    parts = _declared(
        "phone_parts",
        "851779",
        "Parts of telephone sets | Части телефонных аппаратов | PHONE PARTS",
        "CT",
        (6, 12),
        (10.0, 20.0),
        "CN",
        (400, 2500),
        "electronics",
    )
    factory = context.factory
    if context.plan.vessel.containers[1]:
        shipment = factory.container_shipment(context.plan, commodity=parts, lines=1, origin="CN")
    else:
        shipment = factory.truck_shipment(
            context.plan, commodity=parts, documents=1, lines=1, origin="CN"
        )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        REVENUE,
        "smartphones_as_parts",
        shipment,
        line,
        "complete smartphones in retail boxes classified as parts",
        "851713",
        [
            "'parts' packed and weighing like retail-boxed phones, priced as parts",
            "misclassification to a lower-duty subheading",
        ],
    )


# innocent look-alikes -----------------------------------------------------------------------


def innocent_acetic_acid(context: Context) -> tuple[Shipment, Answer]:
    shipment = context.factory.truck_shipment(
        context.plan, commodity=BY_KEY["acetic_acid"], documents=1, lines=1
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        PRECURSORS,
        "innocent_acetic_acid",
        shipment,
        line,
        "food-grade acetic acid for a pickling plant, as declared",
        "291521",
        [
            "2915.21 is a look-alike of acetic anhydride but not controlled",
            "regular consignee in the food trade, price within norms",
        ],
        innocent=True,
    )


def innocent_toys(context: Context) -> tuple[Shipment, Answer]:
    factory = context.factory
    if context.plan.vessel.containers[1]:
        shipment = factory.container_shipment(context.plan, commodity=BY_KEY["toys"], lines=2)
    else:
        shipment = factory.truck_shipment(
            context.plan, commodity=BY_KEY["toys"], documents=1, lines=2
        )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        FIREARMS,
        "innocent_toys",
        shipment,
        line,
        "plastic toys, as declared",
        "950300",
        ["toys at 4-10 kg per carton, price within norms"],
        innocent=True,
    )


def innocent_medical_isotopes(context: Context) -> tuple[Shipment, Answer]:
    isotopes = _declared(
        "isotopes",
        "284443",
        "Radiopharmaceutical Mo-99/Tc-99m generators, "
        "UN2915 Type A, licence attached | Генераторы технеция-99м | "
        "TC-99M GENERATORS UN2915",
        "PK",
        (15, 20),
        (300.0, 900.0),
        "RU",
        (60, 300),
        "pharma",
    )
    shipment = context.factory.truck_shipment(
        context.plan, commodity=isotopes, documents=1, lines=1, origin="RU"
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        NUCLEAR,
        "innocent_medical_isotopes",
        shipment,
        line,
        "technetium generators for a hospital nuclear medicine department, as declared",
        "284443",
        [
            "2844 declared openly with UN number, package type and licence",
            "expected radiation alarm, explained by the documents",
        ],
        innocent=True,
    )


def innocent_hunting_shotguns(context: Context) -> tuple[Shipment, Answer]:
    guns = _declared(
        "shotguns",
        "930320",
        "Hunting shotguns, import permit attached | Ружья "
        "охотничьи, разрешение на ввоз | HUNTING SHOTGUNS",
        "CS",
        (12, 18),
        (90.0, 200.0),
        "TR",
        (100, 600),
        "general",
    )
    shipment = context.factory.truck_shipment(
        context.plan, commodity=guns, documents=1, lines=1, origin="TR"
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        FIREARMS,
        "innocent_hunting_shotguns",
        shipment,
        line,
        "sporting shotguns for a licensed gun shop, as declared",
        "930320",
        ["chapter 93 declared openly with permit reference", "licensed regular consignee"],
        innocent=True,
    )


def innocent_oilfield_valves(context: Context) -> tuple[Shipment, Answer]:
    shipment = context.factory.truck_shipment(
        context.plan, commodity=BY_KEY["valves"], documents=1, lines=1
    )
    line = shipment.consignments[0]
    return shipment, _answer(
        context,
        WMD,
        "innocent_oilfield_valves",
        shipment,
        line,
        "carbon-steel gate valves for an oil pipeline, as declared",
        "848180",
        [
            "valves are on dual-use correlation lists, but these are described precisely "
            "(API 6D, carbon steel) and go to an oilfield service firm"
        ],
        innocent=True,
    )


@dataclass(frozen=True, slots=True)
class Plant:
    """A kind of plant and the voyages it fits."""

    category: str
    build: Callable[[Context], tuple[Shipment, Answer]]
    flows: tuple[Flow, ...]
    needs: str = "truck"  # truck, container or wagon
    innocent: bool = False
    # The cast's truck the plant loads, replacing that truck's ordinary load on the voyage.
    takes: Callable[[VoyagePlan, Cast], Truck] | None = None

    def fits(self, plan: VoyagePlan) -> bool:
        """Whether this voyage can carry the plant."""
        if plan.flow not in self.flows:
            return False
        if self.needs == "container":
            return plan.vessel.containers[1] > 0
        if self.needs == "wagon":
            return plan.vessel.wagons[1] > 0
        return True


WEST, EAST, BOTH = (Flow.WEST,), (Flow.EAST,), (Flow.WEST, Flow.EAST)
PLANTS: tuple[Plant, ...] = (
    Plant(DRUGS, heroin_in_truck_cavity, WEST, takes=_cast_truck),
    Plant(DRUGS, opium_in_tomatoes, EAST),
    Plant(DRUGS, cocaine_in_bananas, EAST, "container"),
    Plant(PRECURSORS, acetic_anhydride_as_acetic_acid, EAST),
    Plant(PRECURSORS, potassium_permanganate_as_water_treatment, EAST),
    Plant(PRECURSORS, ephedrine_as_vitamins, WEST),
    Plant(FIREARMS, pistols_as_toys, EAST),
    Plant(FIREARMS, ammunition_in_auto_parts, BOTH, "container"),
    Plant(WMD, reactor_parts_as_metal_parts, WEST),
    Plant(WMD, cnc_machine_as_equipment, EAST),
    Plant(NUCLEAR, source_in_scrap_metal, WEST, "wagon"),
    Plant(NUCLEAR, gamma_source_as_xray_equipment, EAST),
    Plant(CIGARETTES, cigarettes_as_napkins, EAST),
    Plant(CIGARETTES, cigarettes_as_cigarette_paper, WEST),
    Plant(REVENUE, undervaluation, BOTH),
    Plant(REVENUE, smartphones_as_parts, BOTH),
)
INNOCENT_PLANTS: tuple[Plant, ...] = (
    Plant(PRECURSORS, innocent_acetic_acid, BOTH, innocent=True),
    Plant(FIREARMS, innocent_toys, BOTH, innocent=True),
    Plant(NUCLEAR, innocent_medical_isotopes, WEST, innocent=True),
    Plant(FIREARMS, innocent_hunting_shotguns, EAST, innocent=True),
    Plant(WMD, innocent_oilfield_valves, EAST, innocent=True),
)


def _choose_plants(rng: random.Random, count: int) -> list[Plant]:
    """At least one plant of every category, the rest by category weight."""
    by_category: dict[str, list[Plant]] = {}
    for plant in PLANTS:
        by_category.setdefault(plant.category, []).append(plant)
    chosen = [rng.choice(by_category[category]) for category in CATEGORIES]
    weights = [CATEGORY_WEIGHTS[category] for category in CATEGORIES]
    while len(chosen) < count:
        category = rng.choices(CATEGORIES, weights=weights)[0]
        chosen.append(rng.choice(by_category[category]))
    return chosen


def plant_all(
    plans: list[VoyagePlan], factory: Factory, cast: Cast, rng: random.Random, share: float
) -> list[Answer]:
    """Insert threats (about ``share`` of all goods lines) and innocent look-alikes."""
    lines = sum(plan.line_count() for plan in plans)
    threat_count = max(len(CATEGORIES), round(lines * share))
    innocent_count = max(len(INNOCENT_PLANTS), round(lines * share / 5))
    plants = _choose_plants(rng, threat_count)
    plants += [INNOCENT_PLANTS[index % len(INNOCENT_PLANTS)] for index in range(innocent_count)]
    answers = []
    planted: set[int] = set()  # identities of planted shipments, which no later plant may drop
    for plant in plants:
        plan = _voyage_for(plant, plans, cast, planted, rng)
        if plan is None:
            continue
        shipment, answer = plant.build(Context(plan, factory, cast, rng))
        plan.shipments.insert(rng.randint(0, len(plan.shipments)), shipment)
        planted.add(id(shipment))
        answers.append(answer)
    return answers


def _voyage_for(
    plant: Plant, plans: list[VoyagePlan], cast: Cast, planted: set[int], rng: random.Random
) -> VoyagePlan | None:
    """A voyage for the plant where it drops no earlier plant; None when there is none.

    A plant that takes a truck of the cast replaces whatever that truck carries on the
    voyage, so a voyage where the truck already carries a plant is closed to it: otherwise
    the earlier answer would name a document that is never written.
    """
    open_plans = [plan for plan in plans if not _drops_a_plant(plant, plan, cast, planted)]
    fitting = [plan for plan in open_plans if plant.fits(plan)] or open_plans
    if plant.takes is not None:
        # A truck cannot be aboard two ferries at once; only if every voyage clashes is
        # the rule bent rather than the plant left out.
        takes = plant.takes
        free = [plan for plan in fitting if not _aboard_elsewhere(takes(plan, cast), plan, plans)]
        fitting = free or fitting
    return rng.choice(fitting) if fitting else None


def _drops_a_plant(plant: Plant, plan: VoyagePlan, cast: Cast, planted: set[int]) -> bool:
    """Whether building the plant on this voyage would drop a shipment planted before."""
    if plant.takes is None:
        return False
    truck = plant.takes(plan, cast)
    return any(shipment.truck is truck and id(shipment) in planted for shipment in plan.shipments)


def _aboard_elsewhere(truck: Truck, plan: VoyagePlan, plans: list[VoyagePlan]) -> bool:
    """Whether the truck is on another voyage overlapping this one, turnaround included."""
    back_again = timedelta(hours=BACK_AGAIN_HOURS)
    departure, arrival = plan.voyage.departure_time, plan.voyage.arrival_time
    if departure is None or arrival is None:
        return False
    for other in plans:
        other_departure, other_arrival = other.voyage.departure_time, other.voyage.arrival_time
        if other is plan or other_departure is None or other_arrival is None:
            continue
        overlaps = other_departure < arrival + back_again and departure < other_arrival + back_again
        if overlaps and any(shipment.truck is truck for shipment in other.shipments):
            return True
    return False


@dataclass(slots=True)
class Fault:
    """A deliberate data-quality fault, as real files have them."""

    kind: str
    voyage_number: str
    cargo_unit_id: str
    correct_id: str
    note: str
    file: str = ""

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


_CYRILLIC_LOOKALIKES = {
    "C": "С",
    "O": "О",
    "A": "А",
    "E": "Е",
    "K": "К",
    "M": "М",
    "T": "Т",
    "H": "Н",
    "P": "Р",
    "X": "Х",
    "B": "В",
}


def spoil_container_numbers(
    plans: list[VoyagePlan], answers: list[Answer], rng: random.Random
) -> list[Fault]:
    """Give a few container numbers a wrong check digit or Cyrillic look-alike letters."""
    protected = {answer.cargo_unit_id for answer in answers}
    candidates = [
        (plan, unit)
        for plan in plans
        for shipment in plan.shipments
        for unit in shipment.cargo_units
        if unit.kind is CargoUnitKind.CONTAINER and unit.identifier not in protected
    ]
    if not candidates:
        return []
    faults: list[Fault] = []
    count = max(1, len(candidates) // 120)
    for plan, unit in rng.sample(candidates, min(len(candidates), count * 2)):
        correct = unit.identifier
        if len(faults) % 2 == 0:
            wrong_digit = str((int(correct[-1]) + rng.randint(1, 9)) % 10)
            spoiled = correct[:-1] + wrong_digit
            assert iso6346_check_digit(correct[:10]) != wrong_digit
            fault = Fault(
                "container.check_digit",
                plan.number,
                spoiled,
                correct,
                f"check digit {wrong_digit} where {correct[-1]} is correct",
            )
        else:
            if plan.primary_format not in ("csv", "xlsx"):
                continue
            spoiled = "".join(_CYRILLIC_LOOKALIKES.get(char, char) for char in correct[:4])
            spoiled += correct[4:]
            if spoiled == correct:
                continue
            fault = Fault(
                "container.cyrillic_lookalike",
                plan.number,
                spoiled,
                correct,
                "owner code typed with Cyrillic look-alike letters",
            )
        _rename_unit(plan, correct, spoiled)
        faults.append(fault)
    return faults


def _rename_unit(plan: VoyagePlan, old: str, new: str) -> None:
    for shipment in plan.shipments:
        for unit in shipment.cargo_units:
            if unit.identifier == old:
                unit.identifier = new
        for line in shipment.consignments:
            line.cargo_unit_ids = [
                new if unit_id == old else unit_id for unit_id in line.cargo_unit_ids
            ]
