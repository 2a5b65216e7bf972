"""The steps that fill one node's database with the Caspian demo (see ``portcontrol demo_node``).

Each step can run twice: what exists is kept, and nothing is imported or inspected again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from datetime import date, timedelta
from pathlib import Path

Say = Callable[[str], None]


def generate_scenario(scenario_dir: Path, *, days: int, seed: int, say: Say) -> None:
    """Generate the Caspian scenario unless the folder holds one already."""
    if (scenario_dir / "manifest.json").exists():
        say(f"Scenario already in {scenario_dir}")
        return
    from portcontrol.core.scenario.cli import run_scenario_command

    # The demo's traffic is the week up to today, so dashboards and default periods show it.
    start = date.today() - timedelta(days=days - 1)
    run_scenario_command(
        [
            "caspian",
            *("--days", str(days), "--seed", str(seed)),
            *("--start", start.isoformat(), "--out", str(scenario_dir)),
        ]
    )


def activate_targeting_rules(scenario_dir: Path, *, say: Say) -> None:
    """Profiles and a watch list per customs service, active before the first import."""
    from portcontrol.accounts.models import Agency
    from portcontrol.targeting.demo import create_demo_profiles, create_demo_watch_list

    for agency in Agency.objects.filter(kind="customs"):
        profiles = create_demo_profiles(agency)
        entries = create_demo_watch_list(agency, scenario_dir / "answers.json")
        say(f"  {agency.code}: {profiles} profiles, {entries} watch-list entries")


def ingest_scenario(scenario_dir: Path, *, say: Say) -> None:
    """Every manifest of the scenario into the units of its ports that this node holds."""
    from portcontrol.accounts.models import Unit, User
    from portcontrol.cargo.actions import ingest_file

    index = json.loads((scenario_dir / "manifest.json").read_text(encoding="utf-8"))
    entries = index["files"] if isinstance(index, dict) else index
    units = {unit.code: unit for unit in Unit.objects.all()}
    for entry in entries:
        path = scenario_dir / entry["file"]
        # A voyage concerns the unit at each end: both ingest its files.
        for unit in (units[code] for code in entry["units"] if code in units):
            analyst = User.objects.filter(unit=unit, role="analyst").first()
            result = ingest_file(
                unit=unit, data=path.read_bytes(), name=path.name, by=analyst, source="cli"
            )
            say(f"  {unit.code} {path.name}: {result.summary_line()}")


def work_inspections(
    scenario_dir: Path, *, seed: int, say: Say, elsewhere: Collection[str] = ()
) -> None:
    """A working day in Kuryk and Alyat: tasks claimed, inspected, seizures recorded; what
    arrives at a unit ``elsewhere`` (on the other node) is left to that unit."""
    from portcontrol.inspections.demo import create_demo_inspections

    answers = scenario_dir / "answers.json"
    for work in create_demo_inspections(answers, seed=seed, elsewhere=elsewhere):
        say(f"  {work.summary_line()}")
