"""One 7-day scenario per test session: generating it takes about a second, writing two."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portcontrol.core.formats import read_manifest
from portcontrol.core.records import Manifest
from portcontrol.core.scenario import Scenario, generate_caspian, write_scenario


@pytest.fixture(scope="session")
def week() -> Scenario:
    return generate_caspian(days=7, seed=11)


@pytest.fixture(scope="session")
def written_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("caspian")
    write_scenario(generate_caspian(days=7, seed=11), out)
    return out


@pytest.fixture(scope="session")
def read_back(written_week: Path) -> dict[str, Manifest]:
    """Every written file read back through the product's own readers, by file name."""
    index = json.loads((written_week / "manifest.json").read_text("utf-8"))
    return {
        entry["file"]: read_manifest(
            (written_week / entry["file"]).read_bytes(), name=entry["file"]
        )
        for entry in index["files"]
    }
