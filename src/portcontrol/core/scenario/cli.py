"""``portcontrol scenario caspian --days N --seed S --out DIR``: write a demo scenario."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from portcontrol.core.scenario.caspian import DEFAULT_SHARE, generate_caspian, write_scenario
from portcontrol.core.scenario.generator import DEFAULT_START


def _share(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 0.2:
        raise argparse.ArgumentTypeError("the planted share is a fraction between 0 and 0.2")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="portcontrol scenario",
        description="Generate ferry manifests with planted high-risk items and their answers.",
    )
    commands = parser.add_subparsers(dest="scenario", required=True)
    caspian = commands.add_parser(
        "caspian", help="ferries Kuryk/Aktau <-> Alyat/Baku and Turkmenbashi <-> Alyat"
    )
    caspian.add_argument("--days", type=int, default=7, help="days of traffic (default 7)")
    caspian.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    caspian.add_argument(
        "--start",
        type=date.fromisoformat,
        default=DEFAULT_START,
        help=f"first day, YYYY-MM-DD (default {DEFAULT_START.isoformat()})",
    )
    caspian.add_argument(
        "--share",
        type=_share,
        default=DEFAULT_SHARE,
        help="share of goods lines planted as threats (default 0.02)",
    )
    caspian.add_argument("--out", type=Path, required=True, help="directory to write into")
    return parser


def run_scenario_command(argv: list[str]) -> int:
    """Parse the arguments, write the scenario and print what each file holds."""
    args = _parser().parse_args(argv)
    if args.days < 1:
        print("--days must be at least 1")
        return 2
    scenario = generate_caspian(args.days, args.seed, args.start, args.share)
    written = write_scenario(scenario, args.out)
    width = max(len(name) for name in written)
    for name in sorted(written):
        counts = ", ".join(f"{key} {value}" for key, value in written[name].items())
        print(f"{name:<{width}}  {counts}")
    threats = sum(1 for answer in scenario.answers if not answer.innocent)
    print(
        f"{len(scenario.plans)} voyages, {len(written)} files in {args.out}; "
        f"manifest.json (index), answers.json ({threats} planted threats, "
        f"{len(scenario.answers) - threats} innocent look-alikes, "
        f"{len(scenario.faults)} data faults)"
    )
    return 0
