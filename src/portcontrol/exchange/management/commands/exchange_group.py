"""``portcontrol exchange_group --code CODE --partner NODE``: configure a closed user group."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.models import Agency, Unit
from portcontrol.exchange.actions import ExchangeError, save_group


class Command(BaseCommand):
    help = (
        "Create or change a closed user group: its partner nodes, units, agencies and whether "
        "personal data may travel."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--partner", action="append", default=[], help="a member node id")
        parser.add_argument("--unit", action="append", default=[], help="a member unit code")
        parser.add_argument(
            "--agency", action="append", default=[], help="a member agency code (e.g. KZ-BS)"
        )
        parser.add_argument(
            "--personal-data", choices=["allowed", "forbidden"], default="forbidden"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        units = list(Unit.objects.filter(code__in=options["unit"]))
        missing = set(options["unit"]) - {unit.code for unit in units}
        if missing:
            raise CommandError(f"--unit: no unit {', '.join(sorted(missing))}")
        agencies = list(Agency.objects.filter(code__in=options["agency"]))
        missing = set(options["agency"]) - {agency.code for agency in agencies}
        if missing:
            raise CommandError(f"--agency: no agency {', '.join(sorted(missing))}")
        try:
            group = save_group(
                by=None,
                code=options["code"],
                name=options["name"] or options["code"],
                personal_data_allowed=options["personal_data"] == "allowed",
                partner_ids=options["partner"],
                units=units,
                agencies=agencies,
            )
        except ExchangeError as error:
            raise CommandError(f"{error.field}: {error}") from None
        self.stdout.write(f"group {group.code} saved")
