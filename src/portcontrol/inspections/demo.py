"""Demo inspection work: the targeting queues of Kuryk and Alyat worked as their officers would.

``portcontrol demo`` calls :func:`create_demo_inspections` once the Caspian scenario is ingested
and assessed. Every change goes through the actions (claim, order, search, finding, seizure,
result, handover), so the audit log, the task histories and the hit statistics are those of
real work, and nothing here writes a row that an action writes.

The scenario's ``answers.json`` says what was planted where. An inspection of a planted item
finds it (a seizure, or a discrepancy for revenue fraud); everything else, the innocent
look-alikes and the random selections included, is found as declared. Hit rates of targeted and
of random selection therefore come out as the scenario made them.

Steps, per unit (a unit that has inspections already is left alone: a second run adds nothing):

1. pair the unit's new tasks with the planted items; an item selected in both units is worked
   by one only, the unit of its arrival port, as the other one released it; on a national node
   an item bound for the other country's demo unit is left to that unit (it gets an alert);
2. inspect every hit and record what was found, hand drugs and weapons over to the police or
   the border service;
3. leave a few misses as a working day leaves them (under way, ordered, claimed, new) and close
   the others and the random selections with nothing found;
4. in Kuryk, search one arriving ferry with the border service: heroin in the engine room.

Choices among equals are drawn from a generator seeded with the demo's seed and the unit.
"""

from __future__ import annotations

import json
import random
import re
import struct
import zlib
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from portcontrol.accounts.choices import AgencyKind, Role
from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.inspections import actions, seizure_actions
from portcontrol.inspections.choices import (
    Commodity,
    Concealment,
    DiscrepancyKind,
    DrugType,
    InspectionKind,
    InspectionResult,
    InspectionTarget,
    QuantityUnit,
    SealState,
    SearchAreaKind,
)
from portcontrol.inspections.models import Inspection, SearchArea, Seizure
from portcontrol.targeting import actions as targeting
from portcontrol.targeting.choices import Lane, TaskStatus
from portcontrol.targeting.models import TargetingTask

DEMO_UNITS = ("KZKUR", "AZALA")
# The unit whose officers search a ferry with the border service.
VESSEL_SEARCH_UNIT = "KZKUR"
# Misses left open, in this order: one inspection under way, one ordered, one claimed, one new.
OPEN_STATES = ("in_progress", "ordered", "claimed", "new")
# A master case of cigarettes holds 10,000 sticks (50 cartons of 200).
STICKS_PER_CASE = 10_000
# Seizures handed over to a law-enforcement agency; the rest stay with customs.
HANDED_OVER = (Commodity.DRUGS, Commodity.PRECURSORS, Commodity.WEAPONS, Commodity.NUCLEAR)


# --- the ground truth ---------------------------------------------------------------------


@dataclass(frozen=True)
class Planted:
    """One planted goods line of the scenario, as ``answers.json`` gives it."""

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
    actual_hs_code: str
    person: dict[str, str] | None


def compact(identifier: str) -> str:
    """Letters and digits only, upper case: ``99-DL-763`` and ``99 DL 763`` are ``99DL763``.

    >>> compact("35 tzu 566")
    '35TZU566'
    """
    return re.sub(r"[^0-9A-Z]", "", identifier.upper())


@dataclass
class Answers:
    """The planted items, found by what a task targets, and the persons of interest."""

    planted: list[Planted]
    persons: dict[str, dict[str, Any]]
    by_key: dict[tuple[str, ...], Planted] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.planted:
            self.by_key[("cargo_unit", item.voyage_number, compact(item.cargo_unit_id))] = item
            self.by_key[
                ("consignment", item.voyage_number, item.document_number, str(item.item_number))
            ] = item
            if item.person and item.person.get("passport_number"):
                passport = item.person["passport_number"]
                self.by_key[("person", item.voyage_number, passport)] = item

    def of_task(self, task: TargetingTask) -> Planted | None:
        """The planted item the task's record is, or carries; None when it is clean."""
        number = task.voyage.number
        if task.cargo_unit_id:
            return self.by_key.get(("cargo_unit", number, compact(task.cargo_unit.identifier)))
        if task.consignment_id:
            item = task.consignment
            key = ("consignment", number, item.document.number, str(item.item_number))
            return self.by_key.get(key)
        if task.person_id:
            return self.by_key.get(("person", number, task.person.document_number))
        return None


