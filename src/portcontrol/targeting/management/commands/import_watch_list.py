"""``portcontrol import_watch_list FILE --list CODE --agency CODE --format un_sc|ftm``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portcontrol.accounts.models import User
from portcontrol.core.errors import ReadError
from portcontrol.targeting.actions import import_watch_list
from portcontrol.targeting.choices import ImportFormat
from portcontrol.targeting.models import WatchList


class Command(BaseCommand):
    help = "Load a UN Security Council XML list or a FollowTheMoney JSON export into a watch list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--list", required=True, help="code of the watch list")
        parser.add_argument("--agency", required=True, help="code of the administration")
        parser.add_argument("--format", required=True, choices=ImportFormat.values)
        parser.add_argument("--user", required=True, help="username recorded as the importer")

    def handle(self, *args: Any, **options: Any) -> None:
        watch_list = WatchList.objects.filter(
            code=options["list"], agency__code=options["agency"]
        ).first()
        if watch_list is None:
            raise CommandError(f"no watch list {options['list']!r} of {options['agency']!r}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        try:
            data = Path(options["file"]).read_bytes()
            counts = import_watch_list(data, options["format"], watch_list, by=user)
        except OSError as exc:
            raise CommandError(f"{options['file']}: cannot be read: {exc.strerror}") from exc
        except ReadError as exc:
            raise CommandError(f"{options['file']}: refused: {exc}") from exc
        self.stdout.write(
            f"{watch_list.code}: {counts['read']} read, {counts['added']} added, "
            f"{counts['updated']} updated, {counts['absent']} no longer in the file"
        )
