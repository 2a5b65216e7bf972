"""Checklists of usual concealment spots, per area of a vessel search plan.

Public-knowledge places where goods are hidden aboard ferries and cargo ships, as found in
customs training material and published seizure reports. A search area copies its kind's list
when the plan is made, so a later change of this file never rewrites a finished search.

The spots are kept as their English source text (``gettext_noop``) and translated when shown:
the stored checklist reads the same in every language and still finds its translation.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, gettext_noop

from portcontrol.inspections.choices import SearchAreaKind

CONCEALMENT_SPOTS: dict[str, tuple[str, ...]] = {
    SearchAreaKind.VEHICLE_DECK: (
        gettext_noop("Spare wheels and wheel wells of vehicles"),
        gettext_noop("Fuel tanks and their access panels"),
        gettext_noop("Trailer floors, roofs and front walls (double walls)"),
        gettext_noop("Cab sleeping berths and storage boxes"),
        gettext_noop("Lashing gear lockers and deck drains"),
        gettext_noop("Unaccompanied trailers and their load against the manifest"),
    ),
    SearchAreaKind.CARGO_HOLD: (
        gettext_noop("Container doors, floors and corner posts"),
        gettext_noop("Reefer machinery compartments"),
        gettext_noop("Bilge wells and hold drains"),
        gettext_noop("Hatch covers and coamings"),
        gettext_noop("Dunnage and spaces between stowed cargo"),
        gettext_noop("Ladders, trunks and access ways"),
    ),
    SearchAreaKind.ENGINE_ROOM: (
        gettext_noop("Bilges"),
        gettext_noop("Behind insulation panels"),
        gettext_noop("Spare-parts lockers"),
        gettext_noop("Ventilation ducts"),
        gettext_noop("Under deck plates and floor gratings"),
        gettext_noop("Workshop and tool lockers"),
        gettext_noop("Funnel casing and exhaust trunks"),
        gettext_noop("Purifier and pump rooms"),
    ),
    SearchAreaKind.CREW_QUARTERS: (
        gettext_noop("Cabin ceilings and wall panels"),
        gettext_noop("Under bunks and mattresses"),
        gettext_noop("Lockers, wardrobes and drawers"),
        gettext_noop("Bathroom panels, shower trays and toilet cisterns"),
        gettext_noop("Air-conditioning vents"),
        gettext_noop("Mess room and laundry"),
    ),
    SearchAreaKind.PASSENGER_QUARTERS: (
        gettext_noop("Cabin ceilings and wall panels"),
        gettext_noop("Under seats and berths"),
        gettext_noop("Life-jacket lockers"),
        gettext_noop("Public toilets and their panels"),
        gettext_noop("Left luggage and luggage racks"),
        gettext_noop("Shop, bar and vending machine stores"),
    ),
    SearchAreaKind.STORES: (
        gettext_noop("Provision stores and cold rooms"),
        gettext_noop("Bonded store (duty-free goods, alcohol, tobacco)"),
        gettext_noop("Paint locker"),
        gettext_noop("Rope and chain lockers"),
        gettext_noop("Deck stores and boatswain's store"),
        gettext_noop("Lifeboats and life-raft containers"),
    ),
    SearchAreaKind.VOIDS: (
        gettext_noop("Void spaces and cofferdams"),
        gettext_noop("Ballast and fresh-water tanks"),
        gettext_noop("Double bottoms and duct keels"),
        gettext_noop("Rudder trunk and steering gear space"),
        gettext_noop("Sea chests and underwater hull (divers)"),
        gettext_noop("Chain locker and forepeak"),
        gettext_noop("Mast houses and ventilators"),
    ),
}


def spots_for(kind: str) -> tuple[str, ...]:
    """The usual concealment spots of an area kind, in their English source text."""
    return CONCEALMENT_SPOTS.get(kind, ())


def new_checklist(kind: str) -> list[dict[str, Any]]:
    """The checklist a new search area starts with: every spot of its kind, none ticked."""
    return [{"spot": spot, "checked": False} for spot in spots_for(kind)]


def spot_label(spot: str) -> str:
    """A stored spot in the language of the page."""
    return gettext(spot)