def load_answers(path: Path) -> Answers:
    document = json.loads(path.read_text(encoding="utf-8"))
    planted = [
        Planted(
            category=item["category"],
            scenario=item["scenario"],
            innocent=bool(item["innocent"]),
            voyage_number=item["voyage_number"],
            document_number=item["document_number"],
            item_number=int(item["item_number"]),
            cargo_unit_id=item["cargo_unit_id"],
            declared_hs_code=item.get("declared_hs_code") or "",
            declared_description=item.get("declared_description") or "",
            actual=item["actual"],
            actual_hs_code=item.get("actual_hs_code") or "",
            person=item.get("person"),
        )
        for item in document.get("planted", [])
    ]
    persons = {person["key"]: person for person in document.get("persons_of_interest", [])}
    return Answers(planted, persons)


# --- what an inspection of a planted item finds -------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What officers record for one kind of planted item: a seizure, or a discrepancy."""

    commodity: str = ""
    drug_type: str = ""
    concealment: str = Concealment.MISDECLARED
    concealment_place: str = ""
    quantity_unit: str = QuantityUnit.KG
    discrepancy: str = ""
    kind: str = InspectionKind.PHYSICAL

    @property
    def is_seizure(self) -> bool:
        return bool(self.commodity)


DRUGS, WEAPONS = Commodity.DRUGS, Commodity.WEAPONS
OUTCOMES: dict[str, Outcome] = {
    "heroin_in_truck_cavity": Outcome(
        DRUGS, DrugType.HEROIN, Concealment.VEHICLE_CAVITY, "welded cavity under the trailer floor"
    ),
    "opium_in_tomatoes": Outcome(
        DRUGS, DrugType.OPIUM, Concealment.INSIDE_GOODS, "vacuum packs inside tomato crates"
    ),
    "cocaine_in_bananas": Outcome(
        DRUGS, DrugType.COCAINE, Concealment.MIXED_WITH_CARGO, "bricks among banana boxes"
    ),
    "acetic_anhydride_as_acetic_acid": Outcome(Commodity.PRECURSORS),
    "potassium_permanganate_as_water_treatment": Outcome(Commodity.PRECURSORS),
    "ephedrine_as_vitamins": Outcome(Commodity.PRECURSORS),
    "pistols_as_toys": Outcome(
        WEAPONS, "", Concealment.MIXED_WITH_CARGO, "among toy cartons", QuantityUnit.PIECES
    ),
    "ammunition_in_auto_parts": Outcome(WEAPONS, quantity_unit=QuantityUnit.ROUNDS),
    "reactor_parts_as_metal_parts": Outcome(Commodity.STRATEGIC, quantity_unit=QuantityUnit.KG),
    "cnc_machine_as_equipment": Outcome(Commodity.STRATEGIC, quantity_unit=QuantityUnit.PIECES),
    "source_in_scrap_metal": Outcome(
        Commodity.NUCLEAR,
        concealment=Concealment.INSIDE_GOODS,
        concealment_place="inside the scrap load",
        quantity_unit=QuantityUnit.PIECES,
        kind=InspectionKind.RADIATION,
    ),
    "gamma_source_as_xray_equipment": Outcome(
        Commodity.NUCLEAR, quantity_unit=QuantityUnit.PIECES, kind=InspectionKind.RADIATION
    ),
    "cigarettes_as_napkins": Outcome(Commodity.TOBACCO, quantity_unit=QuantityUnit.STICKS),
    "cigarettes_as_cigarette_paper": Outcome(
        Commodity.TOBACCO,
        concealment=Concealment.MIXED_WITH_CARGO,
        concealment_place="behind a front row of paper cartons",
        quantity_unit=QuantityUnit.STICKS,
    ),
    "smartphones_as_parts": Outcome(discrepancy=DiscrepancyKind.DESCRIPTION),
    "undervaluation": Outcome(discrepancy=DiscrepancyKind.VALUE),
}
# A planted kind this module does not know yet is still found: as undeclared goods.
UNKNOWN_OUTCOME = Outcome(discrepancy=DiscrepancyKind.UNDECLARED)

