"""Consignment rows validated column by column, with the same results as the per-row path.

A batch is validated as one :class:`ManifestBuilder` would validate its rows in order:

1. Every checked column goes through its ``check_*`` function of :mod:`validation` once per
   distinct value; the result is mapped back onto the column (values), and only the rows whose
   value had a problem are visited in Python (warnings and reasons).
2. The per-row path re-examines a voyage, document or cargo unit only when its raw fields change
   from the row before (per voyage number for voyages); the same "changed" rows are found with
   shifted columns, so warnings come from exactly the rows they come from there.
3. Voyages are few: their changed rows go through the per-row code itself. Documents, parties
   and cargo units are made from their first changed row; keys seen on several changed rows are
   merged in Python with the per-row merge, conflicts included.
4. Goods items are kept or rejected with every reason, in the per-row order of reasons.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from portcontrol.core import validation as v
from portcontrol.core.columnar.batch import ISSUE_SCHEMA, KEY_SEPARATOR, ValidatedBatch
from portcontrol.core.columnar.values import (
    PLAIN_DECIMAL,
    blank,
    checked_text,
    field_issue,
    single_spaced,
    stripped,
)
from portcontrol.core.errors import Issue, Place, Severity
from portcontrol.core.identifiers import container
from portcontrol.core.identifiers._util import shown
from portcontrol.core.manifest import (
    CARGO_UNIT_FIELDS,
    CONSIGNMENT_ROW_FIELDS,
    DOCUMENT_FIELDS,
    PARTY_FIELDS,
    PARTY_ROLES,
    VOYAGE_FIELDS,
    ManifestBuilder,
)
from portcontrol.core.records import CargoUnit, CargoUnitKind, Party, TransportDocument
from portcontrol.core.reference.vocabulary import (
    CARGO_UNIT_KINDS,
    DOCUMENT_KIND_BY_MODE,
    DOCUMENT_KINDS,
    EMPTY_WORDS,
)

_PER_UNIT_COLUMNS = (
    "seals",
    "size_type",
    "cargo_unit_gross_weight_kg",
    "vehicle_plate",
    "stowage_position",
)
_GOODS_CHECKS: tuple[tuple[str, Callable[[str], v.Checked]], ...] = (
    ("hs_code", v.check_hs_code),
    ("packages", v.check_count),
    ("gross_weight_kg", v.check_decimal),
    ("net_weight_kg", v.check_decimal),
    ("value", v.check_decimal),
    ("item_number", v.check_count),
)
_SEPARATORS = "[;,\n|]"
# What a row of a batch is (its ``record`` column): a goods item with everything around it,
# a cargo unit known without goods, or a voyage given on its own (an EDIFACT message header).
CONSIGNMENT, CARGO_UNIT, VOYAGE = "consignment", "cargo_unit", "voyage"
_UNIT_ROW_ONLY = ("voyage_number", "loading_port", "discharge_port")
_JOIN = "\x1f"
# Stands for a missing country in a key (no country code is written so).
_NO_COUNTRY = "\x00"
_UNIT_ATTRIBUTES = (
    "kind",
    "size_type",
    "seals",
    "vehicle_plate",
    "is_empty",
    "gross_weight_kg",
    "stowage_position",
)
_UNIT_SCHEMA: dict[str, Any] = {
    "_row": pl.Int64,
    "line": pl.Int64,
    "segment": pl.Int64,
    "tag": pl.Utf8,
    "voyage_number": pl.Utf8,
    "identifier": pl.Utf8,
    "kind": pl.Utf8,
    "size_type": pl.Utf8,
    "seals": pl.List(pl.Utf8),
    "vehicle_plate": pl.Utf8,
    "is_empty": pl.Boolean,
    "gross_weight_kg": pl.Utf8,
    "stowage_position": pl.Utf8,
    "_kind_given": pl.Boolean,
    "_empty_given": pl.Boolean,
}


class _Issues:
    """Issue rows collected while a batch is validated, turned into one frame at the end."""

    def __init__(self, places: pl.DataFrame) -> None:
        self._places = places
        self._lists: tuple[list[Any], list[Any], list[Any]] | None = None
        self.rows: list[tuple[Any, ...]] = []

    def place(self, row: int) -> tuple[Any, Any, Any]:
        """Line, segment and tag of the batch row ``row``."""
        if self._lists is None:
            # Made once, when the first place is needed: most batches have no issue at all.
            places = self._places
            self._lists = (
                places["line"].to_list(),
                places["segment"].to_list(),
                places["tag"].to_list(),
            )
        lines, segments, tags = self._lists
        return lines[row], segments[row], tags[row]

    def add(
        self, row: int, column: str, code: str, message: str, fatal: bool, record: str, key: str
    ) -> None:
        """One warning (or reason, when fatal) found on the batch row ``row``."""
        self.rows.append(
            (
                *self.place(row),
                column,
                code,
                message,
                "error" if fatal else "warning",
                record,
                key,
            )
        )

    def problems(
        self, row: int, column: str, problems: Iterable[v.Problem], record: str, key: str
    ) -> None:
        """Problems of one value as ``_report`` words them (fatal ones as reasons)."""
        for code, message, fatal in problems:
            code, message = field_issue(code, message, column)
            self.add(row, column, code, message, fatal, record, key)

    def issue(self, row: int, issue: Issue, record: str, key: str) -> None:
        """An Issue made by the per-row code."""
        column = issue.place.column or ""
        fatal = issue.severity is Severity.ERROR
        self.add(row, column, issue.code, issue.message, fatal, record, key)

    def frame(self) -> pl.DataFrame:
        """All rows as an issues frame."""
        return pl.DataFrame(self.rows, schema=ISSUE_SCHEMA, orient="row")


def _key(*parts: str) -> str:
    """A business key of several parts as one string."""
    return KEY_SEPARATOR.join(parts)


def _checked(series: pl.Series, check: Callable[[str], v.Checked]) -> dict[Any, Any]:
    """``_value``'s (value, problems) for every distinct raw value of a column (None if blank)."""
    return {raw: checked_text(raw, check) for raw in series.unique().to_list()}


def _mapped(series: pl.Series, mapping: dict[Any, Any], pick: Callable[[Any], Any], dtype: Any):
    """A column replaced value by value through ``pick(mapping[value])``."""
    keys = list(mapping)
    new = [pick(mapping[key]) for key in keys]
    non_null = [(k, n) for k, n in zip(keys, new, strict=True) if k is not None]
    mapped = series.replace_strict(
        [k for k, _ in non_null], [n for _, n in non_null], default=None, return_dtype=dtype
    )
    if None in mapping and pick(mapping[None]) is not None:
        mapped = mapped.fill_null(pick(mapping[None]))
    return mapped


