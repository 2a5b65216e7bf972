"""The profile criteria language: tokens, a recursive-descent parser to a tree, and its text.

Criteria are parsed and checked against the fields, never evaluated as code. The grammar is in
``docs/profiles.md``; in short::

    hs_code in ["291521", "291524"] and route_country in ["AF", "PK"]
      and not description contains any ["food grade", "пищев*"]

Precedence is ``not`` over ``and`` over ``or``; parentheses group. :func:`parse` returns a tree
of frozen nodes (equal trees compare equal, whatever the positions), :func:`format` writes the
canonical text of a tree, and ``parse(format(tree)) == tree``.

>>> tree = parse('hs starts with "2915" AND (origin = "af" or route has "AFKBL")')
>>> format(tree)
'hs_code starts with "2915" and (origin_country = "af" or route has "AFKBL")'
>>> [str(error).splitlines()[0] for error in validate('hs_cod = "2915"')]
['line 1, column 1: unknown field "hs_cod" (did you mean "hs_code"?)']
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TypeVar

from portcontrol.core.risk.profiles.errors import ProfileError
from portcontrol.core.risk.profiles.fields import FIELDS, SPELLINGS, Field, Kind
from portcontrol.core.risk.profiles.text import PREFIX_MARK, term_words

Value = str | int | float | date
Item = TypeVar("Item")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a node starts in the criteria text (1-based), for messages about it."""

    line: int = 0
    column: int = 0
    length: int = 0


NOWHERE = Span()