KILOGRAMS = re.compile(r"(\d+(?:\.\d+)?) kg\b")
THOUSANDS = re.compile(r"(\d+) thousand\b")
LEADING_COUNT = re.compile(r"^(?:about )?(\d+) ")


def seized_quantity(item: Planted, outcome: Outcome, goods: Consignment | None) -> Decimal:
    """How much was seized: as the answer words it, else from the declared goods line.

    >>> item = Planted("drugs", "x", False, "V", "D", 1, "C", "", "", "about 21 kg of heroin", "", None)
    >>> seized_quantity(item, OUTCOMES["heroin_in_truck_cavity"], None)
    Decimal('21')
    """  # noqa: E501
    text = item.actual
    if outcome.quantity_unit == QuantityUnit.KG and (match := KILOGRAMS.search(text)):
        return Decimal(match.group(1))
    if outcome.quantity_unit in (QuantityUnit.STICKS, QuantityUnit.ROUNDS):
        if match := THOUSANDS.search(text):
            return Decimal(match.group(1)) * 1000
    if outcome.quantity_unit == QuantityUnit.PIECES and (match := LEADING_COUNT.search(text)):
        return Decimal(match.group(1))
    packages = Decimal(goods.packages or 1) if goods is not None else Decimal(1)
    if outcome.quantity_unit == QuantityUnit.STICKS:
        return packages * STICKS_PER_CASE
    if outcome.quantity_unit == QuantityUnit.KG and goods is not None:
        return goods.net_weight_kg or goods.gross_weight_kg or packages
    if outcome.quantity_unit == QuantityUnit.ROUNDS:
        return packages * 1000
    return Decimal(1)


# --- the people of a unit -----------------------------------------------------------------


@dataclass
class Staff:
    """Who works the queue in a unit, and the law-enforcement partner at hand."""

    unit: Unit
    analyst: User
    officer: User
    supervisor: User
    border_service: Agency | None
    partner_officer: User | None
    receiver: Agency | None  # who takes seized drugs and weapons: police, else border service

    @classmethod
    def of(cls, unit: Unit) -> Staff:
        members = {
            role: User.objects.filter(unit=unit, role=role, is_active=True).order_by("pk").first()
            for role in (Role.ANALYST, Role.OFFICER, Role.SUPERVISOR)
        }
        if None in members.values():
            raise LookupError(f"{unit.code} needs an analyst, an officer and a supervisor")
        partners = Agency.objects.filter(country=unit.agency.country).order_by("code")
        border = partners.filter(kind=AgencyKind.BORDER_SERVICE).first()
        police = partners.filter(kind=AgencyKind.POLICE).first()
        partner_officers = User.objects.filter(agency=border, role=Role.PARTNER, is_active=True)
        # The demo's border service has an "officer" login among others: that one searches.
        partner_officer = (
            min(partner_officers, key=lambda user: ("officer" not in user.username, user.username))
            if border and partner_officers
            else None
        )
        return cls(
            unit=unit,
            analyst=members[Role.ANALYST],  # type: ignore[arg-type]
            officer=members[Role.OFFICER],  # type: ignore[arg-type]
            supervisor=members[Role.SUPERVISOR],  # type: ignore[arg-type]
            border_service=border,
            partner_officer=partner_officer,
            receiver=police or border,
        )

    def team(self, *, with_partner: bool) -> tuple[list[User], list[Agency]]:
        """The officer, and the border service's officer when it takes part."""
        if with_partner and self.border_service and self.partner_officer:
            return [self.officer, self.partner_officer], [self.border_service]
        return [self.officer], []


# --- summary ------------------------------------------------------------------------------


@dataclass
class UnitWork:
    """What the demo recorded in one unit, for the demo's printout."""

    unit: str
    skipped: bool = False
    inspections: int = 0
    seizures: int = 0
    positive: int = 0
    negative: int = 0
    open_tasks: int = 0

    def summary_line(self) -> str:
        if self.skipped:
            return f"{self.unit}: inspections already recorded, nothing added"
        return (
            f"{self.unit}: {self.inspections} inspections, {self.seizures} seizures, "
            f"tasks closed {self.positive} positive / {self.negative} negative, "
            f"{self.open_tasks} left open"
        )


# --- the work -----------------------------------------------------------------------------


