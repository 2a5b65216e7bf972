"""The Caspian scenario as a whole: generate it, write its files, its index and its answers.

``generate_caspian`` builds the records; ``write_scenario`` writes each voyage in its primary
manifest format plus its people list and, for ferries with containers, its bay plan, then
``manifest.json`` (which Port Control Unit ingests which file) and ``answers.json`` (the ground
truth of every planted item).
"""

from __future__ import annotations

import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from portcontrol.core.records import CargoUnitKind, Manifest, PartyRole
from portcontrol.core.scenario.generator import (
    DEFAULT_START,
    Factory,
    VoyagePlan,
    build_traffic,
    file_names,
)
from portcontrol.core.scenario.parties import Registry
from portcontrol.core.scenario.places import PCU_PORTS
from portcontrol.core.scenario.threats import (
    Answer,
    Cast,
    Fault,
    cast_persons_of_interest,
    plant_all,
    spoil_container_numbers,
)

DEFAULT_SHARE = 0.02
FORMAT_OF_CONTENT = {"people": "paxlst", "bay_plan": "baplie", "cargo_units": "csv"}


@dataclass(slots=True)
class Scenario:
    """Generated voyages with the ground truth of what was planted."""

    seed: int
    start: date
    days: int
    share: float
    plans: list[VoyagePlan]
    answers: list[Answer]
    faults: list[Fault]
    cast: Cast
    appearances: list[dict[str, str]]


def generate_caspian(
    days: int = 7, seed: int = 1, start: date = DEFAULT_START, share: float = DEFAULT_SHARE
) -> Scenario:
    """Ferry traffic of ``days`` days from ``start``; the same arguments give the same records."""
    rng = random.Random(seed)
    factory = Factory(rng, Registry(rng), start)
    cast = cast_persons_of_interest(factory)
    plans = build_traffic(rng, factory, start, days)
    answers = plant_all(plans, factory, cast, rng, share)
    faults = spoil_container_numbers(plans, answers, rng)
    for plan in plans:
        _stow_containers(plan)
        containers = any(
            unit.kind is CargoUnitKind.CONTAINER
            for shipment in plan.shipments
            for unit in shipment.cargo_units
        )
        plan.files = file_names(plan.voyage, plan.primary_format, containers)
        if plan.primary_format == "csv" and any(
            not shipment.consignments for shipment in plan.shipments
        ):
            plan.files["cargo_units"] = plan.files["cargo"].replace(".cargo.csv", ".units.csv")
    files = {plan.number: plan.files for plan in plans}
    for answer in answers:
        answer.file = files[answer.voyage_number]["cargo"]
        answer.people_file = files[answer.voyage_number]["people"] if answer.person else ""
    by_number = {plan.number: plan for plan in plans}
    for fault in faults:
        fault.file = _file_listing(by_number[fault.voyage_number], fault.cargo_unit_id)
    for appearance in factory.appearances:
        content = "cargo" if appearance["document_number"] else "people"
        appearance["file"] = files[appearance["voyage_number"]][content]
    return Scenario(seed, start, days, share, plans, answers, faults, cast, factory.appearances)


def _file_listing(plan: VoyagePlan, unit_id: str) -> str:
    """The file of the voyage that lists the cargo unit: empties may have a file of their own."""
    if "cargo_units" in plan.files:
        for shipment in plan.shipments:
            for unit in shipment.cargo_units:
                if unit.identifier == unit_id and unit.is_empty:
                    return plan.files["cargo_units"]
    return plan.files["cargo"]