def _span() -> Span:
    return field(default=NOWHERE, compare=False, repr=False)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Compare:
    """``field op value`` with op one of = != < <= > >= (prefix match for HS codes)."""

    field: str
    op: str
    value: Value
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Among:
    """``field in [...]`` or ``field not in [...]`` (prefix match for HS codes)."""

    field: str
    values: tuple[Value, ...]
    negated: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class StartsWith:
    """``field starts with "x"`` or ``starts with any [...]``."""

    field: str
    values: tuple[str, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Contains:
    """``field contains "words"``, ``contains any [...]`` or ``contains all [...]``.

    Each term is one or more whole words; a term ending in ``*`` ends in a word prefix.
    """

    field: str
    terms: tuple[str, ...]
    every: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Has:
    """``list_field has "x"`` or ``has any [...]``: one of the codes of the line is listed."""

    field: str
    values: tuple[str, ...]
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Missing:
    """``field is missing`` (no value, empty text or empty list) or ``is not missing``."""

    field: str
    negated: bool = False
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class OnWatchList:
    """``party on watchlist "CODE"``: screening found a party of the line on that list."""

    code: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Indicator:
    """``indicator "name"``: that computed indicator hit the line."""

    name: str
    span: Span = _span()


@dataclass(frozen=True, slots=True)
class Not:
    item: Node


@dataclass(frozen=True, slots=True)
class All:
    """Every item holds (``and``)."""

    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Any:
    """At least one item holds (``or``)."""

    items: tuple[Node, ...]


Condition = Compare | Among | StartsWith | Contains | Has | Missing
Node = Condition | OnWatchList | Indicator | Not | All | Any

COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
# Which operators fit which kind of field; the names are those of the error messages.
OPERATORS: dict[Kind, tuple[str, ...]] = {
    Kind.NUMBER: (*COMPARISONS, "in", "not in", "is missing"),
    Kind.DATE: (*COMPARISONS, "in", "not in", "is missing"),
    Kind.TEXT: (*COMPARISONS, "in", "not in", "starts with", "contains", "~", "is missing"),
    Kind.CODE: (*COMPARISONS, "in", "not in", "starts with", "contains", "~", "is missing"),
    Kind.HS: ("=", "!=", "in", "not in", "starts with", "is missing"),
    Kind.LIST: ("has", "in", "is missing"),
}
_KIND_WORDS = {
    Kind.NUMBER: "a number",
    Kind.DATE: "a date",
    Kind.TEXT: "a text",
    Kind.CODE: "a code",
    Kind.HS: "an HS code",
    Kind.LIST: "a list of codes",
}
_WRONG_OPERATORS = {"==": "=", "<>": "!=", "=>": ">=", "=<": "<="}
_LOCODE = re.compile(r"[A-Za-z]{2}[A-Za-z0-9]{3}")
_COUNTRY = re.compile(r"[A-Za-z]{2}")


def all_of(*items: Node) -> Node:
    """``and`` of the items, flattened: ``(a and b) and c`` is ``a and b and c``."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, All) else (item,))
    return flat[0] if len(flat) == 1 else All(tuple(flat))


def any_of(*items: Node) -> Node:
    """``or`` of the items, flattened."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.items if isinstance(item, Any) else (item,))
    return flat[0] if len(flat) == 1 else Any(tuple(flat))


def hs_digits(code: str) -> str:
    """An HS code as digits only: ``"2915.24"`` and ``"2915 24"`` are ``"291524"``."""
    return re.sub(r"[.\s]", "", code)


# tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\r\n]+)
    |(?P<comment>\#[^\n]*)
    |(?P<date>\d{4}-\d{2}-\d{2}(?![\w.]))
    |(?P<number>-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\w.]))
    |(?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
    |(?P<word>[^\W\d]\w*)
    |(?P<op>==|<>|=>|=<|<=|>=|!=|=|<|>|~)
    |(?P<punct>[()\[\],])
    """,
    re.VERBOSE,
)
_ESCAPES = {"n": "\n", "t": "\t"}


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # word, string, number, date, op, punct, end
    text: str
    offset: int

    def value(self) -> Value:
        """The literal this token stands for (string, number or date)."""
        if self.kind == "string":
            body = self.text[1:-1]
            return re.sub(r"\\(.)", lambda match: _ESCAPES.get(match[1], match[1]), body)
        if self.kind == "date":
            return date.fromisoformat(self.text)
        if re.fullmatch(r"-?\d+", self.text):
            return int(self.text)
        return float(self.text)

    def shown(self) -> str:
        """The token as a message names it."""
        return "the end" if self.kind == "end" else f'"{self.text}"'


class _Source:
    """The criteria text with its lines, to turn offsets into line and column."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def error(self, message: str, offset: int, length: int = 1) -> ProfileError:
        line = sum(1 for start in self.starts if start <= offset)
        start = self.starts[line - 1]
        end = self.text.find("\n", start)
        source_line = self.text[start : end if end >= 0 else len(self.text)]
        length = max(1, min(length, len(source_line) - (offset - start)))
        return ProfileError(message, line, offset - start + 1, source_line, length)

    def span(self, token: Token) -> Span:
        line = sum(1 for start in self.starts if start <= token.offset)
        return Span(line, token.offset - self.starts[line - 1] + 1, len(token.text))


def tokenize(text: str) -> list[Token]:
    """The tokens of the criteria, ending with an ``end`` token; raises on a stray character."""
    source = _Source(text)
    tokens: list[Token] = []
    offset = 0
    while offset < len(text):
        match = _TOKEN.match(text, offset)
        if match is None:
            if text[offset] in "\"'":
                raise source.error("unclosed text: the closing quote is missing", offset)
            raise source.error(f'unexpected character "{text[offset]}"', offset)
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            tokens.append(Token(kind, match[0], offset))
        offset = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


# parser ------------------------------------------------------------------------------------


class _Parser:
    """Recursive descent over the tokens; collects mistakes of meaning, raises on syntax."""

    def __init__(
        self,
        text: str,
        watch_lists: Collection[str] | None,
        indicators: Collection[str] | None,
    ) -> None:
        self.source = _Source(text)
        self.tokens: list[Token] = []
        self.position = 0
        self.watch_lists = watch_lists
        self.indicators = indicators
        self.errors: list[ProfileError] = []

    # helpers

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.position + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.peek()
        self.position = min(self.position + 1, len(self.tokens) - 1)
        return token

    def word(self, ahead: int = 0) -> str | None:
        """The lower-case word at this position, if it is a word."""
        token = self.peek(ahead)
        return token.text.lower() if token.kind == "word" else None

    def fail(self, message: str, token: Token) -> ProfileError:
        return self.source.error(message, token.offset, len(token.text) or 1)

    def note(self, message: str, token: Token) -> None:
        """A mistake of meaning: parsing goes on so that every such mistake is reported."""
        self.errors.append(self.fail(message, token))

    def expect_word(self, expected: str, after: str) -> Token:
        if self.word() != expected:
            raise self.fail(
                f'expected "{expected}" after {after}, found {self.peek().shown()}', self.peek()
            )
        return self.advance()

    def expect_punct(self, expected: str, after: str) -> Token:
        token = self.peek()
        if token.kind != "punct" or token.text != expected:
            raise self.fail(f'expected "{expected}" after {after}, found {token.shown()}', token)
        return self.advance()

    # grammar

    def criteria(self) -> Node:
        self.tokens = tokenize(self.source.text)
        if self.peek().kind == "end":
            raise self.fail("the criteria are empty", self.peek())
        node = self.disjunction()
        token = self.peek()
        if token.kind == "punct" and token.text == ")":
            raise self.fail('this ")" closes no "("', token)
        if token.kind != "end":
            raise self.fail(f'expected "and", "or" or the end, found {token.shown()}', token)
        return node

    def disjunction(self) -> Node:
        items = [self.conjunction()]
        while self.word() == "or":
            self.advance()
            items.append(self.conjunction())
        return any_of(*items)

    def conjunction(self) -> Node:
        items = [self.negation()]
        while self.word() == "and":
            self.advance()
            items.append(self.negation())
        return all_of(*items)

    def negation(self) -> Node:
        if self.word() == "not":
            self.advance()
            return Not(self.negation())
        return self.atom()

    def atom(self) -> Node:
        token = self.peek()
        if token.kind == "punct" and token.text == "(":
            self.advance()
            node = self.disjunction()
            closing = self.peek()
            if closing.kind == "end":
                raise self.fail('unclosed "(": the matching ")" is missing', token)
            if closing.kind != "punct" or closing.text != ")":
                raise self.fail(f'expected "and", "or" or ")", found {closing.shown()}', closing)
            self.advance()
            return node
        if self.word() == "party" and self.word(1) == "on":
            return self.watch_list()
        if self.word() == "indicator":
            return self.indicator()
        return self.condition()

    def watch_list(self) -> Node:
        start = self.advance()
        self.advance()  # "on"
        if self.word() == "watch" and self.word(1) == "list":
            self.advance()
            self.advance()
        else:
            self.expect_word("watchlist", '"party on"')
        token = self.peek()
        code = self.text_value(token, "the code of a watch list")
        self.check_name(code, token, self.watch_lists, "watch list")
        return OnWatchList(code, self.source.span(start))

    def indicator(self) -> Node:
        start = self.advance()
        token = self.peek()
        name = self.text_value(token, "the name of an indicator")
        self.check_name(name, token, self.indicators, "indicator")
        return Indicator(name, self.source.span(start))

    def text_value(self, token: Token, what: str) -> str:
        if token.kind != "string":
            raise self.fail(f"expected {what} in quotes, found {token.shown()}", token)
        self.advance()
        return str(token.value())

    def check_name(self, name: str, token: Token, known: Collection[str] | None, what: str) -> None:
        if known is not None and name not in known:
            self.note(f'unknown {what} "{name}"{_suggestion(name, known)}', token)

    def field_name(self) -> tuple[Field | None, Token]:
        """The longest spelling of a field at this position (``shipper name``, ``hs``)."""
        start = self.peek()
        if start.kind != "word":
            raise self.fail(f"expected a field name, found {start.shown()}", start)
        words: list[str] = []
        found: tuple[Field | None, int] = (None, 0)
        for ahead in range(4):
            word = self.word(ahead)
            if word is None:
                break
            words.append(word)
            name = SPELLINGS.get(tuple(words))
            if name is not None:
                found = (FIELDS[name], ahead + 1)
        field_, count = found
        if field_ is None:
            candidates = [*FIELDS, *(" ".join(spelling) for spelling in SPELLINGS)]
            self.note(f'unknown field "{start.text}"{_suggestion(start.text, candidates)}', start)
            count = 1
        for _ in range(count):
            self.advance()
        return field_, start

    def condition(self) -> Node:
        field_, start = self.field_name()
        name = field_.name if field_ else start.text.lower()
        span = self.source.span(start)
        token = self.peek()
        operator = self.word() or (token.text if token.kind == "op" else None)
        if token.kind == "op" and token.text in _WRONG_OPERATORS:
            raise self.fail(
                f'unknown operator "{token.text}" (did you mean "{_WRONG_OPERATORS[token.text]}"?)',
                token,
            )
        node: Node
        if operator in COMPARISONS:
            self.advance()
            self.allow(field_, operator, token)
            value = self.value(field_)
            node = Compare(name, operator, value, span)
        elif operator == "~":
            self.advance()
            self.allow(field_, "~", token)
            term_token = self.peek()
            term = self.text_value(term_token, "a word or word prefix")
            term = term if term.endswith(PREFIX_MARK) else term + PREFIX_MARK
            self.check_term(term, term_token)
            node = Contains(name, (term,), False, span)
        elif operator == "in" or (operator == "not" and self.word(1) == "in"):
            negated = operator == "not"
            self.advance()
            if negated:
                self.advance()
            self.allow(field_, "not in" if negated else "in", token)
            node = Among(name, self.values(field_), negated, span)
        elif operator == "starts":
            self.advance()
            self.expect_word("with", '"starts"')
            self.allow(field_, "starts with", token)
            node = StartsWith(name, self.one_or_any(field_), span)  # type: ignore[arg-type]
        elif operator == "has":
            self.advance()
            self.allow(field_, "has", token)
            node = Has(name, self.one_or_any(field_), span)  # type: ignore[arg-type]
        elif operator == "contains":
            self.advance()
            self.allow(field_, "contains", token)
            every = self.word() == "all"
            if self.word() in ("any", "all"):
                self.advance()
                terms = self.list_of(self.term)
            else:
                terms = (self.term(),)
            node = Contains(name, terms, every, span)
        elif operator == "is":
            self.advance()
            negated = self.word() == "not"
            if negated:
                self.advance()
            self.expect_word("missing", '"is not"' if negated else '"is"')
            self.allow(field_, "is missing", token)
            node = Missing(name, negated, span)
        else:
            shown = f'after "{name}"' if field_ else "here"
            if token.kind in ("word", "op"):
                raise self.fail(f'unknown operator "{token.text}" {shown}', token)
            raise self.fail(f"expected an operator {shown}, found {token.shown()}", token)
        return node

    def allow(self, field_: Field | None, operator: str, token: Token) -> None:
        if field_ is None:
            return
        allowed = OPERATORS[field_.kind]
        if operator not in allowed:
            self.note(
                f'operator "{operator}" does not apply to {field_.name} '
                f"({_KIND_WORDS[field_.kind]}); use {', '.join(allowed)}",
                token,
            )

    def one_or_any(self, field_: Field | None) -> tuple[Value, ...]:
        if self.word() == "any":
            self.advance()
            return self.values(field_)
        return (self.value(field_),)

    def values(self, field_: Field | None) -> tuple[Value, ...]:
        return self.list_of(lambda: self.value(field_))

    def list_of(self, item: Callable[[], Item]) -> tuple[Item, ...]:
        opening = self.peek()
        if opening.kind != "punct" or opening.text != "[":
            raise self.fail(f'expected a list in "[ ]", found {opening.shown()}', opening)
        self.advance()
        items: list[Item] = []
        while True:
            token = self.peek()
            if token.kind == "punct" and token.text == "]" and items:
                self.advance()
                return tuple(items)
            if token.kind == "end":
                raise self.fail('unclosed "[": the matching "]" is missing', opening)
            if token.kind == "punct" and token.text == "]":
                raise self.fail("the list is empty", token)
            items.append(item())
            token = self.peek()
            if token.kind == "punct" and token.text == ",":
                self.advance()
            elif not (token.kind == "punct" and token.text == "]"):
                if token.kind == "end":
                    raise self.fail('unclosed "[": the matching "]" is missing', opening)
                raise self.fail(f'expected "," or "]" in the list, found {token.shown()}', token)

    def term(self) -> str:
        token = self.peek()
        term = self.text_value(token, "words to look for")
        self.check_term(term, token)
        return term

    def check_term(self, term: str, token: Token) -> None:
        if PREFIX_MARK in term.removesuffix(PREFIX_MARK):
            self.note('"*" may only end a term, to mark a word prefix', token)
        elif not term_words(term):
            self.note("nothing to look for: the term has no letters or digits", token)

    def value(self, field_: Field | None) -> Value:
        token = self.peek()
        if token.kind not in ("string", "number", "date"):
            raise self.fail(f"expected a value, found {token.shown()}", token)
        self.advance()
        try:
            value = token.value()
        except ValueError:
            self.note(f"{token.text} is not a date", token)
            return token.text
        if field_ is not None:
            self.check_value(field_, value, token)
        return value

    def check_value(self, field_: Field, value: Value, token: Token) -> None:
        kind, name = field_.kind, field_.name
        if kind is Kind.NUMBER and not isinstance(value, int | float):
            self.note(f"{name} is a number: write a number, not {token.text}", token)
        elif kind is Kind.DATE and not isinstance(value, date):
            self.note(f"{name} is a date: write a day like 2025-03-01, not {token.text}", token)
        elif kind in (Kind.TEXT, Kind.CODE, Kind.HS, Kind.LIST) and not isinstance(value, str):
            self.note(
                f'{name} is {_KIND_WORDS[kind]}: put the value in quotes, "{token.text}"', token
            )
        elif kind is Kind.HS and not re.fullmatch(r"\d{2,10}", hs_digits(str(value))):
            self.note(f"an HS code is 2 to 10 digits, not {token.text}", token)
        elif name == "route" and not _LOCODE.fullmatch(str(value)):
            self.note(f"a place of the route is a UN/LOCODE like AZBAK, not {token.text}", token)
        elif name == "route_country" and not _COUNTRY.fullmatch(str(value)):
            self.note(f"a country is two letters like AZ, not {token.text}", token)


def _suggestion(word: str, candidates: Collection[str]) -> str:
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(word.lower(), list(by_lower), n=1, cutoff=0.6)
    return f' (did you mean "{by_lower[close[0]]}"?)' if close else ""


def _frozen(names: Collection[str] | None) -> frozenset[str] | None:
    return None if names is None else frozenset(names)


@lru_cache(maxsize=4096)
def _parse(
    text: str, watch_lists: frozenset[str] | None, indicators: frozenset[str] | None
) -> tuple[Node | None, tuple[ProfileError, ...]]:
    parser = _Parser(text, watch_lists, indicators)
    try:
        node = parser.criteria()
    except ProfileError as error:
        return None, (*parser.errors, error)
    return node, tuple(parser.errors)


def parse(
    text: str,
    *,
    watch_lists: Collection[str] | None = None,
    indicators: Collection[str] | None = None,
) -> Node:
    """The tree of the criteria; raises :class:`ProfileError` at the first mistake.

    ``watch_lists`` and ``indicators``, when given, are the names the criteria may use.
    """
    node, errors = _parse(text, _frozen(watch_lists), _frozen(indicators))
    if errors:
        raise min(errors, key=lambda error: (error.line, error.column))
    assert node is not None
    return node


def validate(
    text: str,
    *,
    watch_lists: Collection[str] | None = None,
    indicators: Collection[str] | None = None,
) -> list[ProfileError]:
    """Every mistake in the criteria, in the order of the text; empty when they are right."""
    _, errors = _parse(text, _frozen(watch_lists), _frozen(indicators))
    return sorted(errors, key=lambda error: (error.line, error.column))


# canonical text ----------------------------------------------------------------------------


def _literal(value: Value) -> str:
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'
    if isinstance(value, date):
        return value.isoformat()
    return repr(value)


def _list(values: tuple[Value, ...]) -> str:
    return "[" + ", ".join(_literal(value) for value in values) + "]"


def _one_or_any(values: tuple[Value, ...]) -> str:
    return _literal(values[0]) if len(values) == 1 else "any " + _list(values)


_PRECEDENCE = {Any: 1, All: 2, Not: 3}


def format(node: Node) -> str:  # noqa: A001 - the name the language documents
    """The canonical text of a tree: field names, lower-case words, minimal parentheses."""
    return _format(node)


def _format(node: Node) -> str:
    if isinstance(node, Any | All):
        joiner = " or " if isinstance(node, Any) else " and "
        own = _PRECEDENCE[type(node)]
        return joiner.join(_grouped(item, own) for item in node.items)
    if isinstance(node, Not):
        return "not " + _grouped(node.item, _PRECEDENCE[Not] - 1)
    if isinstance(node, Compare):
        return f"{node.field} {node.op} {_literal(node.value)}"
    if isinstance(node, Among):
        return f"{node.field} {'not in' if node.negated else 'in'} {_list(node.values)}"
    if isinstance(node, StartsWith):
        return f"{node.field} starts with {_one_or_any(node.values)}"
    if isinstance(node, Has):
        return f"{node.field} has {_one_or_any(node.values)}"
    if isinstance(node, Contains):
        if node.every:
            return f"{node.field} contains all {_list(node.terms)}"
        return f"{node.field} contains {_one_or_any(node.terms)}"
    if isinstance(node, Missing):
        return f"{node.field} is {'not ' if node.negated else ''}missing"
    if isinstance(node, OnWatchList):
        return f"party on watchlist {_literal(node.code)}"
    if isinstance(node, Indicator):
        return f"indicator {_literal(node.name)}"
    raise TypeError(f"not a criteria node: {node!r}")


def _grouped(node: Node, outer: int) -> str:
    """The node's text, in parentheses when it binds no tighter than its parent."""
    text = _format(node)
    return f"({text})" if _PRECEDENCE.get(type(node), 9) <= outer else text


def conditions(node: Node) -> list[Node]:
    """Every leaf of the tree (conditions and lookups), left to right."""
    if isinstance(node, Any | All):
        return [leaf for item in node.items for leaf in conditions(item)]
    if isinstance(node, Not):
        return conditions(node.item)
    return [node]
