"""The criteria language: parsing, canonical text, precedence and errors that point at the place."""

from datetime import date

import pytest

from portcontrol.core.risk.frame import CONSIGNMENT_COLUMNS
from portcontrol.core.risk.profiles import ProfileError, format, parse, validate
from portcontrol.core.risk.profiles.fields import FIELDS, VIRTUAL_FIELDS
from portcontrol.core.risk.profiles.language import (
    All,
    Among,
    Any,
    Compare,
    Contains,
    Has,
    Indicator,
    Missing,
    Not,
    OnWatchList,
    StartsWith,
)


def test_every_column_of_the_frame_is_a_field():
    assert set(FIELDS) - set(VIRTUAL_FIELDS) == set(CONSIGNMENT_COLUMNS)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ('hs_code = "2915"', Compare("hs_code", "=", "2915")),
        ("packages != 3", Compare("packages", "!=", 3)),
        ("value_per_kg < 0.5", Compare("value_per_kg", "<", 0.5)),
        ("gross_weight_kg <= 1000", Compare("gross_weight_kg", "<=", 1000)),
        ("departure_time > 2025-03-01", Compare("departure_time", ">", date(2025, 3, 1))),
        ('vessel_name >= "M"', Compare("vessel_name", ">=", "M")),
        ('origin_country in ["AF", "PK"]', Among("origin_country", ("AF", "PK"))),
        ('origin_country not in ["AF"]', Among("origin_country", ("AF",), negated=True)),
        ('hs_code starts with "2915"', StartsWith("hs_code", ("2915",))),
        ('shipper_name starts with any ["ип", "too"]', StartsWith("shipper_name", ("ип", "too"))),
        ('description contains "acetic anhydride"', Contains("description", ("acetic anhydride",))),
        ('description contains any ["a", "b*"]', Contains("description", ("a", "b*"))),
        ('description contains all ["a", "b"]', Contains("description", ("a", "b"), True)),
        ('route has "AFKBL"', Has("route", ("AFKBL",))),
        ('route has any ["AFKBL", "PKKHI"]', Has("route", ("AFKBL", "PKKHI"))),
        ('route_country in ["AF"]', Among("route_country", ("AF",))),
        ("consignee_tax_id is missing", Missing("consignee_tax_id")),
        ("consignee_tax_id is not missing", Missing("consignee_tax_id", negated=True)),
        ('party on watchlist "UN-SC"', OnWatchList("UN-SC")),
        ('indicator "unit_value_low"', Indicator("unit_value_low")),
    ],
)
def test_each_operator_parses_and_formats_back(text, tree):
    assert parse(text) == tree
    assert format(tree) == text
    assert parse(format(tree)) == tree


def test_plain_word_aliases_name_the_same_fields():
    assert parse('shipper name contains "arman"') == parse('shipper_name contains "arman"')
    assert parse('hs in ["29"]') == parse('commodity code in ["29"]')
    assert parse('route country in ["AF"]') == parse('route_country in ["AF"]')
    assert parse("value per kg < 1") == Compare("value_per_kg", "<", 1)
    assert parse("weight > 1") == Compare("gross_weight_kg", ">", 1)


def test_tilde_is_a_word_prefix_and_keywords_ignore_case():
    assert parse('description ~ "ангидрид"') == Contains("description", ("ангидрид*",))
    assert parse('HS = "29" AND NOT packages > 1') == parse('hs = "29" and not packages > 1')


def test_not_binds_tighter_than_and_which_binds_tighter_than_or():
    a, b, c = (Compare("packages", "=", n) for n in (1, 2, 3))
    assert parse("packages = 1 or packages = 2 and packages = 3") == Any((a, All((b, c))))
    assert parse("not packages = 1 and packages = 2") == All((Not(a), b))
    assert parse("(packages = 1 or packages = 2) and packages = 3") == All((Any((a, b)), c))
    assert format(All((Any((a, b)), c))) == "(packages = 1 or packages = 2) and packages = 3"
    assert format(Not(All((a, b)))) == "not (packages = 1 and packages = 2)"


def test_nested_groups_of_the_same_kind_are_flattened():
    assert parse("(packages = 1 or packages = 2) or packages = 3") == parse(
        "packages = 1 or packages = 2 or packages = 3"
    )