def _stow_containers(plan: VoyagePlan) -> None:
    """Bay, row and tier (BBBRRTT) for each container, deck stowage as on ferries."""
    index = 0
    for shipment in plan.shipments:
        for unit in shipment.cargo_units:
            if unit.kind is CargoUnitKind.CONTAINER:
                bay = 1 + 2 * (index // 12)
                row = index % 12 // 2 + 1
                tier = 82 + 2 * (index % 2)
                unit.stowage_position = f"{bay:03d}{row:02d}{tier:02d}"
                index += 1


def _cargo_manifest(plan: VoyagePlan, full: Manifest) -> Manifest:
    return Manifest(
        format=plan.primary_format,
        voyages=full.voyages,
        documents=full.documents,
        consignments=full.consignments,
        cargo_units=full.cargo_units,
        parties=full.parties,
    )


def _stable_xlsx(data: bytes, stamp: datetime) -> bytes:
    """The workbook with fixed zip times and document dates, so equal input gives equal bytes."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                    lambda match: match.group(1) + iso,
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return buffer.getvalue()


def _edifact(writer_name: str, manifest: Manifest, plan: VoyagePlan, seed: int) -> bytes:
    """An EDIFACT interchange as the ferry agent sends it, in one of the usual character sets."""
    from portcontrol.core.formats import edifact

    writer = getattr(edifact, writer_name)
    voyage = plan.voyage
    prepared = (voyage.departure_time or datetime(2000, 1, 1)) - timedelta(hours=2)
    choice = random.Random(f"{seed}:{voyage.number}:{writer_name}")
    reference = f"{choice.randrange(10**8):08d}"
    charsets = ["UNOW", "UNOW", "UNOC", "UNOE"]
    if writer_name == "write_baplie":
        # Terminal systems send bay plans in UTF-8 or Latin-1, never in a Cyrillic set.
        charsets = ["UNOW", "UNOC"]
    choice.shuffle(charsets)
    for charset in [*charsets, "UNOW"]:
        try:
            return writer(
                manifest,
                charset=charset,
                sender=plan.vessel.code + "AGENT",
                recipient=voyage.arrival_port or "CUSTOMS",
                reference=reference,
                prepared=prepared,
            )
        except edifact.WriteError:
            continue  # a name the character set cannot carry: the agent switches to UTF-8
    raise AssertionError("UNOW carries every character")


def render_files(plan: VoyagePlan, seed: int) -> dict[str, bytes]:
    """The bytes of each file of one voyage, by file name."""
    from portcontrol.core import formats

    full = plan.manifest()
    cargo = _cargo_manifest(plan, full)
    rendered: dict[str, bytes] = {}
    primary = plan.primary_format
    if primary == "cuscar":
        rendered[plan.files["cargo"]] = _edifact("write_cuscar", cargo, plan, seed)
    elif primary == "csv":
        rendered[plan.files["cargo"]] = formats.write_csv(cargo)
    elif primary == "xlsx":
        stamp = (plan.voyage.departure_time or datetime(2000, 1, 1)) - timedelta(hours=3)
        rendered[plan.files["cargo"]] = _stable_xlsx(formats.write_xlsx(cargo), stamp)
    else:
        rendered[plan.files["cargo"]] = formats.write_json(cargo)
    if "cargo_units" in plan.files:
        empties = Manifest(
            format="csv",
            voyages=full.voyages,
            cargo_units=[unit for unit in full.cargo_units if unit.is_empty],
        )
        rendered[plan.files["cargo_units"]] = formats.write_cargo_units_csv(empties)
    people = Manifest(format="people", voyages=full.voyages, persons=full.persons)
    if plan.files["people"].endswith(".csv"):
        rendered[plan.files["people"]] = formats.write_people_csv(people)
    else:
        rendered[plan.files["people"]] = _edifact("write_paxlst", people, plan, seed)
    if "bay_plan" in plan.files:
        containers = [unit for unit in full.cargo_units if unit.kind is CargoUnitKind.CONTAINER]
        bay_plan = Manifest(format="baplie", voyages=full.voyages, cargo_units=containers)
        rendered[plan.files["bay_plan"]] = _edifact("write_baplie", bay_plan, plan, seed)
    return rendered


def content_counts(plan: VoyagePlan) -> dict[str, dict[str, int]]:
    """What each file of a voyage holds, by file name, for the summary and the index."""
    full = plan.manifest()
    units = full.cargo_units
    if "cargo_units" in plan.files:  # a consignments CSV carries only units with goods
        units = [unit for unit in units if not unit.is_empty]
    # The manifest templates carry shipper, consignee and notify party; the haulier of a
    # road consignment note is known from the truck.
    parties = [party for party in full.parties if party.role is not PartyRole.HAULIER]
    counts = {
        plan.files["cargo"]: {
            "documents": len(full.documents),
            "consignments": len(full.consignments),
            "cargo_units": len(units),
            "parties": len(parties),
        }
    }
    if "cargo_units" in plan.files:
        counts[plan.files["cargo_units"]] = {
            "cargo_units": sum(1 for unit in full.cargo_units if unit.is_empty)
        }
    counts[plan.files["people"]] = {"persons": len(full.persons)}
    if "bay_plan" in plan.files:
        counts[plan.files["bay_plan"]] = {
            "cargo_units": sum(
                1 for unit in full.cargo_units if unit.kind is CargoUnitKind.CONTAINER
            )
        }
    return counts


def index_entries(scenario: Scenario) -> list[dict[str, object]]:
    """One entry per file: its format, voyage and the units that ingest it."""
    entries: list[dict[str, object]] = []
    for plan in scenario.plans:
        voyage = plan.voyage
        units = [port for port in (voyage.departure_port, voyage.arrival_port) if port in PCU_PORTS]
        counts = content_counts(plan)
        for content, name in plan.files.items():
            file_format = plan.primary_format if content == "cargo" else FORMAT_OF_CONTENT[content]
            if content == "people" and name.endswith(".csv"):
                file_format = "csv"
            entries.append(
                {
                    "file": name,
                    "format": file_format,
                    "content": content,
                    "voyage_number": voyage.number,
                    "vessel_name": voyage.vessel_name,
                    "vessel_imo": voyage.imo,
                    "departure_port": voyage.departure_port,
                    "arrival_port": voyage.arrival_port,
                    "departure_time": f"{voyage.departure_time:%Y-%m-%dT%H:%M}",
                    "arrival_time": f"{voyage.arrival_time:%Y-%m-%dT%H:%M}",
                    "units": units,
                    "counts": counts[name],
                }
            )
    return entries


def answers_document(scenario: Scenario) -> dict[str, object]:
    """The ground truth: planted items, persons of interest and deliberate data faults."""
    lines = sum(plan.line_count() for plan in scenario.plans)
    threats = [answer for answer in scenario.answers if not answer.innocent]
    persons = []
    for person in scenario.cast.people():
        persons.append(
            {
                "key": person.key,
                "nationality": person.nationality,
                "date_of_birth": person.date_of_birth.isoformat(),
                "passport_number": person.passport_number,
                "tax_id": person.tax_id,
                "name_variants": person.full_name_variants(),
                "appearances": [
                    {key: value for key, value in appearance.items() if key != "person"}
                    for appearance in scenario.appearances
                    if appearance["person"] == person.key
                ],
            }
        )
    return {
        "scenario": _summary(scenario, lines, len(threats)),
        "planted": [answer.as_dict() for answer in scenario.answers],
        "persons_of_interest": persons,
        "data_faults": [fault.as_dict() for fault in scenario.faults],
    }


def _summary(scenario: Scenario, lines: int, threats: int) -> dict[str, object]:
    return {
        "name": "caspian",
        "seed": scenario.seed,
        "start": scenario.start.isoformat(),
        "days": scenario.days,
        "voyages": len(scenario.plans),
        "consignment_lines": lines,
        "planted_threats": threats,
        "innocent_lookalikes": len(scenario.answers) - threats,
        "planted_share": round(threats / lines, 4) if lines else 0,
    }


def _json_bytes(document: object) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_scenario(scenario: Scenario, out: Path) -> dict[str, dict[str, int]]:
    """Write every file, the index and the answers; the counts per file name are returned."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict[str, int]] = {}
    for plan in scenario.plans:
        for name, data in render_files(plan, scenario.seed).items():
            (out / name).write_bytes(data)
        written.update(content_counts(plan))
    lines = sum(plan.line_count() for plan in scenario.plans)
    index = {
        "scenario": _summary(
            scenario, lines, sum(1 for answer in scenario.answers if not answer.innocent)
        ),
        "units": list(PCU_PORTS),
        "files": index_entries(scenario),
    }
    (out / "manifest.json").write_bytes(_json_bytes(index))
    (out / "answers.json").write_bytes(_json_bytes(answers_document(scenario)))
    return written
