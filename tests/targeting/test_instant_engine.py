"""The API's record-by-record assessment of a posted line equals the batch engine's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from portcontrol.targeting import actions, cache, engine
from portcontrol.targeting.history import fit_norms, remember_parties
from portcontrol.targeting.instant import assess_fields, posted_frames

LINE = {
    "voyage_number": "KUR-9",
    "transport_mode": "ferry",
    "vessel_name": "Barys",
    "vessel_imo": "9700196",
    "departure_port": "KZKUR",
    "arrival_port": "AZALA",
    "document_number": "BL-9",
    "item_number": "1",
    "packages": "10",
    "gross_weight_kg": "1000",
    "value": "5000",
    "currency": "USD",
    "shipper_name": "ТОО «Каспий Транс»",
    "shipper_country": "KZ",
    "consignee_name": "Alyat Trade LLC",
    "consignee_country": "AZ",
    "cargo_unit_id": "MSKU1234565",
}
VARIANTS = [
    {"hs_code": "291524", "goods_description": "Acetic anhydride"},
    {"hs_code": "291521", "goods_description": "Acetic acid", "shipper_name": "IVANOV Oleg"},
    {"hs_code": "950300", "goods_description": "Toys", "consignee_name": "Иванов Олег"},
    {"hs_code": "080810", "goods_description": "Said to contain general cargo"},
    {"hs_code": "930200", "goods_description": "Pistols", "cargo_unit_id": "TGHU6543218"},
    {"hs_code": "720449", "goods_description": "Scrap", "departure_port": "IRBND"},
    {"hs_code": "240220", "goods_description": "Cigarettes", "shipper_name": "Old Friend LLP"},
    {"hs_code": "870323", "goods_description": "Cars", "consignee_name": ""},
]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def approved(analyst, supervisor, code: str, criteria: str, lane: str = "red") -> None:
    profile = actions.create_profile(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        fields={
            "code": code,
            "name": code,
            "threat": "drugs",
            "criteria": criteria,
            "score": 45,
            "lane": lane,
            "reason": f"{code} reason",
        },
        by=analyst,
    )
    actions.submit_for_approval(profile, by=analyst)
    actions.approve_profile(profile, by=supervisor)


@pytest.fixture
def unit_rules(analyst, supervisor, watch_list):
    """Profiles of every kind, a listed person, a marked port and a party seen before."""
    approved(analyst, supervisor, "HS-01", 'hs_code in ["2915", "9503"]')
    approved(analyst, supervisor, "WL-01", 'party on watchlist "NAT-PERSONS"', "yellow")
    approved(analyst, supervisor, "IND-01", 'indicator "first_seen"', "blue")
    actions.mark_place(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        code="IRBND",
        reason="transshipment",
        lane="red",
        by=analyst,
    )
    fit_norms(analyst.unit)
    remember_parties(analyst.unit, {"name:KZ:friend old": timezone.now() - timedelta(days=30)})
    return analyst.unit


def test_posted_lines_are_assessed_as_the_batch_engine_assesses_them(unit_rules):
    today = timezone.localdate()
    inputs = engine.inputs_for(unit_rules, today)
    kinds: set[str] = set()
    for variant in VARIANTS:
        frames, _ = posted_frames({**LINE, **variant})
        batch = engine.assess_frames(frames, unit_rules, today=today, inputs=inputs)
        records = engine.assess_records(frames, unit_rules, today=today, inputs=inputs)
        assert records == list(batch.iter_rows(named=True)), variant
        kinds |= {reason["key"] for row in records for reason in row["reasons"]}
    assert {"HS-01", "WL-01", "IND-01", "first_seen", "high_risk_route"} <= kinds


def test_the_answer_names_the_listed_party_and_the_profiles_it_meets(unit_rules):
    answer = assess_fields(unit_rules, {**LINE, **VARIANTS[1]}, today=timezone.localdate())
    reasons = answer["consignment"]["reasons"]
    keys = {reason["key"] for reason in reasons}
    assert {"HS-01", "WL-01"} <= keys
    listed = next(reason for reason in reasons if reason["kind"] == "watch_list")
    assert listed["detail"]["party"] == "shipper"
    (container,) = answer["cargo_units"]
    assert container["score"] == answer["consignment"]["score"]
    assert {reason["detail"]["via"] for reason in container["reasons"]} == {"consignment line 0"}
