"""Written files: byte-identical per seed, readable back, indexed for the units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portcontrol.core.records import Manifest
from portcontrol.core.scenario import generate_caspian, write_scenario
from portcontrol.core.scenario.cli import run_scenario_command


def _files(directory: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(directory.iterdir())}


def test_same_seed_writes_byte_identical_files(tmp_path: Path) -> None:
    write_scenario(generate_caspian(days=2, seed=8), tmp_path / "a")
    write_scenario(generate_caspian(days=2, seed=8), tmp_path / "b")
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert first == second
    assert {name.rsplit(".", 1)[-1] for name in first} >= {"edi", "csv", "xlsx", "json"}


def test_different_seeds_write_different_files(tmp_path: Path) -> None:
    write_scenario(generate_caspian(days=1, seed=8), tmp_path / "a")
    write_scenario(generate_caspian(days=1, seed=9), tmp_path / "b")
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_index_tells_each_unit_which_files_to_ingest(written_week: Path) -> None:
    index = json.loads((written_week / "manifest.json").read_text("utf-8"))
    formats = {entry["format"] for entry in index["files"]}
    assert {"cuscar", "paxlst", "baplie", "csv", "xlsx", "json"} <= formats
    for entry in index["files"]:
        assert (written_week / entry["file"]).exists()
        ports = {entry["departure_port"], entry["arrival_port"]}
        assert set(entry["units"]) == ports - {"TMKRW"}


def test_every_file_reads_back_without_rejected_items(
    written_week: Path, read_back: dict[str, Manifest]
) -> None:
    index = json.loads((written_week / "manifest.json").read_text("utf-8"))
    for entry in index["files"]:
        manifest = read_back[entry["file"]]
        assert manifest.rejected == [], entry["file"]
        assert manifest.format == entry["format"]
        counts = manifest.counts()
        for kind, expected in entry["counts"].items():
            assert counts[kind] == expected, (entry["file"], kind)


def test_only_listed_faults_raise_container_warnings(
    written_week: Path, read_back: dict[str, Manifest]
) -> None:
    answers = json.loads((written_week / "answers.json").read_text("utf-8"))
    faulty = {fault["cargo_unit_id"] for fault in answers["data_faults"]}
    assert faulty
    for manifest in read_back.values():
        for issue in manifest.warnings():
            if issue.code.startswith("container."):
                assert any(unit_id in issue.message for unit_id in faulty), str(issue)


def test_answers_name_files_that_exist(written_week: Path) -> None:
    answers = json.loads((written_week / "answers.json").read_text("utf-8"))
    assert answers["planted"] and answers["persons_of_interest"]
    for item in answers["planted"]:
        assert (written_week / item["file"]).exists()
        if item["person"]:
            assert (written_week / item["people_file"]).exists()
    for person in answers["persons_of_interest"]:
        for appearance in person["appearances"]:
            assert (written_week / appearance["file"]).exists()


def test_command_writes_and_summarises(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = run_scenario_command(["caspian", "--days", "1", "--seed", "2", "--out", str(tmp_path)])
    assert status == 0
    assert (tmp_path / "manifest.json").exists() and (tmp_path / "answers.json").exists()
    output = capsys.readouterr().out
    assert "consignments" in output and "answers.json" in output


def test_command_refuses_zero_days(tmp_path: Path) -> None:
    assert run_scenario_command(["caspian", "--days", "0", "--out", str(tmp_path)]) == 2