def create_demo_inspections(
    answers_path: Path, *, seed: int = 2026, elsewhere: Collection[str] = ()
) -> list[UnitWork]:
    """Work the queues of the demo units; units with inspections already are left alone.

    ``elsewhere`` names demo units run by another node: what arrives there is theirs to inspect.
    """
    answers = load_answers(answers_path)
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=DEMO_UNITS)}
    queues = {code: _new_tasks(unit) for code, unit in units.items()}
    owners = _owners(queues, answers, frozenset(elsewhere))
    done = []
    for code in DEMO_UNITS:
        unit = units.get(code)
        if unit is None:
            continue
        if Inspection.objects.filter(unit=unit).exists():
            done.append(UnitWork(code, skipped=True))
            continue
        rng = random.Random(f"{seed}:{code}")
        # All or nothing per unit: a half-worked unit would be skipped by the next run.
        with transaction.atomic():
            work = _work_unit(Staff.of(unit), queues[code], answers, owners, rng)
        done.append(work)
    return done


def _new_tasks(unit: Unit) -> list[TargetingTask]:
    """The unit's new tasks in the inspection lanes, highest score first."""
    return list(
        TargetingTask.objects.filter(unit=unit, status=TaskStatus.NEW)
        .exclude(lane=Lane.GREEN)
        .select_related("unit", "voyage", "cargo_unit", "consignment__document", "person")
        .order_by("-score", "pk")
    )


def _owners(
    queues: dict[str, list[TargetingTask]], answers: Answers, elsewhere: frozenset[str]
) -> dict[int, str]:
    """The unit that works each planted item selected anywhere: its arrival port's, if selected."""
    selected: dict[int, list[tuple[str, TargetingTask]]] = {}
    for code, tasks in queues.items():
        for task in tasks:
            item = answers.of_task(task)
            if item is not None:
                selected.setdefault(id(item), []).append((code, task))
    owners = {}
    for key, found in selected.items():
        arriving = [code for code, task in found if task.voyage.arrival_port == task.unit.locode]
        destination = found[0][1].voyage.arrival_port
        if arriving:
            owners[key] = arriving[0]
        elif destination in elsewhere:
            # The arrival unit works on another node: this one alerts it instead of inspecting.
            owners[key] = destination
        else:
            owners[key] = found[0][0]
    return owners


