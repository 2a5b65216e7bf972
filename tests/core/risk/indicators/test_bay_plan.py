"""Bay plan against manifest: unmanifested laden units red, missing ones yellow, empties silent."""

from tests.core.risk.indicators.conftest import cargo_units, consignments, hits_of, lane_of


def units():
    return cargo_units(
        # the manifest's rows
        {"voyage_number": "V1", "identifier": "AAAU1111111", "kind": "container",
         "in_manifest": True},
        {"voyage_number": "V1", "identifier": "BBBU2222222", "kind": "container",
         "in_manifest": True},
        # the bay plan's rows
        {"voyage_number": "V1", "identifier": "AAAU1111111", "kind": "container",
         "stowage_position": "0010182"},
        {"voyage_number": "V1", "identifier": "CCCU3333333", "kind": "container",
         "stowage_position": "0010282"},
        {"voyage_number": "V1", "identifier": "DDDU4444444", "kind": "container",
         "stowage_position": "0010382", "is_empty": True},
        # a voyage without a bay plan
        {"voyage_number": "V2", "identifier": "EEEU5555555", "kind": "container",
         "in_manifest": True},
    )  # fmt: skip


def test_unmanifested_laden_unit_aboard_is_red():
    hits = hits_of("bay_plan", consignments(), units=units())
    assert lane_of(hits, 3, "cargo_unit") == "red"
    assert "CCCU3333333 stowed at 0010282" in hits.filter(hits["row_id"] == 3).item(0, "label")


def test_manifested_unit_missing_from_bay_plan_is_yellow():
    hits = hits_of("bay_plan", consignments(), units=units())
    assert lane_of(hits, 1, "cargo_unit") == "yellow"


def test_matched_units_empties_and_voyages_without_bay_plan_are_silent():
    hits = hits_of("bay_plan", consignments(), units=units())
    assert {lane_of(hits, row, "cargo_unit") for row in (0, 2, 4, 5)} == {None}
