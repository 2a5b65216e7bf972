"""The generated traffic: schedule, realism of records, planted threats and their answers."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from decimal import Decimal

from stdnum import iso6346

from portcontrol.core.identifiers import container as container_number
from portcontrol.core.identifiers import hs
from portcontrol.core.records import CargoUnitKind, PersonRole
from portcontrol.core.scenario import Scenario, generate_caspian
from portcontrol.core.scenario.commodities import BY_KEY, COMMODITIES
from portcontrol.core.scenario.names import is_cyrillic
from portcontrol.core.scenario.threats import CATEGORIES


def test_same_seed_gives_the_same_records() -> None:
    first = generate_caspian(days=2, seed=4)
    second = generate_caspian(days=2, seed=4)
    assert [plan.manifest() for plan in first.plans] == [plan.manifest() for plan in second.plans]
    assert [answer.as_dict() for answer in first.answers] == [
        answer.as_dict() for answer in second.answers
    ]


def test_different_seeds_give_different_traffic() -> None:
    first = generate_caspian(days=2, seed=4)
    second = generate_caspian(days=2, seed=5)
    assert [plan.number for plan in first.plans] != [plan.number for plan in second.plans]


def test_crossings_take_18_to_22_hours_and_several_ferries_leave_each_day(week: Scenario) -> None:
    per_day = Counter(plan.voyage.departure_time.date() for plan in week.plans)
    assert len(per_day) == 7 and min(per_day.values()) >= 3
    for plan in week.plans:
        crossing = plan.voyage.arrival_time - plan.voyage.departure_time
        assert timedelta(hours=18) <= crossing <= timedelta(hours=22)


def test_routes_link_the_caspian_ports(week: Scenario) -> None:
    routes = {(plan.voyage.departure_port, plan.voyage.arrival_port) for plan in week.plans}
    assert {("KZKUR", "AZALA"), ("AZALA", "KZKUR"), ("TMKRW", "AZALA")} <= routes
    assert any("KZAAU" in route and "AZBAK" in route for route in routes)


def test_voyages_carry_tens_to_hundreds_of_goods_lines(week: Scenario) -> None:
    counts = [plan.line_count() for plan in week.plans]
    assert min(counts) >= 10 and max(counts) <= 600


def test_every_planted_category_is_present_with_innocent_look_alikes(week: Scenario) -> None:
    threats = Counter(answer.category for answer in week.answers if not answer.innocent)
    assert set(threats) == set(CATEGORIES)
    assert any(answer.innocent for answer in week.answers)


def test_planted_share_is_between_one_and_three_percent(week: Scenario) -> None:
    lines = sum(plan.line_count() for plan in week.plans)
    threats = sum(1 for answer in week.answers if not answer.innocent)
    assert 0.01 <= threats / lines <= 0.03


def test_every_answer_points_at_a_real_goods_line(week: Scenario) -> None:
    plans = {plan.number: plan.manifest() for plan in week.plans}
    for answer in week.answers:
        manifest = plans[answer.voyage_number]
        line = next(
            line
            for line in manifest.consignments
            if line.document_number == answer.document_number
            and line.item_number == answer.item_number
        )
        assert line.hs_code == answer.declared_hs_code
        assert answer.cargo_unit_id in line.cargo_unit_ids
        assert answer.indicators and answer.file


def test_acetic_anhydride_is_declared_as_acetic_acid(week: Scenario) -> None:
    plants = [a for a in week.answers if a.scenario == "acetic_anhydride_as_acetic_acid"]
    for answer in plants:
        assert answer.declared_hs_code == "291521" and answer.actual_hs_code == "291524"


def test_undervalued_lines_are_far_below_the_norm(week: Scenario) -> None:
    plans = {plan.number: plan.manifest() for plan in week.plans}
    undervalued = [a for a in week.answers if a.scenario == "undervaluation"]
    assert undervalued
    for answer in undervalued:
        line = next(
            line
            for line in plans[answer.voyage_number].consignments
            if line.document_number == answer.document_number
            and line.item_number == answer.item_number
        )
        commodity = next(c for c in COMMODITIES if c.hs_code == line.hs_code)
        per_kg = line.value / line.net_weight_kg
        assert per_kg < Decimal(str(commodity.usd_per_kg[0])) / 3


def test_containers_have_valid_check_digits_except_the_listed_faults(week: Scenario) -> None:
    faulty = {fault.cargo_unit_id for fault in week.faults}
    assert any(fault.kind == "container.check_digit" for fault in week.faults)
    for plan in week.plans:
        manifest = plan.manifest()
        for unit in manifest.cargo_units:
            if unit.kind is CargoUnitKind.CONTAINER and unit.identifier not in faulty:
                assert iso6346.is_valid(unit.identifier), unit.identifier
        for line in manifest.consignments:
            for unit_id in line.cargo_unit_ids:
                if len(unit_id) == 11 and unit_id[3] == "U" and unit_id not in faulty:
                    assert iso6346.is_valid(unit_id)
    for fault in week.faults:
        assert container_number.is_valid(fault.correct_id)
        assert fault.cargo_unit_id != fault.correct_id


def test_goods_codes_are_hs_2022_subheadings() -> None:
    for commodity in COMMODITIES:
        assert hs.is_valid(commodity.hs_code), commodity.key
    assert BY_KEY["detergents"].hs_code == "340250"  # 3402.20 was split in HS 2022


def test_drivers_are_linked_to_their_trucks(week: Scenario) -> None:
    for plan in week.plans[:10]:
        manifest = plan.manifest()
        plates = {unit.vehicle_plate for unit in manifest.cargo_units if unit.vehicle_plate}
        drivers = [p for p in manifest.persons if p.role is PersonRole.DRIVER]
        assert drivers and all(driver.vehicle_plate in plates for driver in drivers)
        assert all(person.date_of_birth and person.document_number for person in manifest.persons)


def test_a_truck_is_on_a_voyage_only_once(week: Scenario) -> None:
    for plan in week.plans:
        plates = [unit.identifier for unit in plan.manifest().cargo_units]
        assert len(plates) == len(set(plates))


def test_persons_of_interest_appear_under_several_spellings(week: Scenario) -> None:
    driver = week.cast.driver_kz
    spellings = {
        appearance["spelled_as"]
        for appearance in week.appearances
        if appearance["person"] == driver.key
    }
    assert any(is_cyrillic(spelling) for spelling in spellings)
    assert any(not is_cyrillic(spelling) for spelling in spellings)
    assert len(driver.full_name_variants()) >= 4
