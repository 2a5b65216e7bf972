"""``portcontrol exchange_send --type alert --group G --body FILE``: send a message."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.exchange.actions import ExchangeError, send_message
from portcontrol.exchange.choices import MessageKind
from portcontrol.exchange.models import ClosedUserGroup


class Command(BaseCommand):
    help = "Seal a message for partner nodes and put it in the outbox; prints the message id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--type", required=True, choices=MessageKind.values)
        parser.add_argument("--group", required=True)
        parser.add_argument("--body", required=True, help="a JSON file, or - for standard input")
        parser.add_argument("--to", action="append", help="a recipient (default: whole group)")
        parser.add_argument("--in-reply-to", type=uuid.UUID)

    def handle(self, *args: Any, **options: Any) -> None:
        group = ClosedUserGroup.objects.filter(code=options["group"]).first()
        if group is None:
            raise CommandError(f"--group: no closed user group {options['group']}")
        try:
            text = Path(options["body"]).read_text(encoding="utf-8")
            body = json.loads(text)
        except (OSError, ValueError) as error:
            raise CommandError(f"--body: {error}") from None
        try:
            message = send_message(
                kind=options["type"],
                body=body,
                group=group,
                recipients=options["to"],
                in_reply_to=options["in_reply_to"],
            )
        except ExchangeError as error:
            raise CommandError(f"{error.field}: {error}") from None
        self.stdout.write(str(message.id))
