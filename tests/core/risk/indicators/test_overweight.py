"""Overweight: above the ISO or vehicle limit yellow, above the plate small, normal silent."""

from tests.core.risk.indicators.conftest import cargo_units, consignments, hits_of, lane_of


def test_container_above_iso_limit_is_yellow_and_normal_one_silent():
    units = cargo_units(
        {"identifier": "MSCU1234565", "kind": "container", "size_type": "22G1",
         "gross_weight_kg": 41200.0},
        {"identifier": "MSCU7654321", "kind": "container", "size_type": "22G1",
         "gross_weight_kg": 24000.0},
    )  # fmt: skip
    hits = hits_of("overweight", consignments(), units=units)
    assert lane_of(hits, 0, "cargo_unit") == "yellow"
    assert "41,200 kg" in hits.item(0, "label") and "36,000 kg" in hits.item(0, "label")
    assert lane_of(hits, 1, "cargo_unit") is None


def test_above_plate_rating_only_adds_score_without_lane():
    units = cargo_units(
        {"identifier": "X", "kind": "container", "size_type": "22G1", "gross_weight_kg": 33000.0}
    )
    hits = hits_of("overweight", consignments(), units=units)
    assert lane_of(hits, 0, "cargo_unit") == "none"
    assert "CSC plate" in hits.item(0, "label")


def test_trailer_above_road_limit_fires_and_loaded_wagon_does_not():
    units = cargo_units(
        {"identifier": "01AB123", "kind": "trailer", "gross_weight_kg": 47000.0},
        {"identifier": "01AB124", "kind": "trailer", "gross_weight_kg": 38000.0},
        {"identifier": "52345678", "kind": "rail_wagon", "gross_weight_kg": 92000.0},
    )
    hits = hits_of("overweight", consignments(), units=units)
    assert lane_of(hits, 0, "cargo_unit") == "yellow"
    assert lane_of(hits, 1, "cargo_unit") is None and lane_of(hits, 2, "cargo_unit") is None


def test_without_cargo_unit_frame_the_consignment_is_the_target():
    lines = consignments(
        {"cargo_unit_ids": ["MSCU1234565"], "cargo_unit_kind": "container", "size_type": "42G1",
         "cargo_unit_gross_weight_kg": 39000.0}
    )  # fmt: skip
    assert lane_of(hits_of("overweight", lines), 0) == "yellow"
