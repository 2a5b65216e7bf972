"""``portcontrol exchange_keys --node KZ-KURYK --out FILE``: make this node's key set."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.core.messages import KeyMaterialError, OwnKeys, write_own_keys


class Command(BaseCommand):
    help = (
        "Generate a signing and an encryption key pair for this node, write the private key set "
        "(mode 0600) and print the public document to hand to partner nodes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--node", required=True, help="this node's id, e.g. KZ-KURYK")
        parser.add_argument("--out", required=True, help="where to write the private key set")
        parser.add_argument("--force", action="store_true", help="replace an existing file")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        if out.exists() and not options["force"]:
            raise CommandError(f"{out} exists: keys are not replaced without --force")
        try:
            keys = OwnKeys.generate(options["node"])
        except KeyMaterialError as error:
            raise CommandError(f"--node: {error}") from None
        write_own_keys(out, keys)
        self.stdout.write(keys.public().to_json())
