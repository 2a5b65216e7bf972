"""Criteria trees to Polars expressions, so that a profile runs on a whole column at once.

1. :func:`helper_columns` names the derived columns the criteria read: folded text (see
   :mod:`.text`) for word matching, and lists of codes joined into one text with a separator on
   each side, so that ``route has any [...]`` is one multi-pattern search. They are computed once
   per frame, however many profiles read them.
2. :func:`compile_criteria` turns a tree into one boolean expression over the frame plus those
   columns. Each condition is true or false, never null: a comparison with a missing value is
   false, whatever the operator (``is missing`` asks for it).

>>> import polars as pl
>>> from portcontrol.core.risk.profiles.language import parse
>>> frame = pl.DataFrame({"line_id": [0, 1, 2], "hs_code": ["291524", "291521", None]})
>>> select(parse('hs in ["2915.24"]'), frame).to_list()
[True, False, False]
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import polars as pl

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
    conditions,
)
from portcontrol.core.risk.profiles.text import fold_expression, term_pattern, term_words

# Unit separator: never part of a port, a container number or an issue code.
SEPARATOR = "\x1f"
_OPERATORS: dict[str, Callable[..., pl.Expr]] = {
    "=": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def folded_name(field: str) -> str:
    return f"__folded_{field}"


def joined_name(field: str) -> str:
    return f"__joined_{field}"


def _route_list() -> pl.Expr:
    """Every port of the route, in order, without the missing ones."""
    parts = [
        pl.col(name).fill_null(pl.lit([], dtype=pl.List(pl.Utf8)))
        if FIELDS[name].kind is Kind.LIST
        else pl.col(name)
        for name in ROUTE_PORTS
    ]
    return pl.concat_list(parts).list.drop_nulls()


def list_column(field: str) -> pl.Expr:
    """The codes of a list field (``route`` and ``route_country`` are derived)."""
    if field == "route":
        return _route_list()
    if field == "route_country":
        return _route_list().list.eval(pl.element().str.slice(0, 2))
    return pl.col(field)


def _joined(field: str) -> pl.Expr:
    codes = list_column(field).list.drop_nulls().list.join(SEPARATOR)
    return pl.concat_str([pl.lit(SEPARATOR), codes, pl.lit(SEPARATOR)])


def _reads_folded(node: Node) -> bool:
    if isinstance(node, Contains):
        return True
    return isinstance(node, StartsWith) and FIELDS[node.field].kind is Kind.TEXT


def helper_columns(nodes: Iterable[Node]) -> list[pl.Expr]:
    """The derived columns the criteria of ``nodes`` read, each once."""
    folded: set[str] = set()
    joined: set[str] = set()
    for node in nodes:
        for leaf in conditions(node):
            if _reads_folded(leaf):
                folded.add(leaf.field)  # type: ignore[union-attr]
            elif isinstance(leaf, Has | Among) and FIELDS[leaf.field].kind is Kind.LIST:
                joined.add(leaf.field)
    return [fold_expression(pl.col(name)).alias(folded_name(name)) for name in sorted(folded)] + [
        _joined(name).alias(joined_name(name)) for name in sorted(joined)
    ]


def compile_criteria(
    node: Node, context: Context = EMPTY, resolved: Mapping[Node, pl.Expr] | None = None
) -> pl.Expr:
    """One boolean expression, never null, over the frame and its :func:`helper_columns`.

    ``resolved`` replaces conditions already worked out on distinct values (see
    :func:`resolve_on_distinct_values`).
    """
    if resolved and node in resolved:
        return resolved[node]
    if isinstance(node, All):
        return pl.all_horizontal([compile_criteria(item, context, resolved) for item in node.items])
    if isinstance(node, Any):
        return pl.any_horizontal([compile_criteria(item, context, resolved) for item in node.items])
    if isinstance(node, Not):
        return ~compile_criteria(node.item, context, resolved)
    if isinstance(node, OnWatchList):
        return _line_in(context.watch_list(node.code))
    if isinstance(node, Indicator):
        return _line_in(context.indicator(node.name))
    return _condition(node).fill_null(False)


def _line_in(line_ids: frozenset[int]) -> pl.Expr:
    # A column expression even when empty, so that it has the frame's length.
    return pl.col("line_id").is_in(sorted(line_ids)).fill_null(False)


def _condition(node: Node) -> pl.Expr:
    field = FIELDS[node.field]  # type: ignore[union-attr]
    column = _value_column(field)
    if isinstance(node, Missing):
        missing = _missing(field)
        return ~missing if node.negated else missing
    if isinstance(node, Compare):
        return _compare(field, node.op, literal(field, node.value))
    if isinstance(node, Among):
        if field.kind is Kind.LIST:
            return _has(field, node.values)
        found = _among(field, [literal(field, value) for value in node.values])
        return (~found & column.is_not_null()) if node.negated else found
    if isinstance(node, Has):
        return _has(field, node.values)
    if isinstance(node, StartsWith):
        if field.kind is Kind.TEXT:
            folded = pl.col(folded_name(field.name))
            return pl.any_horizontal(
                [folded.str.starts_with(" " + term_words(value)) for value in node.values]
            )
        prefixes = [str(literal(field, value)) for value in node.values]
        return pl.any_horizontal([column.str.starts_with(prefix) for prefix in prefixes])
    if isinstance(node, Contains):
        folded = pl.col(folded_name(field.name))
        patterns = [term_pattern(term) for term in node.terms]
        if node.every:
            return pl.all_horizontal(
                [folded.str.contains(pattern, literal=True) for pattern in patterns]
            )
        if len(patterns) == 1:
            return folded.str.contains(patterns[0], literal=True)
        return folded.str.contains_any(patterns)
    raise TypeError(f"not a criteria node: {node!r}")


def _value_column(field: Field) -> pl.Expr:
    if field.name == "weight_per_package":
        packages = pl.col("packages")
        return pl.when(packages > 0).then(pl.col("gross_weight_kg") / packages)
    column = pl.col(field.name)
    return column.dt.date() if field.kind is Kind.DATE else column


def _compare(field: Field, op: str, value: object) -> pl.Expr:
    if field.kind is Kind.HS:
        matches = pl.col(field.name).str.starts_with(str(value))
        return matches if op == "=" else ~matches
    return _OPERATORS[op](_value_column(field), pl.lit(value))


def _among(field: Field, values: list[object]) -> pl.Expr:
    column = _value_column(field)
    if field.kind is Kind.HS:
        by_length: dict[int, set[str]] = defaultdict(set)
        for value in values:
            by_length[len(str(value))].add(str(value))
        # One set look-up per prefix length instead of one scan per listed code.
        return pl.any_horizontal(
            [
                column.str.slice(0, length).is_in(sorted(prefixes))
                for length, prefixes in sorted(by_length.items())
            ]
        )
    if field.kind is Kind.NUMBER:
        return pl.any_horizontal([column == pl.lit(value) for value in values])
    if field.kind is Kind.DATE:
        return column.is_in(sorted(set(values)))  # type: ignore[type-var]
    return column.is_in(sorted({str(value) for value in values}))


def _has(field: Field, values: tuple[object, ...]) -> pl.Expr:
    joined = pl.col(joined_name(field.name))
    patterns = sorted({f"{SEPARATOR}{literal(field, value)}{SEPARATOR}" for value in values})
    if len(patterns) == 1:
        return joined.str.contains(patterns[0], literal=True)
    return joined.str.contains_any(patterns)


def _missing(field: Field) -> pl.Expr:
    if field.kind is Kind.LIST:
        return list_column(field.name).list.len().fill_null(0) == 0
    column = _value_column(field)
    if field.kind in (Kind.TEXT, Kind.CODE, Kind.HS):
        return column.is_null() | (column == "")
    return column.is_null()


# evaluation over a whole frame ------------------------------------------------------------

_SCALAR_KINDS = (Kind.TEXT, Kind.CODE, Kind.HS)
_SCALAR_PORTS = tuple(name for name in ROUTE_PORTS if FIELDS[name].kind is not Kind.LIST)


def _on_one_column(leaf: Node) -> bool:
    """A condition decided by one text or code value alone, false when it is missing."""
    return (
        isinstance(leaf, Compare | Among | StartsWith | Contains)
        and FIELDS[leaf.field].kind in _SCALAR_KINDS
    )


def _on_route(leaf: Node) -> bool:
    return isinstance(leaf, Has | Among) and leaf.field in ("route", "route_country")


def resolve_on_distinct_values(
    leaves: Iterable[Node], frame: pl.DataFrame
) -> tuple[dict[Node, pl.Expr], bool]:
    """Conditions worked out once per distinct value, then looked up on every line.

    Names, descriptions, HS codes and ports repeat across a million lines: folding and word
    search on a few thousand distinct descriptions, then one hash look-up per line, beats
    doing it on every line. Route conditions become look-ups on each port column. Returns the
    replacement expressions and whether they read the joined transit ports.
    """
    by_column: dict[str, list[Node]] = defaultdict(list)
    route_leaves: list[Node] = []
    for leaf in dict.fromkeys(leaves):
        if _on_one_column(leaf):
            by_column[leaf.field].append(leaf)  # type: ignore[union-attr]
        elif _on_route(leaf):
            route_leaves.append(leaf)
    resolved: dict[Node, pl.Expr] = {}
    distinct: dict[str, pl.Series] = {}

    def values_of(name: str) -> pl.Series:
        if name not in distinct:
            distinct[name] = frame.get_column(name).unique().drop_nulls()
        return distinct[name]

    for name, column_leaves in by_column.items():
        values = values_of(name)
        table = (
            values.to_frame()
            .lazy()
            .with_columns(helper_columns(column_leaves))
            .select(
                pl.col(name),
                *(
                    _condition(leaf).fill_null(False).alias(f"c{index}")
                    for index, leaf in enumerate(column_leaves)
                ),
            )
            .collect()
        )
        for index, leaf in enumerate(column_leaves):
            matching = table.get_column(name).filter(table.get_column(f"c{index}"))
            resolved[leaf] = pl.col(name).is_in(matching.to_list()).fill_null(False)
    transit = (
        frame.get_column("transit_ports").explode().unique().drop_nulls()
        if route_leaves
        else pl.Series(dtype=pl.Utf8)
    )
    reads_transit = False
    for leaf in route_leaves:
        field = FIELDS[leaf.field]  # type: ignore[union-attr]
        wanted = {literal(field, value) for value in leaf.values}  # type: ignore[union-attr]
        country = field.name == "route_country"

        def matches(port: str, wanted: set[object] = wanted, country: bool = country) -> bool:
            return (port[:2] if country else port) in wanted

        parts = [
            pl.col(name).is_in([port for port in values_of(name).to_list() if matches(port)])
            for name in _SCALAR_PORTS
        ]
        patterns = [f"{SEPARATOR}{port}{SEPARATOR}" for port in transit.to_list() if matches(port)]
        if patterns:
            reads_transit = True
            parts.append(pl.col(joined_name("transit_ports")).str.contains_any(patterns))
        resolved[leaf] = pl.any_horizontal(parts).fill_null(False)
    return resolved, reads_transit


def evaluate_all(
    trees: Sequence[Node], frame: pl.DataFrame, context: Context = EMPTY
) -> pl.DataFrame:
    """``line_id`` and one boolean column per tree (``c0``, ``c1``...), in one pass."""
    leaves = [leaf for tree in trees for leaf in conditions(tree)]
    resolved, reads_transit = resolve_on_distinct_values(leaves, frame)
    remaining = [leaf for leaf in leaves if leaf not in resolved]
    helpers = helper_columns(remaining)
    if reads_transit and not any(
        helper.meta.output_name() == joined_name("transit_ports") for helper in helpers
    ):
        helpers.append(_joined("transit_ports").alias(joined_name("transit_ports")))
    return (
        frame.lazy()
        .with_columns(helpers)
        .select(
            pl.col("line_id"),
            *(
                compile_criteria(tree, context, resolved).alias(f"c{index}")
                for index, tree in enumerate(trees)
            ),
        )
        .collect()
    )


def select(node: Node, frame: pl.DataFrame, context: Context = EMPTY) -> pl.Series:
    """Whether each line of ``frame`` meets the criteria (a boolean series, no nulls)."""
    return evaluate_all([node], frame, context).get_column("c0").alias("selected")
