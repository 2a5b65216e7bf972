"""High-risk route: marked places and countries fire with the analyst's reason and lane."""

from portcontrol.core.risk.indicators import HighRiskPlace, IndicatorContext
from portcontrol.core.risk.reasons import Lane
from tests.core.risk.indicators.conftest import consignments, hits_of, lane_of

PLACES = (
    HighRiskPlace("TMKRW", "transhipment of seized heroin in 2023"),
    HighRiskPlace("EC", "cocaine source country", Lane.RED),
)


def test_transit_port_and_origin_country_fire_with_reasons():
    lines = consignments(
        {"departure_port": "AZALA", "arrival_port": "KZAAU", "transit_ports": ["TMKRW"]},
        {"departure_port": "AZALA", "arrival_port": "KZAAU", "origin_country": "EC"},
        {"departure_port": "AZALA", "arrival_port": "KZAAU", "origin_country": "TR"},
    )
    hits = hits_of("high_risk_route", lines, IndicatorContext(high_risk_places=PLACES))
    assert lane_of(hits, 0) == "yellow"
    assert "TMKRW (transit: transhipment of seized heroin in 2023)" in hits.item(0, "label")
    assert lane_of(hits, 1) == "red"
    assert lane_of(hits, 2) is None


def test_country_mark_covers_its_ports():
    context = IndicatorContext(high_risk_places=(HighRiskPlace("TM", "analyst note"),))
    lines = consignments({"departure_port": "TMKRW", "arrival_port": "AZALA"})
    assert lane_of(hits_of("high_risk_route", lines, context), 0) == "yellow"


def test_no_marked_places_no_hits():
    lines = consignments({"departure_port": "TMKRW", "arrival_port": "AZALA"})
    assert hits_of("high_risk_route", lines).is_empty()
