"""``portcontrol issue_token --user USERNAME --name NAME``: a new API token, shown once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from portcontrol.accounts.audit import record_audit
from portcontrol.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user (a system posting manifests); it is printed only once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True)
        parser.add_argument("--name", required=True, help="what the token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['user']!r}")
        with transaction.atomic():
            token, raw = ApiToken.issue(user, options["name"])
            record_audit(
                actor=None,
                action="accounts.token.issued",
                obj=token,
                unit=user.unit,
                summary=f"API token {token.prefix}… issued for {user.username}",
            )
        self.stderr.write("Keep this token now: it is not stored and cannot be shown again.")
        self.stdout.write(raw)
