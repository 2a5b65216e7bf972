"""Criteria evaluated on one record (a dict of the consignment frame's columns) in plain Python.

This is the record-by-record baseline the compiled Polars expressions are measured against, and
their reference: both must give the same answer on every line (the tests hold them to it). The
tree is turned once into nested closures, so a record costs only the checks themselves.

>>> from portcontrol.core.risk.profiles.language import parse
>>> check = predicate(parse('description contains any ["ангидрид*", "anhydride"]'))
>>> check({"description": "Уксусного ангидрида 99%"}), check({"description": "acetic acid"})
(True, False)
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import datetime

from portcontrol.core.risk.profiles.context import EMPTY, Context
from portcontrol.core.risk.profiles.fields import FIELDS, ROUTE_PORTS, Field, Kind, literal
from portcontrol.core.risk.profiles.language import (
    All,
    Among,
    Any,
    Compare,
    Contains,
    Has,
    Indicator,
    Missing,
    Node,
    Not,
    OnWatchList,
    StartsWith,
)
from portcontrol.core.risk.profiles.text import fold, term_pattern, term_words

Record = Mapping[str, object]
Check = Callable[[Record], bool]

_OPERATORS: dict[str, Callable[..., bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def evaluate(node: Node, record: Record, context: Context = EMPTY) -> bool:
    """Whether one record meets the criteria."""
    return predicate(node, context)(record)


def route(record: Record) -> list[str]:
    """Every port of the route, in order, without the missing ones."""
    ports: list[str] = []
    for name in ROUTE_PORTS:
        value = record.get(name)
        if isinstance(value, list):
            ports.extend(port for port in value if port is not None)
        elif isinstance(value, str):
            ports.append(value)
    return ports


def codes(field: str, record: Record) -> list[str] | None:
    """The codes of a list field of the record (``route`` and ``route_country`` derived)."""
    if field == "route":
        return route(record)
    if field == "route_country":
        return [port[:2] for port in route(record)]
    value = record.get(field)
    return [code for code in value if code is not None] if isinstance(value, list) else None


def weight_per_package(record: Record) -> float | None:
    """Gross weight divided by the number of packages, when both are known and packages > 0."""
    packages, gross = record.get("packages"), record.get("gross_weight_kg")
    if isinstance(packages, int) and packages > 0 and isinstance(gross, int | float):
        return gross / packages
    return None


def _value(field: Field) -> Callable[[Record], object]:
    name = field.name
    if name == "weight_per_package":
        return weight_per_package
    if field.kind is Kind.DATE:

        def day(record: Record) -> object:
            value = record.get(name)
            return value.date() if isinstance(value, datetime) else value

        return day
    return lambda record: record.get(name)


def predicate(node: Node, context: Context = EMPTY) -> Check:
    """A function telling whether a record meets the criteria."""
    if isinstance(node, All):
        checks = [predicate(item, context) for item in node.items]
        return lambda record: all(check(record) for check in checks)
    if isinstance(node, Any):
        checks = [predicate(item, context) for item in node.items]
        return lambda record: any(check(record) for check in checks)
    if isinstance(node, Not):
        inner = predicate(node.item, context)
        return lambda record: not inner(record)
    if isinstance(node, OnWatchList | Indicator):
        lines = (
            context.watch_list(node.code)
            if isinstance(node, OnWatchList)
            else context.indicator(node.name)
        )
        return lambda record: record.get("line_id") in lines
    return _condition(node)


def _condition(node: Node) -> Check:
    field = FIELDS[node.field]  # type: ignore[union-attr]
    value_of = _value(field)
    if isinstance(node, Missing):
        negated = node.negated

        def missing(record: Record) -> bool:
            if field.kind is Kind.LIST:
                found = codes(field.name, record)
                return (not found) != negated
            value = value_of(record)
            return (value is None or value == "") != negated

        return missing
    if isinstance(node, Has) or (isinstance(node, Among) and field.kind is Kind.LIST):
        wanted = {literal(field, value) for value in node.values}
        return lambda record: any(code in wanted for code in codes(field.name, record) or ())
    if isinstance(node, Compare):
        return _compare(field, node.op, literal(field, node.value), value_of)
    if isinstance(node, Among):
        return _among(field, [literal(field, value) for value in node.values], node.negated)
    if isinstance(node, StartsWith):
        name = field.name
        if field.kind is Kind.TEXT:
            starts = tuple(" " + term_words(value) for value in node.values)
            return lambda record: (
                _text(record, name) is not None
                and fold(
                    _text(record, name)  # type: ignore[arg-type]
                ).startswith(starts)
            )
        prefixes = tuple(str(literal(field, value)) for value in node.values)
        return lambda record: (
            isinstance(record.get(name), str)
            and record[name].startswith(  # type: ignore[attr-defined]
                prefixes
            )
        )
    if isinstance(node, Contains):
        return _contains(field.name, [term_pattern(term) for term in node.terms], node.every)
    raise TypeError(f"not a criteria node: {node!r}")


def _text(record: Record, name: str) -> str | None:
    value = record.get(name)
    return value if isinstance(value, str) else None


def _compare(field: Field, op: str, wanted: object, value_of: Callable[[Record], object]) -> Check:
    name = field.name
    if field.kind is Kind.HS:
        prefix = str(wanted)
        if op == "=":
            return lambda record: (_text(record, name) or "\x00").startswith(prefix)
        return lambda record: (
            _text(record, name) is not None
            and not record[name].startswith(  # type: ignore[attr-defined]
                prefix
            )
        )
    compare = _OPERATORS[op]

    def check(record: Record) -> bool:
        value = value_of(record)
        return value is not None and compare(value, wanted)

    return check


def _among(field: Field, values: list[object], negated: bool) -> Check:
    name = field.name
    if field.kind is Kind.HS:
        prefixes = tuple(str(value) for value in values)

        def among_codes(record: Record) -> bool:
            code = _text(record, name)
            return code is not None and code.startswith(prefixes) != negated

        return among_codes
    value_of = _value(field)
    listed = set(values)

    def among(record: Record) -> bool:
        value = value_of(record)
        return value is not None and (value in listed) != negated

    return among


def _contains(name: str, patterns: list[str], every: bool) -> Check:
    def contains(record: Record) -> bool:
        text = _text(record, name)
        if text is None:
            return False
        folded = fold(text)
        if every:
            return all(pattern in folded for pattern in patterns)
        return any(pattern in folded for pattern in patterns)

    return contains
