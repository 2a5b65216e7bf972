"""Demo targeting rules: a few national risk profiles per customs service and a watch list.

The profiles are written from public knowledge of concealment patterns, approved by a
supervisor who did not write them (four eyes, as in production). The watch list holds the
scenario's persons of interest in ONE spelling each, as an intelligence report would give
them; screening has to find them under the other scripts and transliterations in the files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from portcontrol.accounts.models import Agency, User
from portcontrol.targeting.actions import (
    add_entry,
    approve_profile,
    create_profile,
    create_watch_list,
    submit_for_approval,
)
from portcontrol.targeting.models import RiskProfile, WatchList

DEMO_PROFILES: tuple[dict[str, Any], ...] = (
    {
        "code": "PREC-ACETIC",
        "name": "Acetic acid or anhydride to a firm with no chemical business",
        "threat": "precursors",
        "criteria": 'hs in ["2915.21", "2915.24"] and not consignee name contains any '
        '["khim*", "him*", "хим*", "chem*", "kimya*", "reagent*", "реагент*"]',
        "lane": "red",
        "reason": "Acetic anhydride, the heroin precursor, is often declared as acetic acid.",
        "instructions": "Sample the drums; a strong vinegar smell with fumes suggests anhydride.",
    },
    {
        "code": "FIRE-TOYS",
        "name": "Toys heavier per carton than toys are",
        "threat": "firearms",
        "criteria": 'hs_code = "9503" and weight_per_package > 12',
        "lane": "red",
        "reason": "Toy cartons weigh 4 to 10 kg; heavy cartons can hide pistols or parts.",
        "instructions": "X-ray the heaviest cartons first.",
    },
    {
        "code": "NUC-SCRAP",
        "name": "Metal scrap by rail: radiation check",
        "threat": "nuclear",
        "criteria": 'hs_code = "7204" and cargo_unit_kind = "rail_wagon"',
        "lane": "yellow",
        "reason": "Orphan radioactive sources end up in scrap metal.",
        "instructions": "Pass the wagon through the radiation portal monitor.",
    },
    {
        "code": "CIG-PAPER",
        "name": "Paper goods as heavy as cigarettes",
        "threat": "cigarettes",
        "criteria": 'hs_code in ["4813", "4818"] and weight_per_package >= 9',
        "lane": "red",
        "reason": "Master cases of cigarettes weigh about 10 kg; napkins and paper far less.",
        "instructions": "Open two cartons from the middle of the load.",
    },
    {
        "code": "REV-PHONES",
        "name": "Smartphones declared far below their value",
        "threat": "revenue",
        "criteria": 'hs_code = "851713" and value_per_kg < 60',
        "lane": "yellow",
        "reason": "Smartphones are worth several hundred dollars a kilogram.",
        "instructions": "Check invoices against the model numbers.",
    },
    {
        "code": "DRUG-FRUIT",
        "name": "Fruit and vegetables to a sole trader",
        "threat": "drugs",
        "criteria": 'hs_code in ["0702", "0803", "0805"] and consignee name contains any '
        '["ип", "ip", "ie", "жк", "fərdi sahibkar"]',
        "lane": "red",
        "reason": "Perishables to newly registered sole traders are a known drug cover load.",
        "instructions": "Search the load and the truck's cavities; use the dog team.",
    },
)


def _users(agency: Agency) -> tuple[User, User]:
    analyst = User.objects.filter(unit__agency=agency, role="analyst").order_by("pk").first()
    supervisor = User.objects.filter(unit__agency=agency, role="supervisor").order_by("pk").first()
    if analyst is None or supervisor is None:
        raise LookupError(f"{agency.code} has no analyst or supervisor for the demo")
    return analyst, supervisor


def create_demo_profiles(agency: Agency) -> int:
    """The demo profiles of one customs service, written and approved by two people."""
    analyst, supervisor = _users(agency)
    made = 0
    for fields in DEMO_PROFILES:
        if RiskProfile.objects.filter(agency=agency, code=fields["code"]).exists():
            continue
        profile = create_profile(
            agency=agency, unit=None, fields={**fields, "score": 45, "priority": 1}, by=analyst
        )
        submit_for_approval(profile, by=analyst)
        approve_profile(profile, by=supervisor)
        made += 1
    return made


def create_demo_watch_list(agency: Agency, answers_path: Path) -> int:
    """A national list of the scenario's persons of interest, one spelling each."""
    if WatchList.objects.filter(agency=agency, code="demo-poi").exists():
        return 0
    analyst, _ = _users(agency)
    watch_list = create_watch_list(
        agency=agency,
        unit=None,
        fields={
            "code": "demo-poi",
            "name": "Persons of interest (demo intelligence)",
            "kind": "person",
            "source": "demo scenario",
        },
        by=analyst,
    )
    answers = json.loads(answers_path.read_text(encoding="utf-8"))
    for person in answers.get("persons_of_interest", []):
        born = person.get("date_of_birth")
        add_entry(
            watch_list,
            {
                "kind": "person",
                "names": [person["name_variants"][0]],
                "date_of_birth": date.fromisoformat(born) if born else None,
                "document_numbers": [n for n in [person.get("passport_number")] if n],
                "nationality": person.get("nationality") or "",
                "reason": "Named in a partner's report on trafficking across the Caspian.",
            },
            by=analyst,
        )
    return watch_list.entries.count()
