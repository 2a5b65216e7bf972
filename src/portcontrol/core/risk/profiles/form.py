"""The form-based editor: common criteria from form fields, and back when the text allows.

>>> text = build_criteria({"hs_codes": ["2915.24"], "route_countries": ["AF", "PK"],
...                        "value_per_kg_max": 1.5})
>>> text
'hs_code in ["2915.24"] and route_country in ["AF", "PK"] and value_per_kg <= 1.5'
>>> parse_simple(text) == {"hs_codes": ["2915.24"], "route_countries": ["AF", "PK"],
...                        "value_per_kg_max": 1.5}
True
>>> parse_simple('hs_code in ["29"] or origin = "AF"') is None
True
"""

from __future__ import annotations

from collections.abc import Mapping

from portcontrol.core.risk.profiles.errors import ProfileError
from portcontrol.core.risk.profiles.language import (
    All,
    Among,
    Compare,
    Contains,
    Has,
    Node,
    all_of,
    format,
    parse,
)

# form key -> field whose list of values it holds, in the order the text is written
LISTS = {
    "hs_codes": "hs_code",
    "route_countries": "route_country",
    "route_places": "route",
    "origin_countries": "origin_country",
    "cargo_unit_kinds": "cargo_unit_kind",
}
WORDS = {
    "description_words": "description",
    "shipper_words": "shipper_name",
    "consignee_words": "consignee_name",
}
BOUNDS = {
    "weight": "gross_weight_kg",
    "value_per_kg": "value_per_kg",
    "packages": "packages",
}
FORM_KEYS = (
    *LISTS,
    *WORDS,
    *(f"{name}_{end}" for name in BOUNDS for end in ("min", "max")),
)


def build_criteria(form: Mapping[str, object]) -> str:
    """Criteria text for the filled-in fields of the form, all of which must hold.

    Lists of values (``hs_codes``, ``route_countries``, ``route_places``, ``origin_countries``,
    ``cargo_unit_kinds``), words to look for (``description_words``, ``shipper_words``,
    ``consignee_words``; end a word with ``*`` for a prefix) and bounds (``weight_min``,
    ``weight_max``, ``value_per_kg_min``, ``value_per_kg_max``, ``packages_min``,
    ``packages_max``). Raises ProfileError when a value does not fit its field.
    """
    unknown = set(form) - set(FORM_KEYS)
    if unknown:
        raise ValueError(f"unknown form fields: {', '.join(sorted(unknown))}")
    nodes: list[Node] = []
    for key, field in LISTS.items():
        values = _strings(form.get(key))
        if values:
            nodes.append(Among(field, values))
    for key, field in WORDS.items():
        terms = _strings(form.get(key))
        if terms:
            nodes.append(Contains(field, terms))
    for name, field in BOUNDS.items():
        for end, op in (("min", ">="), ("max", "<=")):
            bound = form.get(f"{name}_{end}")
            if bound is not None and bound != "":
                nodes.append(Compare(field, op, _number(bound)))
    if not nodes:
        raise ValueError("the form selects nothing: fill in at least one field")
    text = format(all_of(*nodes))
    parse(text)  # a value that does not fit its field raises here, with its place
    return text


def _strings(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = values.split(",")
    return tuple(str(value).strip() for value in values if str(value).strip())  # type: ignore[attr-defined]


def _number(value: object) -> int | float:
    if isinstance(value, int | float):
        return value
    number = float(str(value))
    return int(number) if number.is_integer() and "." not in str(value) else number


def parse_simple(text: str) -> dict[str, object] | None:
    """The form fields these criteria fill in, or None when the form cannot show them."""
    try:
        tree = parse(text)
    except ProfileError:
        return None
    form: dict[str, object] = {}
    for node in tree.items if isinstance(tree, All) else (tree,):
        entry = _form_entry(node)
        if entry is None or entry[0] in form:
            return None
        form[entry[0]] = entry[1]
    return form


def _form_entry(node: Node) -> tuple[str, object] | None:
    lists = {field: key for key, field in LISTS.items()}
    words = {field: key for key, field in WORDS.items()}
    bounds = {field: name for name, field in BOUNDS.items()}
    if isinstance(node, Among) and not node.negated and node.field in lists:
        return lists[node.field], [str(value) for value in node.values]
    if isinstance(node, Has) and node.field == "route":
        return "route_places", list(node.values)
    if isinstance(node, Contains) and not node.every and node.field in words:
        return words[node.field], list(node.terms)
    if isinstance(node, Compare) and node.field in bounds and node.op in (">=", "<="):
        end = "min" if node.op == ">=" else "max"
        return f"{bounds[node.field]}_{end}", node.value
    return None
