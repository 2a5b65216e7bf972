"""``portcontrol exchange_partner add --json FILE --inbox-url URL``: register a partner node."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.exchange.actions import ExchangeError, register_partner


class Command(BaseCommand):
    help = "Register a partner node from its public document, or replace its keys and address."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        add = sub.add_parser("add", help="register or update a partner")
        add.add_argument("--json", required=True, help="the partner's public document")
        add.add_argument("--inbox-url", required=True)
        add.add_argument("--name", default="")
        add.add_argument("--country", default="")
        add.add_argument("--inactive", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["json"]).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"--json: cannot read {options['json']}: {error.strerror}") from None
        try:
            partner = register_partner(
                by=None,
                document=text,
                name=options["name"],
                country=options["country"],
                inbox_url=options["inbox_url"],
                active=not options["inactive"],
            )
        except ExchangeError as error:
            raise CommandError(f"{error.field}: {error}") from None
        self.stdout.write(f"partner {partner.node_id} registered at {partner.inbox_url}")
