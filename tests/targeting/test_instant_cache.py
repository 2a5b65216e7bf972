"""The engine inputs kept between API requests: same answers, and changes seen at once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portcontrol.targeting import cache, engine
from portcontrol.targeting.instant import assess_fields

FIELDS = {
    "voyage_number": "KUR-9",
    "document_number": "BL-9",
    "item_number": "1",
    "hs_code": "291524",
    "goods_description": "Acetic anhydride",
    "gross_weight_kg": "1000",
    "cargo_unit_id": "MSKU1234565",
    "shipper_name": "Petrov Ivan",
}


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reads(monkeypatch, analyst):
    """Counts the reads of the inputs from the database, per unit code.

    The unit's value norms are fitted first: without them the first request fits them (a
    change of the inputs), which would blur what these tests count.
    """
    from portcontrol.targeting.history import fit_norms

    fit_norms(analyst.unit)
    counted: list[str] = []
    original = engine.inputs_for

    def counting(unit, today):  # type: ignore[no-untyped-def]
        counted.append(unit.code)
        return original(unit, today)

    monkeypatch.setattr(engine, "inputs_for", counting)
    return counted


def _assess(unit):  # type: ignore[no-untyped-def]
    return assess_fields(unit, FIELDS, today=timezone.localdate())


def _keys(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {reason["key"] for reason in result["consignment"]["reasons"]}


def _approved_profile(analyst, supervisor, code: str, criteria: str):  # type: ignore[no-untyped-def]
    from portcontrol.targeting.actions import approve_profile, create_profile, submit_for_approval

    profile = create_profile(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        fields={
            "code": code,
            "name": code,
            "threat": "precursors",
            "criteria": criteria,
            "score": 70,
            "lane": "red",
            "reason": "test",
        },
        by=analyst,
    )
    submit_for_approval(profile, by=analyst)
    approve_profile(profile, by=supervisor)
    return profile


def test_cached_answer_equals_uncached(analyst, supervisor, watch_list, monkeypatch):
    _approved_profile(analyst, supervisor, "PRE-AA", 'hs_code in ["291524"]')
    cached = [_assess(analyst.unit), _assess(analyst.unit)]
    monkeypatch.setattr(cache, "ENABLED", False)
    uncached = _assess(analyst.unit)
    assert cached[0] == cached[1] == uncached
    assert "PRE-AA" in _keys(uncached)


def test_norms_fitted_by_a_request_are_read_by_the_next(analyst, monkeypatch):
    from portcontrol.targeting.models import UnitValueNorm

    counted: list[str] = []
    original = engine.inputs_for
    monkeypatch.setattr(
        engine, "inputs_for", lambda unit, today: counted.append(unit.code) or original(unit, today)
    )
    for _ in range(3):
        _assess(analyst.unit)
    assert UnitValueNorm.objects.filter(unit=analyst.unit).exists()
    assert len(counted) == 2
    assert cache._kept[analyst.unit.pk].inputs.indicator_context.unit_value_norms is not None


def test_inputs_read_once_while_nothing_changes(analyst, reads):
    for _ in range(3):
        _assess(analyst.unit)
    assert reads == [analyst.unit.code]


def test_approved_profile_version_seen_by_next_request(analyst, supervisor, reads):
    assert "PRE-AA" not in _keys(_assess(analyst.unit))
    _approved_profile(analyst, supervisor, "PRE-AA", 'hs_code in ["291524"]')
    assert "PRE-AA" in _keys(_assess(analyst.unit))
    assert len(reads) == 2


def test_retired_profile_gone_from_next_request(analyst, supervisor):
    from portcontrol.targeting.actions import retire_profile

    profile = _approved_profile(analyst, supervisor, "PRE-AA", 'hs_code in ["291524"]')
    assert "PRE-AA" in _keys(_assess(analyst.unit))
    retire_profile(profile, by=supervisor)
    assert "PRE-AA" not in _keys(_assess(analyst.unit))


def test_new_watch_list_entry_seen_by_next_request(analyst, watch_list, reads):
    from portcontrol.targeting.actions import add_entry

    before = _assess(analyst.unit)
    assert not any(r["kind"] == "watch_list" for r in before["consignment"]["reasons"])
    add_entry(watch_list, {"kind": "person", "names": ["PETROV Ivan"]}, by=analyst)
    after = _assess(analyst.unit)
    assert any(r["kind"] == "watch_list" for r in after["consignment"]["reasons"])
    assert len(reads) == 2


def test_change_older_than_last_check_but_within_margin_is_seen(analyst, watch_list, reads):
    """An entry whose audit time predates the last check (late commit) still invalidates."""
    from portcontrol.accounts.models import AuditEntry
    from portcontrol.targeting.actions import add_entry

    _assess(analyst.unit)
    add_entry(watch_list, {"kind": "person", "names": ["PETROV Ivan"]}, by=analyst)
    # As if the change had been written before the check and committed only after it.
    kept = cache._kept[analyst.unit.pk]
    AuditEntry.objects.filter(action="targeting.entry.added").update(
        at=kept.stamp.taken_at - cache.MARGIN / 2
    )
    after = _assess(analyst.unit)
    assert any(r["kind"] == "watch_list" for r in after["consignment"]["reasons"])
    assert len(reads) == 2


def test_units_keep_their_own_inputs(analyst, supervisor, reads):
    from portcontrol.accounts.models import Unit
    from portcontrol.targeting.history import fit_norms

    other = Unit.objects.create(code="KZAAU", name="Aktau", agency=analyst.unit.agency)
    fit_norms(other)
    _approved_profile(analyst, supervisor, "PRE-AA", 'hs_code in ["291524"]')
    assert "PRE-AA" in _keys(_assess(analyst.unit))
    # A unit profile of Kuryk: Aktau's inputs are its own, read for Aktau.
    assert "PRE-AA" not in _keys(_assess(other))
    assert reads == [analyst.unit.code, "KZAAU"]
    assert cache._kept[analyst.unit.pk].inputs is not cache._kept[other.pk].inputs


def test_another_day_reads_again(analyst, reads):
    from datetime import timedelta

    today = timezone.localdate()
    assess_fields(analyst.unit, FIELDS, today=today)
    assess_fields(analyst.unit, FIELDS, today=today + timedelta(days=1))
    assert len(reads) == 2
