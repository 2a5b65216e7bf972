"""The ``portcontrol`` command: core commands without Django, everything else through Django.

``portcontrol scenario ...`` needs no database. Every other word is a Django management command
(``portcontrol migrate``, ``portcontrol ingest FILE --unit KZKUR``,
``portcontrol createsuperuser``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run one command; the exit status is returned for scripts and tests."""
    args = list(sys.argv if argv is None else ["portcontrol", *argv])
    if len(args) > 1 and args[1] == "scenario":
        from portcontrol.core.scenario.cli import run_scenario_command

        return run_scenario_command(args[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portcontrol.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
