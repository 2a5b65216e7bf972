"""Radioactive: 2844/2845/8401 red; declared medical isotopes, equipment and scrap stay lower."""

from portcontrol.core.risk.indicators import HighRiskPlace, IndicatorContext, known_parties_from
from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of

ISOTOPES = {
    "hs_code": "284443",
    "description": "Radiopharmaceutical Mo-99/Tc-99m generators, UN2915 Type A, licence attached",
    "consignee_name": "Kura Pharm LLC",
    "departure_port": "RUAST",
}


def test_undeclared_use_of_isotopes_is_red():
    lines = consignments({"hs_code": "284443", "description": "Radioactive sources Cs-137"})
    hits = hits_of("radioactive", lines)
    assert lane_of(hits, 0) == "red"
    assert hits.item(0, "threat") == "nuclear"


def test_declared_medical_isotopes_are_yellow_not_red():
    lines = consignments(
        ISOTOPES,
        {"hs_code": "284443", "description": "Генераторы технеция-99м", "consignee_name": "X"},
        {
            "hs_code": "284443",
            "description": "TC-99M GENERATORS",
            "consignee_name": "Xəzər Farm MMC",
        },
    )
    hits = hits_of("radioactive", lines)
    assert [lane_of(hits, row) for row in range(3)] == ["yellow"] * 3
    assert "medical isotopes" in hits.item(0, "label")


def test_medical_isotopes_routed_through_a_marked_place_stay_red():
    context = IndicatorContext(high_risk_places=(HighRiskPlace("RUAST", "diversion reported"),))
    assert lane_of(hits_of("radioactive", consignments(ISOTOPES), context), 0) == "red"


def test_xray_equipment_is_yellow_and_red_for_a_new_consignee():
    known = known_parties_from(consignments({"consignee_name": "Baku Clinic LLC"}))
    lines = consignments(
        {"hs_code": "902219", "description": "X-ray apparatus", "consignee_name": "Baku Clinic"},
        {"hs_code": "902219", "description": "X-ray apparatus", "consignee_name": "Unknown MMC"},
    )
    hits = hits_of("radioactive", lines, IndicatorContext(known_parties=known))
    assert lane_of(hits, 0) == "yellow"
    assert lane_of(hits, 1) == "red"


def test_scrap_gets_a_small_score_without_lane_and_steel_plates_nothing():
    lines = consignments(
        {"hs_code": "720449", "description": "Steel scrap"},
        {"hs_code": "720851", "description": "Hot-rolled steel plates"},
    )
    hits = hits_of("radioactive", lines)
    assert lane_of(hits, 0) == "none"
    assert hits.item(0, "score") < 10
    assert lane_of(hits, 1) is None
