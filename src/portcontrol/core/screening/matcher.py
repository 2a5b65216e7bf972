"""Screening names and identifiers against watch lists, through an index built once.

Steps of ``screen``:

1. deduplicate the query rows (a party named on a thousand lines is screened once);
2. plates, container numbers and IMO numbers: exact lookup of the identifier key;
3. names: fold each to a ``NameForm``; find the vocabulary words within one or two edits of each
   query word (a deletion neighbourhood, so no word is compared with the whole vocabulary);
   candidates are the list names holding two of those words (pair index), or, for a one-word
   query or one with initials, the names holding that word;
4. score every candidate with ``pair_score`` (order-free word alignment, initials, tolerated
   missing patronymic, typos) and adjust by date of birth and document number where both sides
   give them; keep the strongest list name of each entry above the threshold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any

import polars as pl
from rapidfuzz.distance import Levenshtein

from portcontrol.core.risk.reasons import (
    HITS_SCHEMA,
    Lane,
    ReasonKind,
    Target,
    detail_text,
    empty_hits,
)
from portcontrol.core.screening.entries import (
    EntryKind,
    WatchListEntry,
    document_key,
    partial_date,
)
from portcontrol.core.screening.normalise import NameForm, identifier_key, name_form

# Chosen on tests/core/screening/name_pairs.csv: see test_name_pairs.py for the measured
# precision and recall at this threshold.
THRESHOLD = 85.0
INITIAL_SIMILARITY = 85.0
TWO_TYPOS = 60.0
# Weight of the unmatched words of the longer name once the shorter one is fully matched on two
# words or more: lists carry third and fourth names that manifests leave out.
EXTRA_WORD_WEIGHT = 0.25
MATCHES_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "entry_id": pl.Utf8,
    "list_code": pl.Utf8,
    "entry_kind": pl.Utf8,
    "query_form": pl.Utf8,
    "alias_form": pl.Utf8,
    "strength": pl.Float64,
    "threat": pl.Utf8,
}
# Which entry kinds a query of a kind is screened against; None: a party of unknown kind.
_SCREENED_KINDS: dict[str | None, frozenset[EntryKind]] = {
    None: frozenset({EntryKind.PERSON, EntryKind.COMPANY, EntryKind.VESSEL}),
    "person": frozenset({EntryKind.PERSON}),
    "company": frozenset({EntryKind.COMPANY, EntryKind.PERSON}),  # sole traders trade by name
    "vessel": frozenset({EntryKind.VESSEL}),
}
_IDENTIFIER_KINDS = frozenset({"vehicle", "container", "vessel"})


def word_similarity(left: str, right: str) -> float:
    """Similarity 0-100 of two phonetic keys: equal, one typo, or two typos in a long word.

    >>> word_similarity("nurlan", "nurlam"), word_similarity("nurlan", "erlan")
    (92.0, 0.0)
    >>> word_similarity("seitKazov", "seitKazova")
    92.0
    """
    if left == right:
        return 100.0
    longest = max(len(left), len(right))
    if longest < 4:
        return 0.0
    distance = Levenshtein.distance(left, right, score_cutoff=2)
    if distance == 1:
        return 92.0 if longest >= 5 else 80.0
    if distance == 2 and longest >= 8:
        return TWO_TYPOS
    return 0.0


def _pair_similarity(left: str, right: str) -> float:
    """Word similarity where a one-letter key is an initial of the other word."""
    if len(left) == 1 or len(right) == 1:
        if len(left) == len(right):
            return 100.0 if left == right else 0.0
        return INITIAL_SIMILARITY if left[0] == right[0] else 0.0
    return word_similarity(left, right)


def pair_score(query: NameForm, alias: NameForm) -> float:
    """How strongly two names denote the same person or company, 0-100, names alone.

    1. words are aligned regardless of order, best pairs first (initials pair with a word that
       starts with the letter);
    2. patronymics count only when both names give one;
    3. score = sum of pair similarities / (pairs + unmatched words of the shorter name + unmatched
       words of the longer, the latter weighted 0.25 once two words or more fully match).

    >>> pair_score(name_form("Seitkaziyev Nurlan"), name_form("Нурлан Сейтказиев"))
    100.0
    >>> pair_score(name_form("N. Seitkaziyev"), name_form("Seitkaziev Nurlan Bakhytzhanovich"))
    92.5
    >>> pair_score(name_form("Seitkaziev Erlan"), name_form("Seitkaziev Nurlan"))
    33.33
    """
    left = query.keys
    right = alias.keys
    if query.patronymic and alias.patronymic:
        left = left + query.patronymic
        right = right + alias.patronymic
    if not left or not right:
        return 0.0
    scored: list[tuple[float, int, int]] = []
    for i, left_key in enumerate(left):
        for j, right_key in enumerate(right):
            similarity = _pair_similarity(left_key, right_key)
            if similarity > 0.0:
                scored.append((similarity, i, j))
    if not scored:
        return 0.0
    scored.sort(reverse=True)
    used_left: set[int] = set()
    used_right: set[int] = set()
    total = 0.0
    full_pairs = 0
    for similarity, i, j in scored:
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        total += similarity
        if len(left[i]) > 1 and len(right[j]) > 1:
            full_pairs += 1
    if full_pairs == 0:
        return 0.0
    pairs = len(used_left)
    short, long = sorted((len(left), len(right)))
    unmatched_short = short - pairs
    unmatched_long = long - pairs
    # Every word of a company name counts: "Arman Trans" is not "Arman Trans Service".
    is_person_like = query.legal_form is None and alias.legal_form is None
    extra = EXTRA_WORD_WEIGHT if is_person_like and pairs >= 2 and unmatched_short == 0 else 1.0
    return round(total / (pairs + unmatched_short + extra * unmatched_long), 2)


def birth_adjustment(query: str | None, listed: Sequence[str]) -> float:
    """Points added or taken for the date of birth: agreement raises, a clear miss lowers.

    >>> birth_adjustment("1975-04-02", ("1975-04-02",)), birth_adjustment("1975-04-02", ("1975",))
    (8.0, 3.0)
    >>> birth_adjustment("1975-04-02", ("1975-09-30",)), birth_adjustment("1975-04-02", ("1988",))
    (-15.0, -35.0)
    >>> birth_adjustment(None, ("1975",))
    0.0
    """
    if not query or not listed:
        return 0.0
    best = -35.0
    for candidate in listed:
        shorter = min(len(candidate), len(query))
        if candidate[:shorter] == query[:shorter]:
            return 8.0 if shorter == 10 else 3.0
        if abs(int(candidate[:4]) - int(query[:4])) <= 1:
            best = max(best, -15.0)  # same year or next: a typed day or month may be wrong
    return best


def document_adjustment(query: str | None, listed: Sequence[str]) -> float:
    """Points for the document number: the same number is strong, another one weak evidence."""
    if not query or not listed:
        return 0.0
    return 20.0 if document_key(query) in listed else -5.0


def match_strength(
    query: NameForm,
    alias: NameForm,
    *,
    birth: str | None = None,
    listed_births: Sequence[str] = (),
    document: str | None = None,
    listed_documents: Sequence[str] = (),
) -> float:
    """The strength 0-100 of a hit: name score adjusted by birth date and document number.

    >>> seitkaziev = name_form("Сейтказиев Нурлан")
    >>> match_strength(name_form("Seitkaziev Nurlan"), seitkaziev, birth="1979-05-14",
    ...                listed_births=("1991-11-02",))
    65.0
    """
    score = pair_score(query, alias)
    if score <= 0.0:
        return 0.0
    score += birth_adjustment(birth, listed_births)
    score += document_adjustment(document, listed_documents)
    return max(0.0, min(score, 100.0))


@dataclass(slots=True)
class ScreeningIndex:
    """Watch-list names folded and indexed once, for screening many queries."""

    entries: list[WatchListEntry]
    alias_entry: list[int] = field(default_factory=list)  # list name -> entry position
    alias_forms: list[NameForm] = field(default_factory=list)
    pair_postings: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    word_postings: dict[str, list[int]] = field(default_factory=dict)
    single_postings: dict[str, list[int]] = field(default_factory=dict)  # one-word names
    neighbours: dict[str, list[str]] = field(default_factory=dict)  # deletion -> words
    identifiers: dict[str, list[int]] = field(default_factory=dict)  # identifier -> entries
    entry_dates: list[tuple[str, ...]] = field(default_factory=list)
    entry_documents: list[tuple[str, ...]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.alias_forms)

    def similar_words(self, key: str) -> list[tuple[str, float]]:
        """Vocabulary words within the typo tolerance of ``word_similarity``, with similarity."""
        found: dict[str, float] = {}
        for variant in _deletions(key):
            for word in self.neighbours.get(variant, ()):
                if word not in found:
                    similarity = word_similarity(key, word)
                    if similarity > 0.0:
                        found[word] = similarity
        return list(found.items())

    def candidates(self, query: NameForm) -> set[int]:
        """List names that could score above zero with the query, found through the index."""
        full = query.full_keys
        similar = [[word for word, _ in self.similar_words(key)] for key in full]
        found: set[int] = set()
        for words in similar:
            for word in words:
                found.update(self.single_postings.get(word, ()))
        if len(full) >= 2:
            for first, second in combinations(range(len(full)), 2):
                for left in similar[first]:
                    for right in similar[second]:
                        pair = (left, right) if left <= right else (right, left)
                        found.update(self.pair_postings.get(pair, ()))
        elif full and len(query.keys) > 1:
            # One full word and initials: every name holding the word is a candidate.
            for word in similar[0]:
                found.update(self.word_postings.get(word, ()))
        return found


def _deletions(key: str) -> set[str]:
    """The key with up to one letter deleted, two for keys of seven letters or more."""
    found = {key}
    frontier = {key}
    for _ in range(2 if len(key) >= 7 else 1):
        frontier = {word[:i] + word[i + 1 :] for word in frontier for i in range(len(word))}
        found |= frontier
    return found


def build_index(entries: Iterable[WatchListEntry], *, on: date | None = None) -> ScreeningIndex:
    """Fold every name of every entry (active on the day, if given) and index their words."""
    kept = [entry for entry in entries if on is None or entry.is_active(on)]
    index = ScreeningIndex(entries=kept)
    pairs: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    words: defaultdict[str, list[int]] = defaultdict(list)
    singles: defaultdict[str, list[int]] = defaultdict(list)
    identifiers: defaultdict[str, list[int]] = defaultdict(list)
    for position, entry in enumerate(kept):
        index.entry_dates.append(entry.dates_of_birth)
        index.entry_documents.append(tuple(document_key(n) for n in entry.document_numbers))
        if entry.kind.by_identifier or entry.kind is EntryKind.VESSEL:
            numbers = entry.document_numbers if entry.kind is EntryKind.VESSEL else entry.names
            for number in numbers:
                identifiers[f"{entry.kind}:{identifier_key(number, entry.kind)}"].append(position)
        if entry.kind.by_identifier:
            continue
        for name in dict.fromkeys(entry.names):
            form = name_form(name)
            full = form.full_keys
            if not full:
                continue
            alias = len(index.alias_forms)
            index.alias_forms.append(form)
            index.alias_entry.append(position)
            for key in set(full):
                words[key].append(alias)
            if len(set(full)) == 1:
                singles[full[0]].append(alias)
            for left, right in combinations(sorted(set(full)), 2):
                pairs[(left, right)].append(alias)
    neighbours: defaultdict[str, list[str]] = defaultdict(list)
    for key in words:
        for variant in _deletions(key):
            neighbours[variant].append(key)
    index.pair_postings = dict(pairs)
    index.word_postings = dict(words)
    index.single_postings = dict(singles)
    index.neighbours = dict(neighbours)
    index.identifiers = dict(identifiers)
    return index


def _screen_name(
    index: ScreeningIndex,
    name: str,
    kind: str | None,
    birth: str | None,
    document: str | None,
    threshold: float,
) -> list[tuple[int, str, str, float]]:
    """Entries whose names match one query name: (entry, query form, alias form, strength)."""
    query = name_form(name)
    allowed = _SCREENED_KINDS.get(kind, _SCREENED_KINDS[None])
    best: dict[int, tuple[float, str]] = {}
    for alias in index.candidates(query):
        position = index.alias_entry[alias]
        if index.entries[position].kind not in allowed:
            continue
        form = index.alias_forms[alias]
        score = match_strength(
            query,
            form,
            birth=birth,
            listed_births=index.entry_dates[position],
            document=document,
            listed_documents=index.entry_documents[position],
        )
        if score >= threshold and score > best.get(position, (-1.0, ""))[0]:
            best[position] = (score, form.folded)
    return [
        (position, query.folded, alias_form, score)
        for position, (score, alias_form) in best.items()
    ]


def _screen_identifier(index: ScreeningIndex, value: str, kind: str) -> list[int]:
    """Entries listing exactly this plate, container or IMO number."""
    return index.identifiers.get(f"{kind}:{identifier_key(value, kind)}", [])


@dataclass(frozen=True, slots=True)
class Match:
    """One watch-list entry a query matched, with the forms that met and how strongly."""

    entry: WatchListEntry
    query_form: str
    alias_form: str
    strength: float


def screen_query(
    index: ScreeningIndex,
    name: str,
    kind: str | None = None,
    date_of_birth: str | date | None = None,
    document_number: str | None = None,
    threshold: float = THRESHOLD,
) -> list[Match]:
    """The entries one query matches, each entry once: the first way found (identifier, name)."""
    hits: list[tuple[int, str, str, float]] = []
    if kind in _IDENTIFIER_KINDS:
        key = identifier_key(name, kind)
        hits = [(p, key, key, 100.0) for p in _screen_identifier(index, name, kind)]
    if kind not in ("vehicle", "container"):
        hits += _screen_name(
            index, name, kind, partial_date(date_of_birth), document_number, threshold
        )
    found: dict[str, Match] = {}
    for position, query_form, alias_form, strength in hits:
        entry = index.entries[position]
        # Two list names of one entry id (a vessel by IMO number and by name): the first counts.
        if entry.id not in found:
            found[entry.id] = Match(entry, query_form, alias_form, float(strength))
    return list(found.values())


def screen(
    names: pl.DataFrame,
    index: ScreeningIndex,
    threshold: float = THRESHOLD,
    *,
    name_column: str = "name",
) -> pl.DataFrame:
    """Screen a frame of names; one row per (distinct query, matched entry).

    Optional columns ``kind`` (person, company, vehicle, container, vessel), ``date_of_birth``
    (Date or ISO text) and ``document_number`` refine the match. The result carries the query
    columns, then ``MATCHES_SCHEMA``; repeated queries are screened once.
    """
    query_columns = [name_column] + [
        column for column in ("kind", "date_of_birth", "document_number") if column in names
    ]
    distinct = names.select(query_columns).unique().filter(pl.col(name_column).is_not_null())
    rows: dict[str, list[object]] = {column: [] for column in query_columns}
    found: dict[str, list[object]] = {column: [] for column in MATCHES_SCHEMA}
    for record in distinct.iter_rows(named=True):
        matches = screen_query(
            index,
            str(record[name_column]),
            record.get("kind"),
            record.get("date_of_birth"),
            record.get("document_number"),
            threshold,
        )
        for match in matches:
            for column in query_columns:
                rows[column].append(record[column])
            found["entry_id"].append(match.entry.id)
            found["list_code"].append(match.entry.list_code)
            found["entry_kind"].append(str(match.entry.kind))
            found["query_form"].append(match.query_form)
            found["alias_form"].append(match.alias_form)
            found["strength"].append(match.strength)
            found["threat"].append(match.entry.threat)
    schema = {c: names.schema[c] for c in query_columns}
    if not found["entry_id"]:
        # Most queries match nothing: the empty result without building frames.
        return pl.DataFrame(schema={**schema, **MATCHES_SCHEMA})
    query_frame = pl.DataFrame(rows, schema=schema)
    return pl.concat([query_frame, pl.DataFrame(found, schema=MATCHES_SCHEMA)], how="horizontal")


def to_hits(
    targets: pl.DataFrame,
    matches: pl.DataFrame,
    *,
    target: Target,
    row_id_column: str,
    name_column: str = "name",
    red_from: float = 95.0,
) -> pl.DataFrame:
    """Watch-list hits of each target row, from the matches of its deduplicated names.

    ``targets`` has the row id and the same query columns ``screen`` saw. A match at
    ``red_from`` or above proposes the red lane, a weaker one the yellow (documentary) lane.
    """
    if matches.is_empty() or targets.is_empty():
        return empty_hits()
    on = [c for c in (name_column, "kind", "date_of_birth", "document_number") if c in matches]
    joined = targets.select(row_id_column, *on).join(matches, on=on, how="inner", nulls_equal=True)
    detail = pl.struct(
        list=pl.col("list_code"),
        query_form=pl.col("query_form"),
        alias_form=pl.col("alias_form"),
        strength=pl.col("strength"),
    ).struct.json_encode()
    return joined.select(
        target=pl.lit(str(target)),
        row_id=pl.col(row_id_column).cast(pl.Int64),
        kind=pl.lit(str(ReasonKind.WATCH_LIST)),
        key=pl.col("entry_id"),
        label=pl.format(
            "On watch list {}: {} matches {} ({})",
            pl.col("list_code"),
            pl.col("query_form"),
            pl.col("alias_form"),
            pl.col("strength").round(0).cast(pl.Int64),
        ),
        score=pl.col("strength"),
        lane=pl.when(pl.col("strength") >= red_from)
        .then(pl.lit(str(Lane.RED)))
        .otherwise(pl.lit(str(Lane.YELLOW))),
        threat=pl.col("threat"),
        detail=detail,
    ).cast(HITS_SCHEMA)  # type: ignore[arg-type]


def hit_record(
    row_id: int, match: Match, *, target: Target, red_from: float = 95.0
) -> dict[str, Any]:
    """The hit ``to_hits`` makes of one match on one row, as a record (``HITS_SCHEMA`` keys).

    The texts are those of the frame expressions: the strength in the label rounded half to
    even as Polars rounds, the detail in Polars' compact JSON.
    """
    entry = match.entry
    detail = {
        "list": entry.list_code,
        "query_form": match.query_form,
        "alias_form": match.alias_form,
        "strength": match.strength,
    }
    return {
        "target": str(target),
        "row_id": row_id,
        "kind": str(ReasonKind.WATCH_LIST),
        "key": entry.id,
        "label": None
        if entry.list_code is None
        else (
            f"On watch list {entry.list_code}: {match.query_form} matches {match.alias_form} "
            f"({round(match.strength)})"
        ),
        "score": match.strength,
        "lane": str(Lane.RED) if match.strength >= red_from else str(Lane.YELLOW),
        "threat": entry.threat,
        "detail": detail_text(detail),
    }
