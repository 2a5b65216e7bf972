"""`portcontrol demo`: the Caspian demo as two national nodes side by side on this machine.

Steps:
1. generate the Caspian scenario into --scenario-dir unless it is there already;
2. give each node (Kazakhstan on --port, Azerbaijan on --port + 1) its key set and database
   under --nodes-dir, migrate it, and fill it with its own country's agencies, units, users,
   rules and manifests, with the other node registered as a partner (``demo_node setup``);
3. start each node's web server and background worker;
4. run the exchange between them over HTTP (``demo_node round``): alerts from Kuryk, answers
   and inspection results from Alyat, acknowledgements back; each node works its queue;
5. print both addresses and the logins, and serve until interrupted (both nodes stop together).

Everything is kept between runs: a second run imports, inspects and sends nothing new.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.exchange.demo import NODES
from portcontrol.exchange.localnodes import LocalNode, NodeProcessError
from portcontrol.web.demo import generate_scenario

# Which node runs each round of the exchange, in order.
ROUNDS = (("KZ", "alerts"), ("AZ", "answers"), ("KZ", "results"))


class Command(BaseCommand):
    help = (
        "Set up the Caspian demo as a Kazakh and an Azerbaijani node exchanging messages, "
        "start their workers and serve both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scenario-dir", default="var/demo")
        parser.add_argument("--nodes-dir", default="var/nodes")
        parser.add_argument("--days", type=int, default=7)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000, help="the Kazakh node; +1 Azeri")
        parser.add_argument("--no-serve", action="store_true", help="set up, exchange, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        scenario_dir = Path(options["scenario_dir"]).resolve()
        generate_scenario(
            scenario_dir, days=options["days"], seed=options["seed"], say=self.stdout.write
        )
        nodes = self._nodes(Path(options["nodes_dir"]).resolve(), options)
        # A terminated demo must not leave its nodes behind: turn SIGTERM into a clean exit.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            logins = self._set_up(nodes, scenario_dir, options)
            for node in nodes.values():
                node.serve()
                node.start_worker()
            self._exchange(nodes, scenario_dir, options["seed"])
            self._print_addresses(nodes, logins)
            if not options["no_serve"]:
                self._wait(nodes)
        except NodeProcessError as error:
            raise CommandError(str(error)) from None
        finally:
            for node in nodes.values():
                node.stop()

    def _nodes(self, root: Path, options: dict[str, Any]) -> dict[str, LocalNode]:
        return {
            country: LocalNode(
                node.node_id, root / country.lower(), options["port"] + offset, host=options["host"]
            )
            for offset, (country, node) in enumerate(NODES.items())
        }

    def _set_up(
        self, nodes: dict[str, LocalNode], scenario_dir: Path, options: dict[str, Any]
    ) -> dict[str, str]:
        """Keys, database and demo data of each node; the logins each one printed."""
        for node in nodes.values():
            node.ensure_keys()
        logins = {}
        for country, node in nodes.items():
            peer = next(other for code, other in nodes.items() if code != country)
            self.stdout.write(f"\n{node.node_id}: {node.root}")
            node.run("migrate", "--no-input", "-v", "0")
            printed = node.run(
                "demo_node", "setup", "--country", country,
                "--scenario-dir", str(scenario_dir), "--seed", str(options["seed"]),
                "--days", str(options["days"]),
                "--peer-document", str(peer.public_file), "--peer-inbox-url", peer.inbox_url,
                echo=sys.stdout,
            )  # fmt: skip
            logins[country] = printed[printed.index("Password for every demo user") :]
            node.finish_background_work()
        return logins

    def _exchange(self, nodes: dict[str, LocalNode], scenario_dir: Path, seed: int) -> None:
        self.stdout.write("\nExchange between the nodes:")
        for country, name in ROUNDS:
            nodes[country].run(
                "demo_node", "round", "--country", country, "--round", name,
                "--scenario-dir", str(scenario_dir), "--seed", str(seed),
                echo=sys.stdout,
            )  # fmt: skip

    def _print_addresses(self, nodes: dict[str, LocalNode], logins: dict[str, str]) -> None:
        for country, node in nodes.items():
            self.stdout.write(
                self.style.SUCCESS(f"\nPortControl demo, node {node.node_id}: {node.address}")
            )
            self.stdout.write(logins[country].rstrip())
        self.stdout.write(
            "\nThe two nodes exchange over their inboxes; logs in "
            + ", ".join(str(node.root) for node in nodes.values())
        )

    def _wait(self, nodes: dict[str, LocalNode]) -> None:
        """Until interrupted, or until a node's process stops (the demo then stops whole)."""
        try:
            while True:
                for node in nodes.values():
                    for process in node.processes:
                        if process.poll() is not None:
                            raise CommandError(
                                f"{node.node_id}: a process stopped (exit {process.returncode});"
                                f" see the logs in {node.root}"
                            )
                time.sleep(1)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping both nodes.")