def test_comments_line_breaks_escapes_and_single_quotes():
    text = 'description contains "say \\"FAK\\""  # vague\n  and hs = \'48\''
    tree = parse(text)
    assert tree == All((Contains("description", ('say "FAK"',)), Compare("hs_code", "=", "48")))
    assert parse(format(tree)) == tree


def _first(text, **names):
    errors = validate(text, **names)
    assert errors, text
    return errors[0]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ('hs_cod = "2915"', 1, 1, 'unknown field "hs_cod" (did you mean "hs_code"?)'),
        ('origin_country like "AF"', 1, 16, 'unknown operator "like"'),
        ('hs == "2915"', 1, 4, 'did you mean "="'),
        ('value_per_kg > "cheap"', 1, 16, "value_per_kg is a number"),
        ("packages = 3 and\n  origin_country = 4", 2, 20, "put the value in quotes"),
        ('departure_time > "yesterday"', 1, 18, "is a date"),
        ('(hs = "29" and packages = 1', 1, 1, 'unclosed "("'),
        ('hs in ["29", "30"', 1, 7, 'unclosed "["'),
        ('hs in ["29" "30"]', 1, 13, 'expected "," or "]"'),
        ('hs = "29")', 1, 10, 'closes no "("'),
        ('hs_code < "2915"', 1, 9, 'operator "<" does not apply to hs_code'),
        ('hs = "29x5"', 1, 6, "2 to 10 digits"),
        ('route has "AFKBLX"', 1, 11, "UN/LOCODE"),
        ('description contains "*acid"', 1, 22, "may only end a term"),
        ('hs = "29" and', 1, 14, "expected a field name, found the end"),
        ('description contains "acid', 1, 22, "unclosed text"),
        ("", 1, 1, "the criteria are empty"),
        ("hs in []", 1, 8, "the list is empty"),
        ("departure_time = 2025-02-30", 1, 18, "is not a date"),
    ],
)
def test_each_kind_of_mistake_is_reported_at_its_place(text, line, column, words):
    error = _first(text)
    assert (error.line, error.column) == (line, column), str(error)
    assert words in error.message
    assert str(error).startswith(f"line {line}, column {column}: ")
    if text:
        caret_line = str(error).splitlines()[-1]
        assert caret_line.index("^") == column + 1  # two spaces of indentation


def test_unknown_watch_lists_and_indicators_are_reported_when_the_names_are_known():
    error = _first('party on watchlist "UN-SX"', watch_lists={"UN-SC", "OFAC"})
    assert error.column == 20 and 'unknown watch list "UN-SX" (did you mean "UN-SC"?)' in str(error)
    error = _first('indicator "unit_valu_low"', indicators={"unit_value_low"})
    assert 'unknown indicator "unit_valu_low"' in error.message
    assert validate('party on watchlist "ANY"') == []


def test_every_mistake_of_meaning_is_listed_and_parse_raises_the_first():
    text = 'hs_cod = "1" and packages = "x" and origin in ["AF"]'
    errors = validate(text)
    assert [(error.line, error.column) for error in errors] == [(1, 1), (1, 29)]
    with pytest.raises(ProfileError) as raised:
        parse(text)
    assert raised.value.column == 1


def test_the_marked_line_is_the_line_of_the_mistake():
    error = _first('hs = "29"\n  and packages > "many"')
    assert str(error).splitlines()[1:] == ['    and packages > "many"', "                   ^^^^^^"]


def test_every_example_in_the_documentation_parses():
    from pathlib import Path

    text = (Path(__file__).parents[4] / "docs" / "profiles.md").read_text()
    block = text.split("## Examples, one or more per threat")[1].split("```text")[1]
    examples: list[list[str]] = []
    for line in block.split("```")[0].splitlines():
        if line.startswith("#") or not line.strip():
            examples.append([])
        elif line.startswith("  ") and examples and examples[-1]:
            examples[-1].append(line)
        else:
            examples.append([line])
    criteria = ["\n".join(lines) for lines in examples if lines]
    assert len(criteria) >= 10
    for text in criteria:
        parse(text)
