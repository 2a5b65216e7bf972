"""Profiles an analyst would write for the Caspian scenario, one set per threat category."""

from __future__ import annotations

import polars as pl

from portcontrol.core.risk.profiles import Context, Profile
from portcontrol.core.risk.reasons import Lane, Threat

SOLE_TRADER = '["ип", "ip", "ie", "жк", "жи", "fərdi sahibkar"]'

CRITERIA: dict[Threat, list[str]] = {
    Threat.DRUGS: [
        'hs_code in ["0806", "0813"] and origin_country in ["AF", "TJ", "UZ"]',
        f'hs_code in ["0702", "0803", "0805"] and consignee name contains any {SOLE_TRADER}',
    ],
    Threat.PRECURSORS: [
        # acetic anhydride (2915.24) or the acid it hides behind (2915.21), to a firm with no
        # chemical business
        'hs in ["2915.21", "2915.24"] and not consignee name contains any\n'
        '  ["khim*", "him*", "хим*", "chem*", "kimya*", "reagent*", "реагент*"]',
        f'hs in ["2936", "2939"] and consignee contains any {SOLE_TRADER}',
        'hs in ["382499", "284161"] and package_type = "DR"\n'
        '  and description contains any ["water treatment", "водоподготов*", "реагент*"]',
    ],
    Threat.FIREARMS: [
        'hs_code = "9503" and kg per package > 12  # toys weigh 4 to 10 kg a carton',
    ],
    Threat.WMD: [
        'hs in ["8479", "7326"] and value_per_kg > 15\n'
        '  and description contains any ["equipment", "оборудовани*", "metal parts",'
        ' "изделия из металла", "spare parts"]',
    ],
    Threat.NUCLEAR: [
        'hs_code = "7204" and cargo_unit_kind = "rail_wagon" and origin = "KZ"',
        'hs_code = "9022" and weight_per_package > 300',
    ],
    Threat.CIGARETTES: [
        'hs_code in ["4813", "4818"] and weight_per_package >= 9',
    ],
    Threat.REVENUE: [
        'hs_code = "851713" and value_per_kg < 60',
        'hs_code = "851779" and origin_country = "CN"',
        'indicator "unit_value_low"',
    ],
}

LANES = {Threat.REVENUE: Lane.YELLOW, Threat.CIGARETTES: Lane.RED}


def caspian_profiles() -> list[Profile]:
    """One profile per criteria above, coded by threat and number."""
    return [
        Profile(
            code=f"{threat.value.upper()}-{number:02d}",
            name=f"{threat.value} {number}",
            threat=threat,
            criteria=criteria,
            score=40.0,
            lane=LANES.get(threat, Lane.RED),
            reason=f"matches a {threat.value} pattern",
        )
        for threat, texts in CRITERIA.items()
        for number, criteria in enumerate(texts, 1)
    ]


def unit_value_context(frame: pl.DataFrame) -> Context:
    """``unit_value_low``: a fifth or less of the median value per kg of the same HS code.

    A stand-in for the indicator library, which computes it from the unit's own history.
    """
    low = frame.filter(
        pl.col("value_per_kg") < 0.2 * pl.col("value_per_kg").median().over("hs_code")
    )
    return Context(indicator_hits={"unit_value_low": set(low["line_id"].to_list())})
