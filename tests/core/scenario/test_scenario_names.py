"""One person, many spellings: transliteration habits and firm name variants."""

from __future__ import annotations

import random

from portcontrol.core.scenario.names import NAME_STOCKS, Scheme, is_cyrillic, transliterate
from portcontrol.core.scenario.parties import Registry


def test_the_same_surname_comes_out_differently_per_scheme() -> None:
    spellings = {transliterate("Сейтказиев", scheme) for scheme in Scheme}
    assert {"Seitkaziev", "Seytkaziyev", "Seitkaziyev"} <= spellings


def test_kazakh_letters_are_transliterated() -> None:
    assert transliterate("Жұмабаев Қайрат", Scheme.PASSPORT) == "Zhumabaev Kairat"
    assert transliterate("Жұмабаев Қайрат", Scheme.BGN) == "Zhumabayev Qayrat"


def test_azerbaijani_name_has_cyrillic_and_latin_spellings() -> None:
    part = next(p for p in NAME_STOCKS["AZ"].family_male if p.native == "Məmmədov")
    spellings = part.spellings()
    assert "Мамедов" in spellings and "Mammadov" in spellings and "Mamedov" in spellings


def test_kazakh_firm_is_written_in_both_scripts_with_legal_forms() -> None:
    registry = Registry(random.Random(3))
    firm = registry.new_firm("KZ", ("grain",))
    assert any(is_cyrillic(name) and name.startswith("ТОО") for name in firm.variants)
    assert any(not is_cyrillic(name) and name.endswith("LLP") for name in firm.variants)
    assert any(name.startswith("TOO ") for name in firm.variants)


def test_sole_trader_carries_the_owner_name_in_several_scripts() -> None:
    registry = Registry(random.Random(3))
    owner = registry.new_person("KZ", female=False)
    trader = registry.new_sole_trader(owner, ("fruit",))
    assert trader.tax_id == owner.tax_id
    assert any(name.startswith("ИП ") for name in trader.variants)
    assert any(name.startswith(("IP ", "IE ")) for name in trader.variants)
