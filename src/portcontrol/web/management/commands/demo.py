"""`portcontrol demo`: the Caspian demo on one machine, from an empty database to a served app.

Steps:
1. create the demo agencies, units and users (kept when they exist);
2. generate the Caspian scenario into --scenario-dir unless it is there already;
3. activate demo risk profiles and a watch list (approved by a second person);
4. ingest every manifest into the units of its ports (importing twice changes nothing);
5. work the targeting queues of Kuryk and Alyat: inspections, seizures, a ferry search (once);
6. print the address and the logins;
7. start the background worker and serve the web app until interrupted.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from portcontrol.accounts.demo import create_demo_organisation
from portcontrol.accounts.models import Unit, User


class Command(BaseCommand):
    help = "Set up the Caspian demo (units, users, scenario, imports), start the worker, serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario-dir", default="var/demo")
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("PORTCONTROL_DEMO_PASSWORD", "caspian-demo")
        logins = create_demo_organisation(password)
        scenario_dir = Path(options["scenario_dir"])
        self._generate(scenario_dir, options["days"], options["seed"])
        self._targeting_rules(scenario_dir)
        self._ingest(scenario_dir)
        self._inspections(scenario_dir, options["seed"])
        address = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(f"\nPortControl demo: {address}"))
        self.stdout.write(f"Password for every demo user: {password}")
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.where:<24} {login.role}")
        if options["no_serve"]:
            return
        self._serve(options["host"], options["port"])

    def _generate(self, scenario_dir: Path, days: int, seed: int) -> None:
        if (scenario_dir / "manifest.json").exists():
            self.stdout.write(f"Scenario already in {scenario_dir}")
            return
        from portcontrol.core.scenario.cli import run_scenario_command

        # The demo's traffic is the week up to today, so dashboards and default periods show it.
        start = date.today() - timedelta(days=days - 1)
        run_scenario_command(
            [
                "caspian",
                "--days",
                str(days),
                "--seed",
                str(seed),
                "--start",
                start.isoformat(),
                "--out",
                str(scenario_dir),
            ]
        )

    def _targeting_rules(self, scenario_dir: Path) -> None:
        """Profiles and a watch list per customs service, active before the first import."""
        from portcontrol.accounts.models import Agency
        from portcontrol.targeting.demo import create_demo_profiles, create_demo_watch_list

        for agency in Agency.objects.filter(kind="customs"):
            profiles = create_demo_profiles(agency)
            entries = create_demo_watch_list(agency, scenario_dir / "answers.json")
            self.stdout.write(f"  {agency.code}: {profiles} profiles, {entries} watch-list entries")

    def _ingest(self, scenario_dir: Path) -> None:
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
                self.stdout.write(f"  {unit.code} {path.name}: {result.summary_line()}")

    def _inspections(self, scenario_dir: Path, seed: int) -> None:
        """A working day in Kuryk and Alyat: tasks claimed, inspected, seizures recorded."""
        from portcontrol.inspections.demo import create_demo_inspections

        for work in create_demo_inspections(scenario_dir / "answers.json", seed=seed):
            self.stdout.write(f"  {work.summary_line()}")

    def _serve(self, host: str, port: int) -> None:
        worker = subprocess.Popen([sys.executable, "-m", "portcontrol.cli", "db_worker"])
        # A terminated demo must not leave its worker behind: turn SIGTERM into a clean exit.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