def _value_of(result: Any) -> Any:
    """The value of a (value, problems) result, None for a blank."""
    return None if result is None else result[0]


def _with_problems(series: pl.Series, mapping: dict[Any, Any]) -> list[int]:
    """Positions of the rows whose value has a problem."""
    bad = [key for key, result in mapping.items() if result is not None and result[1]]
    if not bad:
        return []
    return series.is_in(bad).arg_true().to_list()


def _decimal_results(series: pl.Series) -> tuple[pl.Series, dict[Any, Any]]:
    """Canonical decimal text of a weight or value column, plus checks of the non-plain values.

    Plain values ("1234.5") are what parse_quantity turns straight into ``Decimal(text)``;
    only the others go through ``check_decimal``.
    """
    plain = series.str.contains(PLAIN_DECIMAL).fill_null(False)
    others = series.filter(~plain)
    mapping = _checked(others, v.check_decimal)
    canonical = _without_leading_zeros(series)
    slow = _mapped(
        series, mapping, lambda r: None if r is None or r[0] is None else str(r[0]), pl.Utf8
    )
    text = pl.select(pl.when(plain).then(canonical).otherwise(slow)).to_series()
    return text.alias(series.name), mapping


def _without_leading_zeros(series: pl.Series) -> pl.Series:
    """Plain decimals without the zeros before their first digit ("0012.50" is "12.50", "000"
    is "0"), as the regular expression ``^0+([0-9])`` replaced by its digit gives them.
    """
    if not series.str.starts_with("0").any():
        return series
    trimmed = series.str.strip_chars_start("0")
    bare = (trimmed == "") | trimmed.str.starts_with(".")
    return pl.select(pl.when(bare).then("0" + trimmed).otherwise(trimmed)).to_series()


def _choice_mapping(
    series: pl.Series, table: dict[str, Any], name: str, default: Any
) -> dict[Any, Any]:
    """``_choice`` for every distinct non-blank value (None for blanks)."""
    found: dict[Any, Any] = {}
    for raw in series.unique().to_list():
        text = raw.strip() if raw else ""
        found[raw] = v._choice(table, text, name, default) if text else None
    return found


class ConsignmentValidator:
    """Validates consignment-row frames; one call is one ManifestBuilder's worth of rows."""

    def __init__(self, format: str = "csv") -> None:
        self.format = format

    def validate(
        self, rows: pl.DataFrame, file_issues: list[Issue] | None = None
    ) -> ValidatedBatch:
        """Validate a frame of raw consignment rows (canonical names, a ``line`` column)."""
        return _Run(rows, self.format).run(file_issues or [])


