"""The ground truth is exact: every answer names records found in the written files.

The files are read back through the product's own readers, so an answer counts as found only
if Port Control would show the analyst that voyage, document, goods item, cargo unit and person.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portcontrol.core.formats import read_manifest
from portcontrol.core.records import Manifest
from portcontrol.core.scenario import generate_caspian, write_scenario
from portcontrol.core.validation import check_cargo_unit_id


class Written:
    """A written scenario: its answers and its files, each read back once."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.answers = json.loads((out / "answers.json").read_text("utf-8"))
        self._read: dict[str, Manifest] = {}

    def manifest(self, name: str) -> Manifest:
        if name not in self._read:
            self._read[name] = read_manifest((self.out / name).read_bytes(), name=name)
        return self._read[name]


def _same_unit(named: str, identifier: str) -> bool:
    """Whether the identifier an answer gives is the one the reader keeps ("01 AB 123")."""
    (kept, _kind), _problems = check_cargo_unit_id(named, None)
    return identifier in (named, kept)


def _planted_problems(written: Written, answer: dict[str, object]) -> list[str]:
    manifest = written.manifest(str(answer["file"]))
    where = f"{answer['scenario']} {answer['voyage_number']} {answer['document_number']}"
    problems = []
    if answer["voyage_number"] not in {voyage.number for voyage in manifest.voyages}:
        problems.append(f"{where}: voyage not in {answer['file']}")
    if answer["document_number"] not in {document.number for document in manifest.documents}:
        problems.append(f"{where}: document not in {answer['file']}")
    lines = [
        line
        for line in manifest.consignments
        if line.document_number == answer["document_number"]
        and line.item_number == answer["item_number"]
    ]
    if len(lines) != 1:
        problems.append(f"{where}: {len(lines)} goods items numbered {answer['item_number']}")
    else:
        line = lines[0]
        if (line.hs_code, line.description) != (
            answer["declared_hs_code"],
            answer["declared_description"],
        ):
            problems.append(f"{where}: declared goods differ from the file")
        if not any(_same_unit(str(answer["cargo_unit_id"]), unit) for unit in line.cargo_unit_ids):
            problems.append(f"{where}: goods item not in {answer['cargo_unit_id']}")
    units = [unit.identifier for unit in manifest.cargo_units]
    if not any(_same_unit(str(answer["cargo_unit_id"]), unit) for unit in units):
        problems.append(f"{where}: cargo unit {answer['cargo_unit_id']} not in {answer['file']}")
    person = answer["person"]
    if isinstance(person, dict):
        if person["role"] == "driver":
            persons = written.manifest(str(answer["people_file"])).persons
            found = any(
                record.voyage_number == answer["voyage_number"]
                and record.document_number == person["passport_number"]
                and f"{record.family_name} {record.given_names}" == person["spelled_as"]
                for record in persons
            )
        else:
            found = any(
                party.document_number == answer["document_number"]
                and party.name == person["spelled_as"]
                for party in manifest.parties
            )
        if not found:
            problems.append(f"{where}: {person['role']} {person['spelled_as']} not in the files")
    return problems


def _appearance_problems(written: Written, person: dict[str, object]) -> list[str]:
    problems = []
    for appearance in person["appearances"]:  # type: ignore[attr-defined]
        manifest = written.manifest(appearance["file"])
        if appearance["document_number"]:
            found = any(
                party.document_number == appearance["document_number"]
                and party.name == appearance["spelled_as"]
                for party in manifest.parties
            )
        else:
            found = any(
                record.voyage_number == appearance["voyage_number"]
                and record.document_number == person["passport_number"]
                and f"{record.family_name} {record.given_names}" == appearance["spelled_as"]
                for record in manifest.persons
            )
        if not found:
            problems.append(f"{person['key']} {appearance}: not in {appearance['file']}")
    return problems


def _fault_problems(written: Written, fault: dict[str, str]) -> list[str]:
    units = [unit.identifier for unit in written.manifest(fault["file"]).cargo_units]
    if any(_same_unit(fault["cargo_unit_id"], unit) for unit in units):
        return []
    return [f"{fault['kind']} {fault['cargo_unit_id']}: not in {fault['file']}"]


def unresolved(out: Path) -> list[str]:
    """Every answer, appearance and data fault of a written scenario that names nothing real."""
    written = Written(out)
    problems = []
    for answer in written.answers["planted"]:
        problems += _planted_problems(written, answer)
    for person in written.answers["persons_of_interest"]:
        problems += _appearance_problems(written, person)
    for fault in written.answers["data_faults"]:
        problems += _fault_problems(written, fault)
    return problems


@pytest.mark.parametrize("seed", range(1, 9))
def test_every_answer_resolves_to_written_records(seed: int, tmp_path: Path) -> None:
    scenario = generate_caspian(days=2 + seed % 2, seed=seed)
    write_scenario(scenario, tmp_path)
    assert scenario.answers and scenario.appearances
    assert unresolved(tmp_path) == []


def test_the_week_answers_resolve_to_written_records(written_week: Path) -> None:
    assert unresolved(written_week) == []


def test_a_dropped_document_is_reported(written_week: Path, tmp_path: Path) -> None:
    """The check itself finds an answer whose document was never written."""
    for path in written_week.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    answers = json.loads((tmp_path / "answers.json").read_text("utf-8"))
    answers["planted"][0]["document_number"] = "KZ0000000X"
    (tmp_path / "answers.json").write_text(json.dumps(answers), "utf-8")
    assert any("document not in" in problem for problem in unresolved(tmp_path))


@pytest.mark.parametrize("seed", range(1, 4))
def test_crowded_plants_leave_each_other_alone(seed: int) -> None:
    """At the highest share many plants share voyages and trucks; none drops another."""
    scenario = generate_caspian(days=2, seed=seed, share=0.2)
    manifests = {plan.number: plan.manifest() for plan in scenario.plans}
    heroin = [a for a in scenario.answers if a.scenario == "heroin_in_truck_cavity"]
    assert len(heroin) >= 2
    for answer in scenario.answers:
        manifest = manifests[answer.voyage_number]
        items = [
            (line.document_number, line.item_number)
            for line in manifest.consignments
            if line.document_number == answer.document_number
        ]
        assert items.count((answer.document_number, answer.item_number)) == 1, answer
    for manifest in manifests.values():
        units = [unit.identifier for unit in manifest.cargo_units]
        assert len(units) == len(set(units))
    for appearance in scenario.appearances:
        manifest = manifests[appearance["voyage_number"]]
        names = [f"{person.family_name} {person.given_names}" for person in manifest.persons]
        if appearance["document_number"]:
            names = [
                party.name
                for party in manifest.parties
                if party.document_number == appearance["document_number"]
            ]
        assert appearance["spelled_as"] in names, appearance
