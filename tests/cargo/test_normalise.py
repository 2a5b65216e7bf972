"""Search keys: Cyrillic and Latin spellings meet; identifiers lose their separators."""

import doctest

from portcontrol.cargo import normalise


def test_doctests_pass():
    assert doctest.testmod(normalise).failed == 0


def test_cyrillic_look_alike_letters_in_a_container_number_become_latin():
    assert normalise.code_key("МSКU 123456-5") == "MSKU1234565"


def test_name_key_folds_case_and_punctuation():
    assert normalise.name_key("ALYAT-Trade, LLC") == normalise.name_key("alyat trade llc")