class _Run:
    """The state of validating one batch."""

    def __init__(self, rows: pl.DataFrame, format: str) -> None:
        missing = [name for name in CONSIGNMENT_ROW_FIELDS if name not in rows.columns]
        for place_column, dtype in (("line", pl.Int64), ("segment", pl.Int64), ("tag", pl.Utf8)):
            if place_column not in rows.columns:
                rows = rows.with_columns(pl.lit(None, dtype).alias(place_column))
        if "record" not in rows.columns:
            rows = rows.with_columns(pl.lit(CONSIGNMENT, pl.Utf8).alias("record"))
        rows = rows.with_columns(
            *(pl.lit(None, pl.Utf8).alias(name) for name in missing),
            pl.int_range(pl.len(), dtype=pl.Int64).alias("_row"),
            stripped(pl.col("voyage_number")).fill_null("").alias("_voyage"),
            stripped(pl.col("document_number")).fill_null("").alias("_document"),
        )
        self.rows = rows
        self.format = format
        self.issues = _Issues(rows.select("line", "segment", "tag"))
        self.reasons: dict[int, list[tuple[str, str, str]]] = {}

    def place(self, row: int) -> Place:
        """The place of batch row ``row``."""
        return Place(*self.issues.place(row))

    def reason(self, row: int, column: str, code: str, message: str) -> None:
        """A reason to reject the goods item of a row, in the order the per-row path finds it."""
        self.reasons.setdefault(row, []).append((column, code, message))

    def run(self, file_issues: list[Issue]) -> ValidatedBatch:
        """Steps of the module docstring, in order."""
        rows = self.rows
        self._check_unit_rows()
        self._missing_numbers()
        voyages, modes = self._voyages()
        eligible = rows.filter(
            (pl.col("record") == CONSIGNMENT)
            & (pl.col("_voyage") != "")
            & (pl.col("_document") != "")
        )
        documents, parties = self._documents(eligible, modes)
        cargo_units, unit_ids = self._cargo_units()
        goods = self._goods(eligible, unit_ids)
        rejected = self._rejected()
        issues = self.issues.frame()
        return ValidatedBatch(
            self.format,
            voyages,
            documents,
            parties,
            cargo_units,
            goods,
            issues,
            rejected,
            list(file_issues),
        )

    # --- rows without their numbers -------------------------------------------------------

    def _check_unit_rows(self) -> None:
        """Cargo unit rows with ports are a bay plan's: not validated column-wise."""
        units = self.rows.filter(pl.col("record") == CARGO_UNIT)
        ports = units.filter(~blank(pl.col("loading_port")) | ~blank(pl.col("discharge_port")))
        if ports.height:
            raise ValueError("cargo unit rows with ports are not validated column-wise")

    def _missing_numbers(self) -> None:
        """Rows without the numbers they cannot be kept without: rejected with those reasons."""
        missing_id = blank(pl.col("cargo_unit_id"))
        rows = self.rows.filter(
            (pl.col("_voyage") == "")
            | ((pl.col("record") == CONSIGNMENT) & (pl.col("_document") == ""))
            | ((pl.col("record") == CARGO_UNIT) & missing_id)
        ).with_columns(missing_id.alias("_no_id"))
        for row, record, voyage, document, no_id in rows.select(
            "_row", "record", "_voyage", "_document", "_no_id"
        ).iter_rows():
            if record == VOYAGE:
                self.reason(row, "voyage_number", "voyage.number_missing", "no voyage number")
            elif record == CARGO_UNIT:
                if not voyage:
                    self.reason(
                        row, "voyage_number", "cargo_unit.voyage_missing", "no voyage number"
                    )
                if no_id:
                    self.reason(
                        row,
                        "cargo_unit_id",
                        "cargo_unit.identifier_missing",
                        "no cargo unit identifier",
                    )
            else:
                if not voyage:
                    self.reason(
                        row, "voyage_number", "consignment.voyage_missing", "no voyage number"
                    )
                if not document:
                    self.reason(
                        row,
                        "document_number",
                        "consignment.document_missing",
                        "no transport document number",
                    )

    # --- voyages --------------------------------------------------------------------------

    def _voyages(self) -> tuple[list[Any], pl.DataFrame]:
        """Voyages through the per-row code, on the rows where their raw fields change.

        Voyage rows (a message header) always go through it; consignment rows when their
        voyage fields change; a cargo unit row only makes a bare voyage not known yet.
        """
        rows = self.rows.filter((pl.col("_voyage") != "") & (pl.col("record") != CARGO_UNIT))
        numbers = rows["_voyage"]
        if (numbers != numbers.shift(1)).fill_null(True).sum() == numbers.n_unique():
            # Each voyage's rows are consecutive (the usual file): its row before is the one above.
            def previous(column: pl.Expr) -> pl.Expr:
                return column.shift(1)

            first = (pl.col("_voyage") != pl.col("_voyage").shift(1)).fill_null(True)
        else:

            def previous(column: pl.Expr) -> pl.Expr:
                return column.shift(1).over("_voyage")

            first = pl.col("_voyage").is_first_distinct()
        same = [pl.col(name).eq_missing(previous(pl.col(name))) for name in VOYAGE_FIELDS]
        changed = rows.filter(first | ~pl.all_horizontal(same) | (pl.col("record") == VOYAGE))
        units = self.rows.filter(
            (pl.col("_voyage") != "")
            & (pl.col("record") == CARGO_UNIT)
            & ~blank(pl.col("cargo_unit_id"))
        )
        bad_weights = self._bad_unit_weights(units)
        if units.height:
            # Only a voyage's first cargo unit row (of those with a good weight) can make it
            # known: after it, the voyage is known whatever came before.
            firsts = units.filter(~pl.col("_row").is_in(list(bad_weights))).unique(
                "_voyage", keep="first", maintain_order=True
            )
            changed = pl.concat([changed, firsts]).sort("_row")
        builder = ManifestBuilder(self.format)
        timeline: list[tuple[str, int, str]] = []
        for fields in changed.select("_row", "record", "_voyage", *VOYAGE_FIELDS).iter_rows(
            named=True
        ):
            row, record, number = fields.pop("_row"), fields.pop("record"), fields.pop("_voyage")
            if record == CARGO_UNIT:
                if row not in bad_weights and number not in builder._voyages:
                    v._known_voyage(builder, number, self.place(row))
                continue
            voyage = builder._voyages.get(number)
            before = len(voyage.issues) if voyage else 0
            voyage = v._voyage(builder, number, fields, self.place(row))
            for issue in voyage.issues[before:]:
                self.issues.issue(row, issue, "voyage", number)
            timeline.append((number, row, str(voyage.transport_mode)))
        modes = pl.DataFrame(
            timeline,
            schema={"_voyage": pl.Utf8, "_row": pl.Int64, "_mode": pl.Utf8},
            orient="row",
        ).sort("_row")
        return builder.manifest.voyages, modes

    def _bad_unit_weights(self, rows: pl.DataFrame) -> set[int]:
        """Cargo unit rows whose weight is not a number: they make no unit and know no voyage."""
        units = rows
        weights = units["cargo_unit_gross_weight_kg"]
        # Plain decimals ("1234.5") are good weights: only the others need a look.
        mapping = _checked(
            weights.filter(~weights.str.contains(PLAIN_DECIMAL).fill_null(False)), v.check_decimal
        )
        bad = [k for k, r in mapping.items() if r is not None and r[1]]
        if not bad:
            return set()
        return set(units.filter(weights.is_in(bad))["_row"].to_list())

    # --- documents and parties ------------------------------------------------------------

    def _documents(
        self, eligible: pl.DataFrame, modes: pl.DataFrame
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Documents and their parties from the rows where document or party fields change."""
        raw = DOCUMENT_FIELDS + PARTY_FIELDS
        same = [pl.col(name).eq_missing(pl.col(name).shift(1)) for name in raw]
        changed = eligible.filter(
            (pl.col("_document") != pl.col("_document").shift(1)).fill_null(True)
            | ~pl.all_horizontal(same)
        )
        changed = changed.join_asof(
            modes, on="_row", by="_voyage", strategy="backward", check_sortedness=False
        )
        kinds = changed["_mode"].replace_strict(
            {mode: str(kind) for mode, kind in DOCUMENT_KIND_BY_MODE.items()}, return_dtype=pl.Utf8
        )
        changed = changed.with_columns(kinds.alias("_default_kind"))
        given_kind = self._document_kinds(changed)
        ports = {
            column: self._checked_column(changed, column, v.check_locode, "document", "_document")
            for column in ("loading_port", "discharge_port")
        }
        frame = changed.select(
            pl.col("_row"),
            pl.col("line"),
            pl.col("segment"),
            pl.col("tag"),
            pl.col("_document").alias("number"),
            pl.col("_voyage").alias("voyage_number"),
            given_kind.alias("_given_kind"),
            pl.coalesce(given_kind, pl.col("_default_kind")).alias("kind"),
            ports["loading_port"].alias("loading_port"),
            ports["discharge_port"].alias("discharge_port"),
        )
        documents = self._merged_documents(frame)
        parties = self._parties(changed)
        return documents, parties

    def _document_kinds(self, changed: pl.DataFrame) -> pl.Series:
        """The document kind given on each changed row (null when not given), warned about."""
        pairs = changed.select("document_type", "_default_kind").unique().rows()
        results: dict[tuple[Any, Any], Any] = {}
        for raw, default in pairs:
            text = raw.strip() if raw else ""
            if text:
                default_kind = next(k for k in DOCUMENT_KINDS.values() if str(k) == default)
                results[(raw, default)] = v._choice(
                    DOCUMENT_KINDS, text, "document_type", default_kind
                )
        key = pl.concat_str(
            [pl.col("document_type"), pl.col("_default_kind").fill_null("")], separator=_JOIN
        )
        keys = {f"{raw}{_JOIN}{default or ''}": (raw, default) for raw, default in results}
        bad = [k for k, pair in keys.items() if results[pair][1]]
        if bad:
            flagged = changed.filter(key.is_in(bad))
            for row, raw, default, number in flagged.select(
                "_row", "document_type", "_default_kind", "_document"
            ).iter_rows():
                self.issues.problems(
                    row, "document_type", results[(raw, default)][1], "document", number
                )
        return changed.select(
            key.replace_strict(
                list(keys),
                [str(results[pair][0]) for pair in keys.values()],
                default=None,
                return_dtype=pl.Utf8,
            ).alias("document_type")
        ).to_series()

    def _checked_column(
        self,
        frame: pl.DataFrame,
        column: str,
        check: Callable[[str], v.Checked],
        record: str,
        key_column: str | Callable[[dict[str, Any]], str],
        dtype: Any = pl.Utf8,
    ) -> pl.Series:
        """A column checked once per distinct value; warnings for the rows with problems."""
        series = frame[column]
        mapping = _checked(series, check)
        for position in _with_problems(series, mapping):
            row = frame["_row"][position]
            key = (
                frame[key_column][position]
                if isinstance(key_column, str)
                else key_column(frame.row(position, named=True))
            )
            self.issues.problems(row, column, mapping[series[position]][1], record, key)
        return _mapped(series, mapping, _value_of, dtype)

    def _merged_documents(self, frame: pl.DataFrame) -> pl.DataFrame:
        """One row per document number; repeats merged as the per-row path merges them."""
        repeated = frame.filter(pl.col("number").is_duplicated())
        first = frame.unique("number", keep="first", maintain_order=True)
        if repeated.height == 0:
            return first.drop("_row", "_given_kind")
        merged: dict[str, TransportDocument] = {}
        for row in repeated.iter_rows(named=True):
            number = row["number"]
            document = merged.get(number)
            if document is None:
                merged[number] = TransportDocument(
                    number,
                    row["voyage_number"],
                    row["kind"],
                    row["loading_port"],
                    row["discharge_port"],
                )
                continue
            values = {"kind": row["_given_kind"]} if row["_given_kind"] else {}
            for column in ("loading_port", "discharge_port"):
                if row[column] is not None:
                    values[column] = row[column]
            place = self.place(row["_row"])
            for issue in v._merge(document, values, f"document {number}", place):
                self.issues.issue(row["_row"], issue, "document", number)
            if document.voyage_number != row["voyage_number"]:
                issue = v._conflict(
                    place,
                    "voyage_number",
                    f"document {number}",
                    row["voyage_number"],
                    document.voyage_number,
                )
                self.issues.issue(row["_row"], issue, "document", number)
        update = pl.DataFrame(
            [(d.number, str(d.kind), d.loading_port, d.discharge_port) for d in merged.values()],
            schema={
                "number": pl.Utf8,
                "kind": pl.Utf8,
                "loading_port": pl.Utf8,
                "discharge_port": pl.Utf8,
            },
            orient="row",
        )
        return first.drop("_row", "_given_kind").update(update, on="number")

    def _parties(self, changed: pl.DataFrame) -> pl.DataFrame:
        """Shipper, consignee and notify parties of the changed document rows, merged by key."""
        kept, nameless = [], []
        spaced = {
            column: single_spaced(changed[column])
            for role in PARTY_ROLES
            for column in v._PARTY_COLUMNS[role][:2]
        }
        for order, role in enumerate(PARTY_ROLES):
            name, address, country, tax_id = v._PARTY_COLUMNS[role]
            frame = changed.select(
                "_row",
                "line",
                "segment",
                "tag",
                "_document",
                pl.lit(order).alias("_order"),
                pl.lit(role).alias("role"),
                spaced[name].alias("name"),
                spaced[address].alias("address"),
                pl.col(country).alias("_country"),
                pl.col(tax_id).alias("_tax_id"),
            )
            named = frame["name"] != ""
            kept.append(frame.filter(named))
            unnamed = changed.filter(~named)
            if unnamed.height:
                others = pl.concat_list(
                    [pl.when(~blank(pl.col(c))).then(pl.lit(c)) for c in (address, country, tax_id)]
                ).list.drop_nulls()
                nameless.append(
                    unnamed.select(
                        "_row",
                        "_document",
                        pl.lit(order).alias("_order"),
                        pl.lit(role).alias("role"),
                        pl.lit(name).alias("_name_column"),
                        others.alias("_others"),
                    ).filter(pl.col("_others").list.len() > 0)
                )
        if nameless:
            for row, role, column, others, number in (
                pl.concat(nameless)
                .sort("_row", "_order")
                .select("_row", "role", "_name_column", "_others", "_document")
                .iter_rows()
            ):
                message = f"{role}: {', '.join(others)} given without a name; not kept"
                self.issues.add(
                    row, column, "party.name_missing", message, False, "document", number
                )
        parties = pl.concat(kept).sort("_row", "_order")
        return self._party_values(parties)

    def _party_values(self, parties: pl.DataFrame) -> pl.DataFrame:
        """Country and tax id of each party row checked, then one row per party key."""

        def key(row: dict[str, Any]) -> str:
            return _key(row["_document"], row["role"], row["name"])

        countries = tax_ids = pl.Series(dtype=pl.Utf8)
        if parties.height:
            # Problems are reported per role column ("shipper_country"), as the per-row path does.
            country_map = _checked(parties["_country"], v.check_country)
            tax_pairs: dict[tuple[Any, Any], Any] = {}
            countries = _mapped(parties["_country"], country_map, _value_of, pl.Utf8)
            parties = parties.with_columns(countries.alias("country"))
            for pair in parties.select("_tax_id", "country").unique().rows():
                text = pair[0].strip() if pair[0] else ""
                alpha_2 = pair[1] if pair[1] and len(pair[1]) == 2 else None
                tax_pairs[pair] = v.check_tax_id(text, alpha_2) if text else None
            bad_country = {k for k, r in country_map.items() if r is not None and r[1]}
            # A tax id and the country it is checked against, as one key (nulls kept apart).
            tax_key = pl.concat_str(
                [pl.col("_tax_id"), pl.col("country").fill_null(_NO_COUNTRY)], separator=_JOIN
            )
            keys = {
                f"{tax_id}{_JOIN}{_NO_COUNTRY if country is None else country}": (tax_id, country)
                for tax_id, country in tax_pairs
                if tax_id is not None
            }
            bad_tax = [k for k, pair in keys.items() if (tax_pairs[pair] or (None, ()))[1]]
            if bad_country or bad_tax:
                flagged = parties.filter(
                    pl.col("_country").is_in(list(bad_country)) | tax_key.is_in(bad_tax)
                )
                for row in flagged.iter_rows(named=True):
                    if row["_country"] in bad_country:
                        self.issues.problems(
                            row["_row"],
                            f"{row['role']}_country",
                            country_map[row["_country"]][1],
                            "party",
                            key(row),
                        )
                    result = tax_pairs[(row["_tax_id"], row["country"])]
                    if result is not None and result[1]:
                        self.issues.problems(
                            row["_row"],
                            f"{row['role']}_tax_id",
                            result[1],
                            "party",
                            key(row),
                        )
            values = [_value_of(tax_pairs[pair]) for pair in keys.values()]
            tax_ids = parties.select(
                tax_key.replace_strict(
                    list(keys), values, default=None, return_dtype=pl.Utf8
                ).alias("tax_id")
            ).to_series()
        parties = parties.with_columns(
            countries.alias("country"),
            tax_ids.alias("tax_id"),
            pl.when(pl.col("address") != "").then(pl.col("address")).alias("address"),
        ).select(
            "_row",
            "line",
            "segment",
            "tag",
            pl.col("_document").alias("document_number"),
            "role",
            "name",
            "address",
            "country",
            "tax_id",
        )
        return self._merged(
            parties,
            ("document_number", "role", "name"),
            ("address", "country", "tax_id"),
            "party",
            lambda r: f"{r['role']} {r['name']}",
        )

    def _merged(
        self,
        frame: pl.DataFrame,
        keys: tuple[str, ...],
        attributes: tuple[str, ...],
        record: str,
        label: Callable[[dict[str, Any]], str],
        given: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
        make: Callable[[dict[str, Any]], Any] | None = None,
    ) -> pl.DataFrame:
        """One row per key, first occurrence first; repeats merged with the per-row merge."""
        first = frame.unique(list(keys), keep="first", maintain_order=True)
        repeated = frame.filter(pl.struct(list(keys)).is_duplicated())
        if repeated.height == 0:
            return first.drop("_row")
        merged: dict[tuple[Any, ...], Any] = {}
        for row in repeated.iter_rows(named=True):
            key = tuple(row[k] for k in keys)
            known = merged.get(key)
            if known is None:
                merged[key] = make(row) if make else _Record({a: row[a] for a in attributes})
                continue
            values = given(row) if given else {a: row[a] for a in attributes if row[a] is not None}
            for issue in v._merge(known, values, label(row), self.place(row["_row"])):
                self.issues.issue(row["_row"], issue, record, _key(*map(str, key)))
        update = pl.DataFrame(
            [
                (*key, *(_frame_value(getattr(r, a)) for a in attributes))
                for key, r in merged.items()
            ],
            schema={
                **{k: frame.schema[k] for k in keys},
                **{a: frame.schema[a] for a in attributes},
            },
            orient="row",
        )
        return first.drop("_row").update(update, on=list(keys))

    # --- cargo units ----------------------------------------------------------------------

    def _cargo_units(self) -> tuple[pl.DataFrame, pl.Series]:
        """Cargo units of the rows where their fields change; identifiers of every goods row's.

        Consignment rows with both numbers and cargo unit rows with a voyage number take part,
        in row order: the per-row path remembers the last row of either kind.
        """
        goods_row = pl.col("record") == CONSIGNMENT
        units = self.rows.filter(
            (pl.col("_voyage") != "")
            & ((goods_row & (pl.col("_document") != "")) | (pl.col("record") == CARGO_UNIT))
        ).with_columns(stripped(pl.col("cargo_unit_id")).fill_null("").alias("_ids"))
        kinds = _choice_mapping(
            units["cargo_unit_type"], CARGO_UNIT_KINDS, "cargo_unit_type", CargoUnitKind.OTHER
        )
        units = units.with_columns(
            _mapped(
                units["cargo_unit_type"], kinds, lambda r: None if r is None else str(r[0]), pl.Utf8
            ).alias("_kind"),
            pl.col("_ids").str.contains(_SEPARATORS).alias("_several"),
            # A cargo unit row's remembered fields also hold its raw voyage number and ports.
            *(
                pl.when(~goods_row).then(pl.col(name)).alias(f"_unit_{name}")
                for name in _UNIT_ROW_ONLY
            ),
        )
        units = units.with_columns(
            (~units["_several"] & _valid_container(units["_ids"])).alias("_good")
        )
        identified = self._identified(units)
        row_ids = self._row_unit_ids(units.filter(pl.col("record") == CONSIGNMENT), identified)
        with_ids = units.filter(pl.col("_ids") != "")
        weights, weight_map = _decimal_results(with_ids["cargo_unit_gross_weight_kg"])
        bad = [k for k, r in weight_map.items() if r is not None and r[1]]
        with_ids = with_ids.with_columns(
            weights.alias("_weight"),
            # A blank weight is no bad weight (is_in gives null for it).
            with_ids["cargo_unit_gross_weight_kg"].is_in(bad).fill_null(False).alias("_bad_weight"),
        )
        # The per-row path remembers the last row whose units it made (bad weights make none).
        raw = ("_voyage", "record", *CARGO_UNIT_FIELDS, *(f"_unit_{n}" for n in _UNIT_ROW_ONLY))
        stored = with_ids.select(
            pl.when(~pl.col("_bad_weight")).then(pl.int_range(pl.len())).shift(1).forward_fill()
        ).to_series()
        previous = with_ids.select(raw)[stored.fill_null(0).to_list()]
        same = pl.select(
            pl.all_horizontal([with_ids[c].eq_missing(previous[c]) for c in raw])
            & stored.is_not_null()
        ).to_series()
        for row, raw_weight in (
            with_ids.filter(pl.col("_bad_weight"))
            .select("_row", "cargo_unit_gross_weight_kg")
            .iter_rows()
        ):
            for code, message, _ in weight_map[raw_weight][1]:
                code, message = field_issue(code, message, "cargo_unit_gross_weight_kg")
                self.reason(row, "cargo_unit_gross_weight_kg", code, message)
        changed = with_ids.filter(~same & ~pl.col("_bad_weight"))
        return self._unit_records(changed, kinds, identified), row_ids

    def _identified(self, units: pl.DataFrame) -> dict[tuple[str, Any], Any]:
        """check_cargo_unit_id of each distinct single identifier and given kind, but those
        recognised column-wise (``_good``: see :func:`_valid_container`).
        """
        pairs = units.filter(
            ~pl.col("_several") & ~pl.col("_good") & (pl.col("_ids") != "")
        ).select("_ids", "_kind")
        return {
            (ids, kind): v.check_cargo_unit_id(ids, CargoUnitKind(kind) if kind else None)
            for ids, kind in pairs.unique().rows()
        }

    def _row_unit_ids(self, units: pl.DataFrame, identified: dict[Any, Any]) -> pl.Series:
        """Normalised identifiers of each row's cargo units (what its goods item lists)."""
        mapping = {_pair_key(pair): result[0][0] for pair, result in identified.items()}
        for ids, kind in units.filter(pl.col("_several")).select("_ids", "_kind").unique().rows():
            unit_kind = CargoUnitKind(kind) if kind else None
            mapping[_pair_key((ids, kind))] = _JOIN.join(
                v.check_cargo_unit_id(raw_id, unit_kind)[0][0] for raw_id in v._split(ids)
            )
        joined = _by_pair(units, mapping, pl.col("_ids"))
        return (
            units.select(
                pl.when(pl.col("_ids") != "")
                .then(joined.str.split(_JOIN))
                .otherwise(pl.lit([], pl.List(pl.Utf8)))
            )
            .to_series()
            .alias("cargo_unit_ids")
        )

    def _unit_records(
        self, changed: pl.DataFrame, kinds: dict[Any, Any], identified: dict[Any, Any]
    ) -> pl.DataFrame:
        """Cargo units made or merged from the changed rows, with their warnings."""
        single = changed.filter(~pl.col("_several"))
        records: list[tuple[Any, ...]] = []
        for row in changed.filter(pl.col("_several")).iter_rows(named=True):
            records.extend(self._units_of_row(row, kinds))
        frame = pl.concat(
            [
                self._single_units(single, kinds, identified),
                pl.DataFrame(records, schema=_UNIT_SCHEMA, orient="row"),
            ]
        ).sort("_row", maintain_order=True)

        def make(row: dict[str, Any]) -> CargoUnit:
            values = {a: row[a] for a in _UNIT_ATTRIBUTES}
            values["kind"] = CargoUnitKind(values["kind"])
            values["is_empty"] = bool(values["is_empty"])
            values["seals"] = list(values["seals"] or [])
            values["gross_weight_kg"] = _decimal(values["gross_weight_kg"])
            return CargoUnit(row["identifier"], row["voyage_number"], **values)

        def given(row: dict[str, Any]) -> dict[str, Any]:
            values = make(row)
            found = {"kind": values.kind} if row["_kind_given"] else {}
            for attribute in _UNIT_ATTRIBUTES[1:]:
                if row[attribute] is not None and (attribute != "is_empty" or row["_empty_given"]):
                    found[attribute] = getattr(values, attribute)
            return found

        # A repeat that gives nothing (a goods item naming the unit an EQD described) merges
        # nothing and warns of nothing: only repeats that give something go through Python.
        gives_nothing = (
            ~pl.col("_kind_given")
            & ~pl.col("_empty_given")
            & pl.all_horizontal(
                [pl.col(a).is_null() for a in _UNIT_ATTRIBUTES[1:] if a != "is_empty"]
            )
        )
        repeat = ~pl.struct("voyage_number", "identifier").is_first_distinct()
        frame = frame.filter(~(repeat & gives_nothing))
        merged = self._merged(
            frame,
            ("voyage_number", "identifier"),
            _UNIT_ATTRIBUTES,
            "cargo_unit",
            lambda r: f"cargo unit {r['identifier']}",
            given,
            make,
        )
        return merged.drop("_kind_given", "_empty_given").with_columns(
            pl.col("is_empty").fill_null(False)
        )

    def _single_units(
        self, single: pl.DataFrame, kinds: dict[Any, Any], identified: dict[Any, Any]
    ) -> pl.DataFrame:
        """Units of changed rows naming one identifier, column by column."""
        empties = _choice_mapping(single["is_empty"], EMPTY_WORDS, "is_empty", False)
        seals = _compacted(single["seals"], several=True)
        plates = _compacted(single["vehicle_plate"], several=False)
        sizes = _upper_ascii(single["size_type"])
        keys = [_pair_key(pair) for pair in identified]
        results = list(identified.values())
        identifiers = _by_pair(single, dict(zip(keys, [r[0][0] for r in results], strict=True)))
        unit_kinds = _by_pair(
            single,
            dict(zip(keys, [str(r[0][1]) for r in results], strict=True)),
            pl.col("_kind").fill_null(str(CargoUnitKind.CONTAINER)),
        )
        frame = single.select(
            "_row",
            "line",
            "segment",
            "tag",
            pl.col("_voyage").alias("voyage_number"),
        ).with_columns(
            identifiers.alias("identifier"),
            unit_kinds.alias("kind"),
            sizes.alias("size_type"),
            seals.str.split(_JOIN).alias("seals"),
            plates.alias("vehicle_plate"),
            _mapped(single["is_empty"], empties, _value_of, pl.Boolean).alias("is_empty"),
            single["_weight"].alias("gross_weight_kg"),
            pl.when(stripped(single["stowage_position"]) != "")
            .then(stripped(single["stowage_position"]))
            .alias("stowage_position"),
            single["_kind"].is_not_null().alias("_kind_given"),
            ~blank(single["is_empty"]).alias("_empty_given"),
        )
        # Warnings: kind, is_empty and identifier problems, on the rows that have them.
        bad_kinds = [k for k, r in kinds.items() if r is not None and r[1]]
        bad_empties = [k for k, r in empties.items() if r is not None and r[1]]
        bad_ids = [k for k, r in zip(keys, results, strict=True) if r[1]]
        if not (bad_kinds or bad_empties or bad_ids):
            return frame.select(list(_UNIT_SCHEMA))
        flagged = single.with_columns(
            _PAIR_KEY.alias("_key"), identifiers.alias("_identifier")
        ).filter(
            pl.col("cargo_unit_type").is_in(bad_kinds)
            | pl.col("is_empty").is_in(bad_empties)
            | pl.col("_key").is_in(bad_ids)
        )
        by_key = dict(zip(keys, results, strict=True))
        no_problems: tuple[Any, tuple[v.Problem, ...]] = (None, ())
        for index, number, type_raw, empty_raw, unit_key_raw, identifier in flagged.select(
            "_row", "_voyage", "cargo_unit_type", "is_empty", "_key", "_identifier"
        ).iter_rows():
            kind_result, empty_result = kinds.get(type_raw), empties.get(empty_raw)
            unit_key = _key(number, identifier)
            if kind_result and kind_result[1]:
                self.issues.problems(
                    index, "cargo_unit_type", kind_result[1], "cargo_unit", unit_key
                )
            if empty_result and empty_result[1]:
                self.issues.problems(index, "is_empty", empty_result[1], "cargo_unit", unit_key)
            self.issues.problems(
                index,
                "cargo_unit_id",
                by_key.get(unit_key_raw, no_problems)[1],
                "cargo_unit",
                unit_key,
            )
        return frame.select(list(_UNIT_SCHEMA))

    def _units_of_row(self, row: dict[str, Any], kinds: dict[Any, Any]) -> list[tuple[Any, ...]]:
        """What ``_cargo_units`` makes of a row whose field lists several units."""
        number, index = row["_voyage"], row["_row"]
        warnings: list[tuple[str, str, str]] = []
        kind_result = kinds.get(row["cargo_unit_type"])
        kind = kind_result[0] if kind_result else None
        if kind_result and kind_result[1]:
            warnings.extend(_worded(kind_result[1], "cargo_unit_type"))
        identifiers = v._split(row["_ids"])
        values: dict[str, Any] = {}
        if len(identifiers) == 1:
            place, found = self.place(index), list[Issue]()
            values = v._cargo_unit_values(row, place, found, False)  # type: ignore[arg-type]
            warnings.extend((i.place.column or "", i.code, i.message) for i in found)
            if row["_weight"] is not None:
                values["gross_weight_kg"] = Decimal(row["_weight"])
        elif any(v._text(row[c]) for c in _PER_UNIT_COLUMNS):
            warnings.append(
                (
                    "cargo_unit_id",
                    "cargo_unit.shared_fields",
                    f"cargo units {shown(row['_ids'])}: seals, size, weight, plate or stowage given"
                    " for several units at once; not assigned",
                )
            )
        made = []
        for raw_id in identifiers:
            (identifier, unit_kind), problems = v.check_cargo_unit_id(raw_id, kind)
            key = _key(number, identifier)
            for column, code, message in warnings:
                self.issues.add(index, column, code, message, False, "cargo_unit", key)
            self.issues.problems(index, "cargo_unit_id", problems, "cargo_unit", key)
            weight = values.get("gross_weight_kg")
            made.append(
                (
                    index,
                    row["line"],
                    row["segment"],
                    row["tag"],
                    number,
                    identifier,
                    str(unit_kind),
                    values.get("size_type"),
                    values.get("seals"),
                    values.get("vehicle_plate"),
                    values.get("is_empty"),
                    None if weight is None else str(weight),
                    values.get("stowage_position"),
                    kind is not None,
                    "is_empty" in values,
                )
            )
        return made

    # --- goods items ----------------------------------------------------------------------

    def _goods(self, eligible: pl.DataFrame, unit_ids: pl.Series) -> pl.DataFrame:
        """Goods items kept (with warnings) or rejected (with every reason), in row order."""
        values: dict[str, pl.Series] = {}
        problems: dict[str, dict[Any, Any]] = {}
        for column, check in _GOODS_CHECKS:
            series = eligible[column]
            if check is v.check_decimal:
                values[column], problems[column] = _decimal_results(series)
            else:
                mapping = _checked(series, check)
                problems[column] = mapping
                values[column] = _mapped(
                    series, mapping, _value_of, pl.Int64 if check is v.check_count else pl.Utf8
                )
        # Reasons first (per column, in the per-row order), then warnings of kept items.
        warned: dict[int, list[tuple[str, v.Problem]]] = {}
        rows = eligible["_row"]
        for column, _ in _GOODS_CHECKS:
            series = eligible[column]
            for position in _with_problems(series, problems[column]):
                row = rows[position]
                for problem in problems[column][series[position]][1]:
                    if problem[2]:
                        code, message = field_issue(problem[0], problem[1], column)
                        self.reason(row, column, code, message)
                    else:
                        warned.setdefault(row, []).append((column, problem))
        goods = (
            eligible.select("_row", "line", "segment", "tag")
            .with_columns(
                pl.col("_row").is_in(list(self.reasons)).alias("_rejected"),
                eligible["_document"].alias("document_number"),
                values["item_number"].alias("_given_item"),
                values["hs_code"].alias("hs_code"),
                single_spaced(eligible["goods_description"]).alias("description"),
                values["packages"].alias("packages"),
                self._upper(eligible["package_type"]).alias("package_type"),
                values["gross_weight_kg"].alias("gross_weight_kg"),
                values["net_weight_kg"].alias("net_weight_kg"),
                values["value"].alias("value"),
                self._simple(eligible, "currency", v.check_currency),
                self._simple(eligible, "origin_country", v.check_country),
                unit_ids.alias("cargo_unit_ids"),
            )
            .filter(~pl.col("_rejected"))
        )
        for row, found in warned.items():
            if row not in self.reasons:
                for column, problem in found:
                    self.issues.problems(row, column, (problem,), "consignment", str(row))
        goods = self._item_numbers(goods)
        self._net_above_gross(goods)
        # The batch row stays: it is the key of a goods item's issues (lines may repeat).
        return goods.drop("_rejected", "_given_item").rename({"_row": "row"})

    def _upper(self, series: pl.Series) -> pl.Series:
        """``_text(value).upper() or None`` once per distinct value."""
        mapping = {
            raw: (raw.strip().upper() if raw else "") or None for raw in series.unique().to_list()
        }
        keys = [k for k in mapping if k is not None]
        return series.replace_strict(
            keys, [mapping[k] for k in keys], default=None, return_dtype=pl.Utf8
        )

    def _simple(
        self, eligible: pl.DataFrame, column: str, check: Callable[[str], v.Checked]
    ) -> pl.Series:
        """A goods column whose problems are warnings only (currency, origin country)."""
        series = eligible[column]
        mapping = _checked(series, check)
        rows = eligible["_row"]
        for position in _with_problems(series, mapping):
            row = rows[position]
            if row not in self.reasons:
                self.issues.problems(
                    row,
                    column,
                    mapping[series[position]][1],
                    "consignment",
                    str(row),
                )
        return _mapped(series, mapping, _value_of, pl.Utf8).alias(column)

    def _item_numbers(self, goods: pl.DataFrame) -> pl.DataFrame:
        """Item numbers given or counted per document; a repeat is warned about.

        The per-row path forgets which numbers it saw whenever the document changes from one
        kept item to the next; with every number given that is a count per run of a document.
        """
        if goods["_given_item"].null_count():
            return self._counted_item_numbers(goods)
        document = pl.col("document_number")
        run = (document != document.shift(1)).fill_null(True)
        # Numbers that rise within every run cannot repeat: the common case needs no grouping.
        rising = run | (pl.col("_given_item") > pl.col("_given_item").shift(1))
        if goods.select(rising.all()).item():
            return goods.with_columns(pl.col("_given_item").alias("item_number"))
        repeats = goods.with_columns(run.cum_sum().alias("_run")).filter(
            ~pl.struct("_run", "_given_item").is_first_distinct()
        )
        for row, document, number in repeats.select(
            "_row", "document_number", "_given_item"
        ).iter_rows():
            self.issues.add(
                row,
                "item_number",
                "consignment.duplicate_item",
                f"document {document}: item {number} given twice",
                False,
                "consignment",
                str(row),
            )
        return goods.with_columns(pl.col("_given_item").alias("item_number"))

    def _counted_item_numbers(self, goods: pl.DataFrame) -> pl.DataFrame:
        """Item numbers through the per-row code, when some are not given."""
        seen = v._Seen()
        numbers = []
        for row, document, given in goods.select(
            "_row", "document_number", "_given_item"
        ).iter_rows():
            warnings: list[Issue] = []
            numbers.append(v._item_number(seen, document, given, self.place(row), warnings))
            for issue in warnings:
                self.issues.issue(row, issue, "consignment", str(row))
        return goods.with_columns(pl.Series("item_number", numbers, dtype=pl.Int64))

    def _net_above_gross(self, goods: pl.DataFrame) -> None:
        """The per-row warning for a net weight above the gross weight."""
        both = goods.filter(
            pl.col("gross_weight_kg").is_not_null() & pl.col("net_weight_kg").is_not_null()
        )
        for row, gross, net in both.select("_row", "gross_weight_kg", "net_weight_kg").iter_rows():
            if Decimal(net) > Decimal(gross):
                self.issues.add(
                    row,
                    "net_weight_kg",
                    "consignment.net_above_gross",
                    f"net weight {net} kg is above gross weight {gross} kg",
                    False,
                    "consignment",
                    str(row),
                )

    # --- rejected -------------------------------------------------------------------------

    def _rejected(self) -> pl.DataFrame:
        """Rejected rows: place, reasons, raw fields; their reasons also go to the issues."""
        if not self.reasons:
            return (
                self.rows.clear()
                .select("line", "segment", "tag", "record", *CONSIGNMENT_ROW_FIELDS)
                .with_columns(
                    pl.lit(
                        None,
                        pl.List(
                            pl.Struct({"column": pl.Utf8, "code": pl.Utf8, "message": pl.Utf8})
                        ),
                    ).alias("reasons")
                )
            )
        rows = sorted(self.reasons)
        for row in rows:
            for column, code, message in self.reasons[row]:
                self.issues.add(row, column, code, message, True, "rejected", str(row))
        reasons = pl.Series(
            "reasons",
            [
                [{"column": c, "code": k, "message": m} for c, k, m in self.reasons[row]]
                for row in rows
            ],
        )
        return (
            self.rows[rows]
            .select("line", "segment", "tag", "record", *CONSIGNMENT_ROW_FIELDS)
            .with_columns(reasons)
        )


# Identifiers ``_compact_identifier`` leaves as they are, apart from upper case.
_PLAIN_IDENTIFIER = r"^[A-Za-z0-9]+$"


def _compacted(series: pl.Series, *, several: bool) -> pl.Series:
    """Seals (``several``, joined) or a plate as the per-row path compacts them; null if blank.

    Plain ASCII letters and digits only change case, column-wise; the rest go through
    ``_compact_identifier`` once per distinct value.
    """
    text = stripped(series)
    plain = text.str.contains(_PLAIN_IDENTIFIER).fill_null(False)
    others = series.filter(~plain).unique().to_list()
    mapping: dict[Any, Any] = {}
    for raw in others:
        value = raw.strip() if raw else ""
        if not value:
            mapping[raw] = None
        elif several:
            mapping[raw] = _JOIN.join(v._compact_identifier(s) for s in v._split(value))
        else:
            mapping[raw] = v._compact_identifier(value)
    slow = _mapped(series, mapping, lambda r: r, pl.Utf8) if mapping else series
    return pl.select(pl.when(plain).then(text.str.to_uppercase()).otherwise(slow)).to_series()


def _upper_ascii(series: pl.Series) -> pl.Series:
    """``_text(value).upper() or None``: ASCII column-wise, the rest once per distinct value."""
    text = stripped(series)
    ascii_only = text.str.contains(r"^[\x00-\x7f]*$").fill_null(False)
    mapping = {
        raw: (raw.strip().upper() if raw else "") or None
        for raw in series.filter(~ascii_only).unique().to_list()
    }
    slow = _mapped(series, mapping, lambda r: r, pl.Utf8) if mapping else series
    upper = text.str.to_uppercase()
    return pl.select(
        pl.when(ascii_only).then(pl.when(upper != "").then(upper)).otherwise(slow)
    ).to_series()


_LETTER_VALUES = {letter: weights[0] for letter, weights in container._WEIGHTED.items()}


def _valid_container(ids: pl.Series) -> pl.Series:
    """True for an ISO 6346 number written canonically with its right check digit.

    Steps: 1. the shape (owner code, category letter, seven digits); 2. the weighted sum of
    the four letters, once per distinct owner code and category (there are few); 3. the six
    serial digits taken from the serial as a number; 4. the sum modulo 11 against the digit.
    """
    shaped = ids.str.contains(r"^[A-Z]{3}[UJZR][0-9]{7}$").fill_null(False)
    owners = ids.str.slice(0, 4)
    letters = {
        owner: sum(_LETTER_VALUES[letter] << i for i, letter in enumerate(owner))
        for owner in owners.filter(shaped).unique().to_list()
    }
    serial = pl.col("serial")
    digits = [(serial // 10 ** (5 - i)) % 10 * (1 << (4 + i)) for i in range(6)]
    total = pl.col("owner") + pl.sum_horizontal(digits)
    return (
        pl.DataFrame(
            {
                "owner": owners.replace_strict(
                    list(letters), list(letters.values()), default=0, return_dtype=pl.Int64
                ),
                "serial": ids.str.slice(4, 6).cast(pl.Int64, strict=False),
                "digit": ids.str.slice(10, 1).cast(pl.Int64, strict=False),
                "shaped": shaped,
            }
        )
        .select(pl.col("shaped") & (total % 11 % 10 == pl.col("digit")).fill_null(False))
        .to_series()
        .alias(ids.name)
    )


# A row's single identifier and given kind as one key, as ``_pair_key`` writes it.
_PAIR_KEY = pl.concat_str([pl.col("_ids"), pl.col("_kind").fill_null("")], separator=_JOIN)


def _pair_key(pair: tuple[str, str | None]) -> str:
    """An (identifier, given kind) pair as the key ``_PAIR_KEY`` computes column-wise."""
    ids, kind = pair
    return f"{ids}{_JOIN}{kind or ''}"


def _by_pair(
    units: pl.DataFrame, mapping: dict[str, Any], good: pl.Expr | None = None
) -> pl.Series:
    """Per unit row: ``good`` where the identifier was recognised column-wise (``_good``),
    else the value ``mapping`` holds for its identifier and kind (null when none).
    """
    looked_up = _PAIR_KEY.replace_strict(
        list(mapping), list(mapping.values()), default=None, return_dtype=pl.Utf8
    )
    value = pl.when(pl.col("_good")).then(pl.col("_ids") if good is None else good)
    return units.select(value.otherwise(looked_up)).to_series()


class _Record:
    """A bag of attributes for the per-row merge of parties."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
        self.__dataclass_fields__ = Party.__dataclass_fields__


def _worded(problems: tuple[v.Problem, ...], column: str) -> list[tuple[str, str, str]]:
    """Problems as (column, code, message) warnings."""
    return [(column, *field_issue(code, message, column)) for code, message, _ in problems]


def _decimal(value: Any) -> Decimal | None:
    """Decimal text as a Decimal."""
    return None if value is None else Decimal(value)


def _frame_value(value: Any) -> Any:
    """A merged record attribute as a frame cell."""
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value") and isinstance(value.value, str):
        return str(value)
    return value
