"""``portcontrol exchange_deliver [--loop]``: post the due outbox deliveries to partner nodes."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from portcontrol.exchange.actions import deliver_due


class Command(BaseCommand):
    help = "Deliver what is due in the outbox once, or keep doing so with --loop."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="repeat until stopped")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between passes")
        parser.add_argument("--limit", type=int, help="attempt at most this many per pass")
        parser.add_argument(
            "--retry-now", action="store_true", help="attempt queued deliveries without waiting"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            run = deliver_due(limit=options["limit"], retry_now=options["retry_now"])
            self.stdout.write(
                f"attempted {run.attempted}, delivered {run.delivered}, "
                f"retrying {run.retrying}, failed {run.failed}"
            )
            if not options["loop"]:
                return
            time.sleep(options["interval"])