def _work_unit(
    staff: Staff,
    tasks: list[TargetingTask],
    answers: Answers,
    owners: dict[int, str],
    rng: random.Random,
) -> UnitWork:
    work = UnitWork(staff.unit.code)
    hits, misses, randoms = [], [], []
    for task in tasks:
        item = answers.of_task(task)
        if item is not None and not item.innocent:
            if owners.get(id(item)) == staff.unit.code:
                hits.append((task, item))
        elif task.is_random:
            randoms.append(task)
        else:
            misses.append(task)
    for task, item in hits:
        _inspect_hit(staff, task, item, answers, rng, work)
    # The lowest scores wait, as a working day ends with a few tasks open; at least half of
    # the misses are closed, so that the targeted hit rate has its negatives.
    left_open = list(reversed(misses))[: min(len(OPEN_STATES), len(misses) // 2)]
    for task in misses + randoms:
        if task not in left_open:
            _inspect_clean(staff, task, rng, work)
    for task, state in zip(left_open, OPEN_STATES, strict=False):
        _leave_open(staff, task, state, rng)
        work.open_tasks += 1
    if staff.unit.code == VESSEL_SEARCH_UNIT:
        _search_ferry(staff, rng, work)
    return work


def _claim_and_order(
    staff: Staff,
    task: TargetingTask,
    kind: str,
    rng: random.Random,
    *,
    with_partner: bool = False,
    notes: str = "",
) -> Inspection:
    """Claim the task (the analyst or the officer) and order its inspection."""
    claimer = rng.choice([staff.analyst, staff.officer])
    task = targeting.claim_task(task, by=claimer, version=task.version)
    team, agencies = staff.team(with_partner=with_partner)
    plan = actions.InspectionPlan(kind=kind, team=team, agencies=agencies, notes=notes)
    return actions.order_inspection(
        unit=staff.unit, by=claimer, plan=plan, task=task, task_version=task.version
    )


def _lane_kind(task: TargetingTask) -> str:
    """Red is a physical examination; yellow and blue start from the documents."""
    return InspectionKind.PHYSICAL if task.lane == Lane.RED else InspectionKind.DOCUMENTARY


def _seals(cargo_unit: CargoUnit | None) -> str:
    return (
        SealState.AS_DECLARED
        if cargo_unit is not None and cargo_unit.seals
        else SealState.NOT_CHECKED
    )


def _inspect_clean(staff: Staff, task: TargetingTask, rng: random.Random, work: UnitWork) -> None:
    """A miss or a random selection: examined, found as declared, the task closed negative."""
    notes = "Selected at random: examine as fully as a targeted one." if task.is_random else ""
    kind = InspectionKind.SCANNER if task.is_random and task.lane == Lane.RED else _lane_kind(task)
    inspection = _claim_and_order(staff, task, kind, rng, notes=notes)
    inspection = actions.start_inspection(inspection, by=staff.officer, version=inspection.version)
    actions.complete_inspection(
        inspection,
        by=staff.officer,
        version=inspection.version,
        result=InspectionResult.NOTHING_FOUND,
        seal_state=_seals(inspection.cargo_unit),
        notes="Goods, packages and weights as declared.",
    )
    work.inspections += 1
    work.negative += 1


def _leave_open(staff: Staff, task: TargetingTask, state: str, rng: random.Random) -> None:
    """Leave a task as the day leaves it: inspection under way, ordered, claimed or new."""
    if state == "new":
        return
    if state == "claimed":
        targeting.claim_task(task, by=staff.analyst, version=task.version)
        return
    inspection = _claim_and_order(
        staff, task, _lane_kind(task), rng, with_partner=True, notes="Joint check at the gate."
    )
    if state == "in_progress":
        actions.start_inspection(inspection, by=staff.officer, version=inspection.version)


def _goods_line(unit: Unit, item: Planted) -> Consignment | None:
    return (
        Consignment.objects.filter(
            unit=unit,
            document__voyage__number=item.voyage_number,
            document__number=item.document_number,
            document__is_current=True,
            item_number=item.item_number,
        )
        .order_by("-pk")
        .first()
    )


def _inspect_hit(
    staff: Staff,
    task: TargetingTask,
    item: Planted,
    answers: Answers,
    rng: random.Random,
    work: UnitWork,
) -> None:
    """A planted item found: a seizure (handed over when it is a police matter) or a finding."""
    outcome = OUTCOMES.get(item.scenario, UNKNOWN_OUTCOME)
    kind = outcome.kind if outcome.is_seizure else _lane_kind(task)
    inspection = _claim_and_order(
        staff, task, kind, rng, with_partner=outcome.commodity in HANDED_OVER
    )
    inspection = actions.start_inspection(inspection, by=staff.officer, version=inspection.version)
    seal_state, seals_found = _seals(inspection.cargo_unit), ""
    if item.scenario == "cocaine_in_bananas" and inspection.cargo_unit is not None:
        # The planted container carries a second seal not in the carrier's format.
        seal_state = SealState.DIFFERENT
        declared = ", ".join(inspection.cargo_unit.seals)
        seals_found = f"{declared}, X{rng.randint(100000, 999999)}".lstrip(", ")
    if outcome.is_seizure:
        seizure = _record_seizure(staff, inspection, item, outcome, answers)
        result = InspectionResult.SEIZURE
        work.seizures += 1
    else:
        actions.record_finding(
            inspection, by=staff.officer, kind=outcome.discrepancy, description=_found(item)
        )
        seizure, result = None, InspectionResult.DISCREPANCY
    inspection.refresh_from_db()
    actions.complete_inspection(
        inspection,
        by=staff.officer,
        version=inspection.version,
        result=result,
        seal_state=seal_state,
        seals_found=seals_found,
        notes=_found(item),
    )
    if seizure is not None and outcome.commodity in HANDED_OVER:
        _hand_over(staff, seizure)
    work.inspections += 1
    work.positive += 1


def _found(item: Planted) -> str:
    """``Acetic anhydride ...; declared as ACETIC ACID 99.8% (HS 291521).``"""
    actual = item.actual[:1].upper() + item.actual[1:]
    declared = item.declared_description or "—"
    hs_code = f" (HS {item.declared_hs_code})" if item.declared_hs_code else ""
    return f"{actual}; declared as {declared}{hs_code}."


def _record_seizure(
    staff: Staff, inspection: Inspection, item: Planted, outcome: Outcome, answers: Answers
) -> Seizure:
    goods = _goods_line(staff.unit, item)
    fields = seizure_actions.inspection_defaults(inspection)
    fields.update(
        seized_at=timezone.now(),
        category=outcome.commodity,
        drug_type=outcome.drug_type,
        description=_found(item),
        hs_code=item.actual_hs_code,
        quantity=seized_quantity(item, outcome, goods),
        quantity_unit=outcome.quantity_unit,
        concealment=outcome.concealment,
        concealment_place=outcome.concealment_place,
        arrested=_arrested(inspection.voyage, item, answers, outcome),
    )
    return seizure_actions.record_seizure(
        unit=staff.unit, fields=fields, by=staff.officer, inspection=inspection
    )


def _arrested(
    voyage: Voyage, item: Planted, answers: Answers, outcome: Outcome
) -> list[dict[str, str]]:
    """The driver who carried drugs or weapons is arrested; a consignee far away is not."""
    person = item.person or {}
    if person.get("role") != "driver" or outcome.commodity not in (DRUGS, WEAPONS):
        return []
    aboard = Person.objects.filter(
        voyage=voyage, document_number=person.get("passport_number", "")
    ).first()
    if aboard is not None:
        return [_detained(aboard)]
    known = answers.persons.get(person.get("key", ""), {})
    return [
        {
            "name": person.get("passport_name", ""),
            "nationality": known.get("nationality", ""),
            "born": known.get("date_of_birth", ""),
            "document": person.get("passport_number", ""),
        }
    ]


def _detained(person: Person) -> dict[str, str]:
    """A person of the crew or passenger list as the seizure names the people arrested."""
    return {
        "name": str(person),
        # Lists give ISO alpha-2 or alpha-3; the seizure keeps alpha-2 only.
        "nationality": person.nationality if len(person.nationality) == 2 else "",
        "born": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "document": person.document_number,
    }


def _hand_over(staff: Staff, seizure: Seizure) -> None:
    """The seized goods go to the police, or the border service, with the case."""
    if staff.receiver is None:
        return
    receiver = (
        f"{staff.partner_officer.get_username()}, {staff.receiver.name}"
        if staff.partner_officer and staff.partner_officer.agency_id == staff.receiver.pk
        else f"duty officer, {staff.receiver.name}"
    )
    seizure_actions.hand_over_seizure(
        seizure,
        to_agency=staff.receiver,
        handed_over_at=timezone.now(),
        received_by=receiver,
        by=staff.officer,
        note="Sealed evidence bags, weighed and photographed before the handover.",
    )


# --- the ferry search ---------------------------------------------------------------------

VESSEL_AREAS = (
    SearchAreaKind.ENGINE_ROOM,
    SearchAreaKind.CREW_QUARTERS,
    SearchAreaKind.STORES,
    SearchAreaKind.VOIDS,
)
ENGINE_ROOM_FINDING = (
    "Packages wrapped in black tape behind a loose insulation panel next to the auxiliary "
    "engine; not on the crew's declaration of effects."
)


def _ferry_to_search(unit: Unit, rng: random.Random) -> Voyage | None:
    """A ferry arriving at the unit's port (any voyage of the unit if none arrives)."""
    voyages = Voyage.objects.filter(unit=unit).order_by("arrival_time", "number")
    arriving = list(voyages.filter(arrival_port=unit.locode, transport_mode="ferry"))
    candidates = arriving or list(voyages)
    return rng.choice(candidates) if candidates else None


def _search_ferry(staff: Staff, rng: random.Random, work: UnitWork) -> None:
    """Search a ferry with the border service: areas ticked, heroin behind an engine-room panel.

    1. The officer orders a vessel search of the voyage with the border service and four areas.
    2. Crew quarters and stores are searched by the officer; the voids stay for the next call.
    3. The border service's officer searches the engine room and records the finding there.
    4. The seizure is recorded with its place in the engine room, the photo attached to it.
    5. The result is recorded and the heroin handed to the border service.
    """
    voyage = _ferry_to_search(staff.unit, rng)
    if voyage is None:
        return
    team, agencies = staff.team(with_partner=True)
    inspection = actions.order_inspection(
        unit=staff.unit,
        by=staff.supervisor,
        plan=actions.InspectionPlan(
            kind=InspectionKind.PHYSICAL,
            team=team,
            agencies=agencies,
            notes="Joint search with the border service on arrival, crew mustered first.",
            areas=VESSEL_AREAS,
        ),
        target=InspectionTarget.VESSEL,
        record=voyage,
    )
    areas = {area.kind: area for area in inspection.areas.all()}
    searcher = staff.partner_officer or staff.officer
    for kind, by, searched, notes in (
        (SearchAreaKind.CREW_QUARTERS, staff.officer, True, "Nothing found."),
        (SearchAreaKind.STORES, staff.officer, True, "Bonded store sealed and as listed."),
        (SearchAreaKind.VOIDS, staff.officer, False, "Tanks full: to be checked next call."),
        (SearchAreaKind.ENGINE_ROOM, searcher, True, ""),
    ):
        area = areas[kind]
        inspection.refresh_from_db()
        spots = range(len(area.checklist)) if searched else range(2)
        actions.tick_area(
            area,
            by=by,
            version=inspection.version,
            searched=searched,
            checked_spots=spots,
            notes=notes,
        )
    engine_room = areas[SearchAreaKind.ENGINE_ROOM]
    actions.record_finding(
        inspection,
        by=searcher,
        kind=DiscrepancyKind.UNDECLARED,
        description=ENGINE_ROOM_FINDING,
        area=engine_room,
    )
    seizure = _engine_room_seizure(staff, inspection, engine_room, rng)
    actions.add_attachment(
        inspection,
        by=searcher,
        upload=ContentFile(demo_photo(), name="engine-room-panel.png"),
        caption="Packages behind the insulation panel, as found",
        area=engine_room,
        seizure=seizure,
    )
    inspection.refresh_from_db()
    actions.complete_inspection(
        inspection,
        by=staff.officer,
        version=inspection.version,
        result=InspectionResult.SEIZURE,
        notes="Crew member detained; the vessel released after the search.",
    )
    _hand_over(staff, seizure)
    # The laboratory weighs the packages without their wrapping: the record is corrected.
    seizure_actions.correct_seizure(
        seizure,
        {"quantity": seizure.quantity - Decimal("0.4")},
        by=staff.supervisor,
        version=seizure.version,
        comment="Net weight from the laboratory, without the wrapping.",
    )
    work.inspections += 1
    work.seizures += 1


def _engine_room_seizure(
    staff: Staff, inspection: Inspection, engine_room: SearchArea, rng: random.Random
) -> Seizure:
    fields = seizure_actions.inspection_defaults(inspection)
    packages = rng.randint(8, 16)
    fields.update(
        seized_at=timezone.now(),
        category=Commodity.DRUGS,
        drug_type=DrugType.HEROIN,
        description=f"Heroin in {packages} packages wrapped in black tape.",
        hs_code="293911",
        quantity=Decimal(packages) * Decimal("0.5") + Decimal("0.4"),
        quantity_unit=QuantityUnit.KG,
        concealment=Concealment.VESSEL_STRUCTURE,
        search_area=engine_room,
        concealment_place="behind a loose insulation panel next to the auxiliary engine",
        arrested=_crew_member(inspection.voyage, rng),
    )
    return seizure_actions.record_seizure(
        unit=staff.unit, fields=fields, by=staff.officer, inspection=inspection
    )


def _crew_member(voyage: Voyage, rng: random.Random) -> list[dict[str, str]]:
    """A crew member of the voyage (as its crew list names them), detained."""
    crew = list(Person.objects.filter(voyage=voyage, role="crew").order_by("pk"))
    if not crew:
        return []
    return [_detained(rng.choice(crew))]


def demo_photo(width: int = 96, height: int = 64) -> bytes:
    """A small PNG drawn here (a grey panel, dark packages): a real image without a camera."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type 0 for every scanline
        for x in range(width):
            package = 20 <= x < 76 and 18 <= y < 50 and (x // 8 + y // 8) % 2 == 0
            shade = 40 if package else 150 + (x + y) % 40
            row += bytes((shade, shade, shade + 10 if not package else shade))
        rows.append(bytes(row))
    return _png(width, height, b"".join(rows))


def _png(width: int, height: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
