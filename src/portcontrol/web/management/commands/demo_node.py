"""`portcontrol demo_node`: one node's part of the Caspian demo, run in that node's environment.

``setup`` fills the node's database: the country's agencies, units and users (``--country all``
puts both countries in one database, with the inspections, as a single-node demo), the
scenario's manifests for its units, and with ``--peer-document`` the other country's node and
the closed user groups. ``round`` runs one round of the exchange between the two nodes
(:mod:`portcontrol.exchange.demo`). Both can run twice without adding anything.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.demo import create_demo_organisation
from portcontrol.web import demo

ROUND_NAMES = ("alerts", "answers", "results")


class Command(BaseCommand):
    help = "Set up this node's part of the Caspian demo, or run one round of its exchange."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=["setup", "round"])
        parser.add_argument("--country", required=True, choices=["KZ", "AZ", "all"])
        parser.add_argument("--scenario-dir", default="var/demo")
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--peer-document", help="the other node's public key document")
        parser.add_argument("--peer-inbox-url", help="the other node's inbox")
        parser.add_argument("--round", choices=ROUND_NAMES, help="which round (step round)")

    def handle(self, *args: Any, **options: Any) -> None:
        scenario_dir = Path(options["scenario_dir"])
        if options["step"] == "setup":
            self._setup(scenario_dir, options)
        else:
            self._round(scenario_dir, options)

    def _say(self, line: str) -> None:
        self.stdout.write(line)

    def _setup(self, scenario_dir: Path, options: dict[str, Any]) -> None:
        country = None if options["country"] == "all" else options["country"]
        password = os.environ.get("PORTCONTROL_DEMO_PASSWORD", "caspian-demo")
        logins = create_demo_organisation(password, country=country)
        demo.generate_scenario(
            scenario_dir, days=options["days"], seed=options["seed"], say=self._say
        )
        demo.activate_targeting_rules(scenario_dir, say=self._say)
        demo.ingest_scenario(scenario_dir, say=self._say)
        if country is None:
            demo.work_inspections(scenario_dir, seed=options["seed"], say=self._say)
        elif options["peer_document"]:
            self._configure_exchange(country, options)
        self.stdout.write(f"Password for every demo user: {password}")
        for login in logins:
            self.stdout.write(f"  {login.username:<20} {login.where:<24} {login.role}")

    def _configure_exchange(self, country: str, options: dict[str, Any]) -> None:
        from portcontrol.exchange.demo import configure_exchange

        if not options["peer_inbox_url"]:
            raise CommandError("--peer-inbox-url: needed with --peer-document")
        try:
            document = Path(options["peer_document"]).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"--peer-document: {error.strerror}") from None
        configure_exchange(
            country, peer_document=document, peer_inbox_url=options["peer_inbox_url"],
            say=self._say,
        )  # fmt: skip

    def _round(self, scenario_dir: Path, options: dict[str, Any]) -> None:
        from portcontrol.exchange import demo as exchange_demo

        country, name = options["country"], options["round"]
        if country == "all" or name is None:
            raise CommandError("--country KZ or AZ and --round are needed for a round")
        self.stdout.write(f"Round {name} on {exchange_demo.NODES[country].node_id}:")
        if name == "alerts":
            exchange_demo.send_alerts(country, say=self._say)
        elif name == "answers":
            exchange_demo.answer_partner(country, scenario_dir, seed=options["seed"], say=self._say)
        else:
            exchange_demo.read_results(country, scenario_dir, seed=options["seed"], say=self._say)
