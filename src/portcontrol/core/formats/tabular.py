"""CSV and XLSX manifests: one row per goods item, plus people and cargo-unit tables.

A table is recognised by its header, whatever the file or sheet is called: column names are
accepted in English (the canonical field names of :mod:`portcontrol.core.manifest` and a few
obvious synonyms) and in Russian, ignoring case, spaces, underscores and punctuation. Every value
goes to the :class:`ManifestBuilder` as text: HS codes and identifiers are never numbers here.

CSV is read line by line from a binary stream (``open_csv`` / ``iter_csv_rows`` /
``read_csv_batches``), so a million-line file takes constant memory; the header is mapped once
to a tuple of field names and each row becomes one dict built by ``zip``.
"""

from __future__ import annotations

import csv
import io
import math
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from operator import itemgetter
from typing import IO, Any

from portcontrol.core.errors import Issue, Place, ReadError
from portcontrol.core.formats.detect import UTF16_BOMS, is_binary
from portcontrol.core.formats.limits import DEFAULT_LIMITS, Limits, check_size, open_checked_zip
from portcontrol.core.manifest import (
    CARGO_UNIT_ROW_FIELDS,
    CONSIGNMENT_ROW_FIELDS,
    PERSON_FIELDS,
    ManifestBuilder,
)
from portcontrol.core.records import CargoUnit, Consignment, Manifest, Person

CONSIGNMENT = "consignment"
PERSON = "person"
CARGO_UNIT = "cargo_unit"
SHEET_NAMES = {CONSIGNMENT: "consignments", PERSON: "people", CARGO_UNIT: "cargo_units"}

# Accepted column names besides the canonical field name: (English synonyms, Russian names).
# docs/formats.md lists the same names; a test keeps the two in step.
COLUMN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "voyage_number": (
        ("voyage", "voyage no", "journey id"),
        ("Номер рейса", "Рейс", "№ рейса"),
    ),
    "transport_mode": (("mode", "mode of transport"), ("Вид транспорта",)),
    "vessel_name": (
        ("vessel", "ship", "ship name"),
        ("Название судна", "Наименование судна", "Судно"),
    ),
    "vessel_imo": (("imo", "imo number", "imo no"), ("Номер ИМО", "ИМО", "Номер IMO")),
    "carrier": (("carrier name",), ("Перевозчик",)),
    "departure_port": (("port of departure",), ("Порт отправления",)),
    "arrival_port": (("port of arrival",), ("Порт прибытия", "Порт назначения")),
    "transit_ports": (("transit", "ports of call"), ("Порты транзита", "Транзитные порты")),
    "departure_time": (
        ("departure date", "etd"),
        ("Время отправления", "Дата отправления", "Дата и время отправления"),
    ),
    "arrival_time": (
        ("arrival date", "eta"),
        ("Время прибытия", "Дата прибытия", "Дата и время прибытия"),
    ),
    "document_number": (
        (
            "bill of lading",
            "b/l",
            "b/l number",
            "bill of lading number",
            "waybill",
            "waybill number",
            "transport document",
        ),
        (
            "Номер коносамента",
            "Коносамент",
            "Номер транспортного документа",
            "Номер накладной",
            "Накладная",
        ),
    ),
    "document_type": (("document kind",), ("Тип документа", "Вид документа")),
    "loading_port": (("port of loading", "pol"), ("Порт погрузки",)),
    "discharge_port": (("port of discharge", "pod"), ("Порт выгрузки",)),
    "shipper_name": (
        ("shipper", "consignor", "consignor name", "exporter"),
        ("Отправитель", "Грузоотправитель", "Наименование отправителя", "Экспортер"),
    ),
    "shipper_address": (("consignor address",), ("Адрес отправителя",)),
    "shipper_country": (("consignor country",), ("Страна отправителя",)),
    "shipper_tax_id": (
        ("shipper tin", "consignor tin", "consignor tax id"),
        ("ИНН отправителя", "Налоговый номер отправителя"),
    ),
    "consignee_name": (
        ("consignee", "importer"),
        ("Получатель", "Грузополучатель", "Наименование получателя", "Импортер"),
    ),
    "consignee_address": ((), ("Адрес получателя",)),
    "consignee_country": ((), ("Страна получателя",)),
    "consignee_tax_id": (("consignee tin",), ("ИНН получателя", "Налоговый номер получателя")),
    "notify_name": (("notify", "notify party"), ("Уведомляемая сторона", "Извещаемая сторона")),
    "notify_address": (("notify party address",), ("Адрес уведомляемой стороны",)),
    "notify_country": (("notify party country",), ("Страна уведомляемой стороны",)),
    "notify_tax_id": (("notify party tax id",), ("ИНН уведомляемой стороны",)),
    "item_number": (("item", "item no", "goods item"), ("Номер товара", "№ товара")),
    "hs_code": (
        ("hs", "hs code", "commodity code", "tariff code"),
        ("Код ТН ВЭД", "ТН ВЭД", "Код ТНВЭД", "Код ГС", "Код товара"),
    ),
    "goods_description": (
        ("description", "goods", "cargo description"),
        ("Описание товара", "Наименование товара", "Описание груза"),
    ),
    "packages": (
        ("number of packages", "package count", "pkgs"),
        ("Количество мест", "Кол-во мест", "Места"),
    ),
    "package_type": (("packaging", "package kind"), ("Вид упаковки", "Тип упаковки", "Упаковка")),
    "gross_weight_kg": (
        ("gross weight", "gross mass", "weight"),
        ("Вес брутто, кг", "Вес брутто", "Масса брутто, кг", "Масса брутто"),
    ),
    "net_weight_kg": (
        ("net weight", "net mass"),
        ("Вес нетто, кг", "Вес нетто", "Масса нетто, кг", "Масса нетто"),
    ),
    "value": (
        ("goods value", "invoice value", "customs value", "amount"),
        ("Стоимость", "Таможенная стоимость", "Фактурная стоимость"),
    ),
    "currency": (("currency code",), ("Валюта", "Код валюты")),
    "origin_country": (("origin", "country of origin"), ("Страна происхождения",)),
    "cargo_unit_id": (
        (
            "container",
            "container number",
            "container no",
            "equipment",
            "equipment id",
            "cargo unit",
        ),
        ("Номер контейнера", "Контейнер", "Номер грузовой единицы", "Грузовая единица"),
    ),
    "cargo_unit_type": (
        ("unit type", "equipment type", "cargo unit kind"),
        ("Тип грузовой единицы", "Вид грузовой единицы"),
    ),
    "size_type": (
        ("iso size type", "container type", "size and type"),
        ("Типоразмер", "Типоразмер контейнера", "Тип контейнера"),
    ),
    "seals": (("seal", "seal number", "seal numbers"), ("Пломбы", "Пломба", "Номера пломб")),
    "vehicle_plate": (
        ("plate", "registration plate", "licence plate", "license plate", "vehicle registration"),
        ("Госномер", "Гос. номер", "Номер автомобиля", "Регистрационный номер"),
    ),
    "is_empty": (("empty",), ("Порожний", "Порожняя")),
    "cargo_unit_gross_weight_kg": (
        ("container gross weight", "unit gross weight"),
        ("Вес грузовой единицы брутто, кг", "Вес контейнера брутто, кг"),
    ),
    "stowage_position": (
        ("stowage", "bay position", "slot"),
        ("Место укладки", "Позиция на судне"),
    ),
    "person_role": (("role", "category"), ("Категория", "Роль")),
    "family_name": (("surname", "last name"), ("Фамилия",)),
    "given_names": (
        ("given name", "first name", "first names"),
        ("Имя", "Имена", "Имя и отчество"),
    ),
    "date_of_birth": (("birth date", "dob"), ("Дата рождения",)),
    "nationality": (("citizenship",), ("Гражданство",)),
    "gender": (("sex",), ("Пол",)),
    "travel_document_type": (("document type",), ("Тип документа", "Вид документа")),
    "travel_document_number": (
        ("document number", "passport", "passport number"),
        ("Номер документа", "Номер паспорта", "Паспорт"),
    ),
}


def column_key(name: str) -> str:
    """A column name reduced to what identifies it: letters and digits, case folded.

    >>> column_key(" Gross_Weight (kg) ")
    'grossweightkg'
    >>> column_key("Вес брутто, кг") == column_key("вес  БРУТТО кг")
    True
    """
    folded = name.casefold().replace("ё", "е")
    return "".join(character for character in folded if character.isalnum())


@dataclass(frozen=True, slots=True)
class Table:
    """One kind of table: its fields, the columns it cannot do without, and accepted names."""

    kind: str
    fields: tuple[str, ...]
    required: tuple[str, ...]
    # A header cell counts as this kind of table when it maps to one of these fields.
    markers: tuple[str, ...]

    def names(self) -> dict[str, str]:
        """Every accepted column name (as :func:`column_key`) mapped to its field."""
        found: dict[str, str] = {}
        for name in self.fields:
            english, russian = COLUMN_NAMES.get(name, ((), ()))
            for alias in (name, *english, *russian):
                found[column_key(alias)] = name
        return found


TABLES = (
    # Person first: a people table also has voyage and document-like columns.
    Table(PERSON, PERSON_FIELDS, ("voyage_number", "family_name"), ("family_name",)),
    Table(
        CONSIGNMENT,
        CONSIGNMENT_ROW_FIELDS,
        ("voyage_number", "document_number", "goods_description"),
        ("document_number", "goods_description", "hs_code"),
    ),
    Table(
        CARGO_UNIT, CARGO_UNIT_ROW_FIELDS, ("voyage_number", "cargo_unit_id"), ("cargo_unit_id",)
    ),
)
_TABLE_NAMES = {table.kind: table.names() for table in TABLES}


@dataclass(slots=True)
class Header:
    """A table's header mapped to fields: which cell of a row feeds which field."""

    kind: str
    fields: tuple[str, ...]
    positions: tuple[int, ...]
    width: int
    issues: list[Issue] = field(default_factory=list)

    def picker(self) -> Callable[[Sequence[str]], Sequence[Any]]:
        """A C-speed function taking a row to the values of the mapped cells, in field order."""
        if self.positions == tuple(range(self.width)):
            return _same
        if len(self.positions) == 1:
            position = self.positions[0]
            return lambda row: (row[position],)
        return itemgetter(*self.positions)


def _same(row: Sequence[str]) -> Sequence[str]:
    """The row itself: every column is mapped, in order."""
    return row


def map_header(cells: Sequence[str], place: Place, limits: Limits = DEFAULT_LIMITS) -> Header:
    """Recognise a table by its header and map its columns, or refuse it with a ReadError.

    >>> header = map_header(["Номер рейса", "Номер коносамента", "Описание товара", "Colour"],
    ...                     Place(line=1))
    >>> header.kind, header.fields, header.positions
    ('consignment', ('voyage_number', 'document_number', 'goods_description'), (0, 1, 2))
    >>> [str(issue) for issue in header.issues]
    ['line 1: unknown column ignored: Colour']
    """
    if len(cells) > limits.max_columns:
        raise ReadError(
            f"the header has {len(cells)} columns, over the limit of {limits.max_columns}",
            place,
            "table.too_wide",
        )
    keys = [column_key(cell or "") for cell in cells]
    table = _table_for(keys)
    if table is None:
        raise ReadError(
            "no manifest columns found: the header must name at least voyage_number and "
            "document_number, goods_description (goods), family_name (people) or "
            "cargo_unit_id (cargo units); see the column template",
            place,
            "table.unknown",
        )
    names = _TABLE_NAMES[table.kind]
    fields: list[str] = []
    positions: list[int] = []
    unknown: list[str] = []
    duplicates: list[str] = []
    for position, (cell, key) in enumerate(zip(cells, keys, strict=True)):
        name = names.get(key)
        if name is None:
            if key:
                unknown.append(str(cell).strip())
        elif name in fields:
            duplicates.append(f"{str(cell).strip()} ({name})")
        else:
            fields.append(name)
            positions.append(position)
    missing = [name for name in table.required if name not in fields]
    if missing:
        raise ReadError(
            f"required columns missing from the {SHEET_NAMES[table.kind]} table: "
            + ", ".join(missing),
            place,
            "table.missing_columns",
        )
    header = Header(table.kind, tuple(fields), tuple(positions), len(cells))
    if unknown:
        header.issues.append(
            Issue(place, "table.unknown_columns", "unknown column ignored: " + ", ".join(unknown))
        )
    if duplicates:
        header.issues.append(
            Issue(
                place,
                "table.duplicate_columns",
                "repeated column ignored (the first one is read): " + ", ".join(duplicates),
            )
        )
    return header


def _table_for(keys: Sequence[str]) -> Table | None:
    """The kind of table a header describes, by its marker columns."""
    for table in TABLES:
        names = _TABLE_NAMES[table.kind]
        if any(names.get(key) in table.markers for key in keys):
            return table
    return None


def header_score(cells: Sequence[object]) -> int:
    """How many cells of a row are known column names (to find the header row of a sheet)."""
    known = 0
    for cell in cells:
        if isinstance(cell, str):
            key = column_key(cell)
            known += any(key in names for names in _TABLE_NAMES.values())
    return known


class RowFeeder:
    """Hands mapped rows to the builder method that fits the table kind."""

    def __init__(self, builder: ManifestBuilder, header: Header) -> None:
        self.add = {
            CONSIGNMENT: builder.add_consignment_row,
            PERSON: builder.add_person_row,
            CARGO_UNIT: builder.add_cargo_unit_row,
        }[header.kind]
        # Without an item_number column, goods items are numbered per document in file order.
        self.numbers: dict[str, int] | None = (
            {} if header.kind == CONSIGNMENT and "item_number" not in header.fields else None
        )
        self.repair_hs = "hs_code" in header.fields

    def __call__(self, fields: dict[str, str], place: Place) -> None:
        """Fill what the table leaves implicit, then validate the row."""
        if self.repair_hs:
            code = fields["hs_code"]
            # Spreadsheets save a code typed as a number as 2915240000.0.
            if "." in code:
                digits = code.strip().removesuffix(".0")
                if digits.isdigit():
                    fields["hs_code"] = digits
        if self.numbers is not None:
            document = fields.get("document_number") or ""
            number = self.numbers.get(document, 0) + 1
            self.numbers[document] = number
            fields["item_number"] = str(number)
        self.add(fields, place)


# --- CSV -----------------------------------------------------------------------------------

_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t")


@dataclass(slots=True)
class Encoding:
    """How the bytes of a text file become text, with the warning the choice deserves."""

    name: str
    issue: Issue | None = None


def sniff_encoding(head: bytes) -> Encoding:
    """UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or Windows-1251.

    >>> sniff_encoding("Номер рейса".encode()).name
    'utf-8'
    >>> sniff_encoding("Номер рейса".encode("cp1251")).name
    'cp1251'
    """
    if head.startswith(b"\xef\xbb\xbf"):
        return Encoding("utf-8-sig")
    if head.startswith(UTF16_BOMS):
        return Encoding("utf-16")
    try:
        head.decode("utf-8")
        return Encoding("utf-8")
    except UnicodeDecodeError as error:
        # The sniffed block may end inside a multi-byte character.
        if error.start >= len(head) - 3 and error.reason == "unexpected end of data":
            return Encoding("utf-8")
    # Cyrillic in Windows-1251 almost never forms valid UTF-8, so a single non-ASCII line that
    # decodes as UTF-8 means a UTF-8 file with some lines pasted from elsewhere: read it as
    # UTF-8 and let those lines fall back one by one, with a warning.
    if any(_is_utf8_text(line) for line in head.split(b"\n")):
        return Encoding("utf-8")
    try:
        head.decode("cp1251")
    except UnicodeDecodeError:
        raise ReadError(
            "the file is neither UTF-8 nor Windows-1251 text: save it as UTF-8 CSV",
            code="file.encoding",
        ) from None
    return Encoding(
        "cp1251",
        Issue(Place(), "file.encoding", "the file is not UTF-8: read as Windows-1251 (Cyrillic)"),
    )


def _is_utf8_text(line: bytes) -> bool:
    """True for a line with non-ASCII characters that is valid UTF-8."""
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(line: str) -> str:
    """The delimiter a header line uses most: comma, semicolon or tab.

    >>> sniff_delimiter("voyage_number;document_number;goods_description")
    ';'
    """
    counts = [(line.count(delimiter), delimiter) for delimiter in _DELIMITERS]
    best = max(counts)
    return best[1] if best[0] else ","


class CsvTable:
    """A CSV table opened on a binary stream: header read at once, rows read lazily.

    ``issues`` holds the file-level warnings (encoding, unknown columns, ...); it grows while
    rows are read (lines that fall back to Windows-1251, surplus cells), so read it after
    :meth:`rows` is exhausted.
    """

    def __init__(
        self, stream: IO[bytes], *, name: str = "", limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.name = name
        self.limits = limits
        self.issues: list[Issue] = []
        _check_stream_size(stream, limits)
        head = stream.read(_SNIFF_BYTES)
        if not isinstance(head, bytes):
            raise TypeError("open_csv needs a binary stream")
        if is_binary(head) and not head.startswith(UTF16_BOMS):
            raise ReadError("the file holds binary data, not CSV text", code="file.binary")
        encoding = sniff_encoding(head)
        self.encoding = encoding.name
        if encoding.issue:
            self.issues.append(encoding.issue)
        self._fallback_lines: list[int] = []
        lines = self._text_lines(head, stream, encoding.name)
        first = self._first_line(lines)
        self.delimiter = sniff_delimiter(first[1])
        self._reader = csv.reader(_prepend(first[1], lines), delimiter=self.delimiter)
        self._line_offset = first[0] - 1
        try:
            cells = next(self._reader)
        except csv.Error as error:
            raise ReadError(
                f"the header is not valid CSV ({error})", Place(line=first[0])
            ) from None
        cells = [cell.strip() for cell in cells]
        self.header = map_header(cells, Place(line=first[0]), limits)
        self.kind = self.header.kind
        self.issues.extend(self.header.issues)

    def _text_lines(self, head: bytes, stream: IO[bytes], encoding: str) -> Iterator[str]:
        """Decoded lines; a line that is not valid in the sniffed encoding is tried as cp1251."""
        if encoding == "utf-16":
            rest = io.BufferedReader(_Prefixed(head, stream))  # type: ignore[arg-type]
            yield from io.TextIOWrapper(rest, encoding="utf-16", newline="")
            return
        fallback = self._fallback_lines
        for number, raw in enumerate(_byte_lines(head, stream), 1):
            try:
                yield raw.decode(encoding)
            except UnicodeDecodeError:
                try:
                    text = raw.decode("cp1251")
                except UnicodeDecodeError:
                    raise ReadError(
                        "the line is neither UTF-8 nor Windows-1251 text",
                        Place(line=number),
                        "file.encoding",
                    ) from None
                fallback.append(number)
                yield text

    def _first_line(self, lines: Iterator[str]) -> tuple[int, str]:
        """The first non-blank line and its number."""
        try:
            for number, line in enumerate(lines, 1):
                if line.strip():
                    return number, line
        except UnicodeDecodeError as error:
            raise ReadError(
                f"the file cannot be decoded ({error.reason})", code="file.encoding"
            ) from None
        raise ReadError("the file has no header line", code="file.empty")

    def rows(self) -> Iterator[tuple[dict[str, str], Place]]:
        """Each non-blank row as canonical fields with its place (line of the row's start)."""
        header = self.header
        names = header.fields
        width = header.width
        pick = header.picker()
        reader = self._reader
        offset = self._line_offset
        last_line = reader.line_num
        surplus: list[int] = []
        try:
            for row in reader:
                line = last_line + 1 + offset
                last_line = reader.line_num
                if not any(row):
                    continue  # blank lines and the ";;;;" rows spreadsheets leave behind
                if len(row) != width:
                    if len(row) > width and any(row[width:]):
                        surplus.append(line)
                    row = (row + [""] * width)[:width]
                yield dict(zip(names, pick(row), strict=False)), Place(line=line)
        except csv.Error as error:
            raise ReadError(
                f"the line is not valid CSV ({error})",
                Place(line=last_line + 1 + offset),
                "csv.syntax",
            ) from None
        except UnicodeDecodeError as error:
            raise ReadError(
                f"the text cannot be decoded ({error.reason})",
                Place(line=last_line + 1 + offset),
                "file.encoding",
            ) from None
        self._finish(surplus)

    def _finish(self, surplus: list[int]) -> None:
        """Turn what was noticed while reading rows into one warning each."""
        if surplus:
            self.issues.append(
                Issue(
                    Place(line=surplus[0]),
                    "table.surplus_cells",
                    f"{len(surplus)} row(s) have more cells than the header; extra cells ignored",
                )
            )
        if self._fallback_lines:
            first = self._fallback_lines[0]
            self.issues.append(
                Issue(
                    Place(line=first),
                    "file.encoding",
                    f"{len(self._fallback_lines)} line(s) are not UTF-8: read as Windows-1251",
                )
            )


class _Prefixed(io.RawIOBase):
    """A raw stream that first returns bytes already read, then the rest of a stream."""

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _byte_lines(head: bytes, stream: IO[bytes]) -> Iterator[bytes]:
    """Lines of bytes (ending with their newline): first from the sniffed head, then the stream."""
    pieces = head.split(b"\n")
    for piece in pieces[:-1]:
        yield piece + b"\n"
    tail = pieces[-1]
    rest = iter(stream)
    if tail:
        yield tail + next(rest, b"")
    yield from rest


def _prepend(first: str, rest: Iterator[str]) -> Iterator[str]:
    """A line followed by the remaining lines."""
    yield first
    yield from rest


def _check_stream_size(stream: IO[bytes], limits: Limits) -> None:
    """Refuse a stream over the size limit when its size can be known without reading it."""
    try:
        if stream.seekable():
            start = stream.tell()
            size = stream.seek(0, io.SEEK_END) - start
            stream.seek(start)
            check_size(size, limits.max_file_bytes)
    except (OSError, AttributeError, ValueError):
        return


def open_csv(stream: IO[bytes], *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> CsvTable:
    """Open a CSV table on a binary stream: sniff encoding and delimiter, map the header."""
    return CsvTable(stream, name=name, limits=limits)


def iter_csv_rows(
    stream: IO[bytes], *, name: str = "", limits: Limits = DEFAULT_LIMITS
) -> Iterator[tuple[dict[str, str], Place]]:
    """Rows of a CSV table as canonical fields with their places, in constant memory."""
    return open_csv(stream, name=name, limits=limits).rows()


def read_csv(data: bytes, *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Read a whole CSV file (goods, people or cargo units) into one validated manifest."""
    check_size(len(data), limits.max_file_bytes)
    table = open_csv(io.BytesIO(data), name=name, limits=limits)
    builder = ManifestBuilder("csv")
    feed = RowFeeder(builder, table.header)
    for fields, place in table.rows():
        feed(fields, place)
    manifest = builder.build()
    manifest.issues[:0] = table.issues
    return manifest


def read_csv_batches(
    stream: IO[bytes],
    *,
    name: str = "",
    batch_size: int = 10_000,
    limits: Limits = DEFAULT_LIMITS,
    builder_factory: Callable[[str], ManifestBuilder] = ManifestBuilder,
) -> Iterator[Manifest]:
    """A big CSV file as a series of validated manifests of ``batch_size`` rows each.

    Each batch has its own builder, so memory stays flat whatever the file's length; a caller
    that stores batches merges repeated voyages and documents by their business keys. The
    file-level warnings ride on the last batch (some are only known at the end). A ReadError
    may come after batches were yielded: the caller stores batches in one transaction.
    """
    table = open_csv(stream, name=name, limits=limits)
    builder = builder_factory("csv")
    feed = RowFeeder(builder, table.header)
    count = 0
    for fields, place in table.rows():
        feed(fields, place)
        count += 1
        if count == batch_size:
            yield builder.build()
            builder = builder_factory("csv")
            feed = _refeed(feed, builder, table.header)
            count = 0
    manifest = builder.build()
    manifest.issues.extend(table.issues)
    yield manifest


def _refeed(previous: RowFeeder, builder: ManifestBuilder, header: Header) -> RowFeeder:
    """A feeder for the next batch that keeps numbering goods items where the last one was."""
    feed = RowFeeder(builder, header)
    feed.numbers = previous.numbers
    return feed


# --- XLSX ----------------------------------------------------------------------------------

_HEADER_SEARCH_ROWS = 10
# What [Content_Types].xml declares for a workbook (plain, macro-enabled or template).
_WORKBOOK_CONTENT_TYPES = (
    b"spreadsheetml.sheet.main+xml",
    b"sheet.macroenabled.main+xml",
    b"spreadsheetml.template.main+xml",
    b"template.macroenabled.main+xml",
)
_OTHER_OFFICE = (
    (b"wordprocessingml", "a Word document"),
    (b"presentationml", "a PowerPoint presentation"),
)


def read_xlsx(data: bytes, *, name: str = "", limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Read every manifest sheet of a workbook (goods, people, cargo units) into one manifest.

    Steps:

    1. check the size, then the zip directory (entries, sizes, ratios, DTDs) before opening;
    2. require the content types of a workbook (a DOCX or ODS is refused by name);
    3. open with openpyxl in read-only mode; each sheet is recognised by its header row (one of
       the first ten rows), sheets without manifest columns are skipped with a warning;
    4. every cell becomes text: numbers without a spurious ".0", dates in ISO 8601.
    """
    check_size(len(data), limits.max_file_bytes)
    archive = open_checked_zip(data, limits)
    try:
        _require_workbook(archive)
    finally:
        archive.close()
    workbook = _open_workbook(data)
    builder = ManifestBuilder("xlsx")
    try:
        recognised = 0
        for sheet in _sheets(workbook):
            recognised += _read_sheet(sheet, builder, limits)
    finally:
        workbook.close()
    if not recognised:
        raise ReadError(
            "no sheet has manifest columns (see the column template)", code="table.unknown"
        )
    return builder.build()


def _require_workbook(archive: Any) -> None:
    """Refuse a zip that is not an Excel workbook, naming what it is when possible."""
    names = set(archive.namelist())
    if "mimetype" in names and "content.xml" in names:
        raise ReadError(
            "the file is an OpenDocument file: save it as XLSX or CSV", code="xlsx.not_workbook"
        )
    if "[Content_Types].xml" not in names:
        raise ReadError("the zip archive is not an XLSX workbook", code="xlsx.not_workbook")
    try:
        with archive.open("[Content_Types].xml") as part:
            content_types = part.read(1 << 20).lower()
    except Exception as error:  # noqa: BLE001  zlib and zipfile raise many kinds
        raise ReadError(f"the workbook is damaged ({error})", code="zip.damaged") from None
    if not any(kind in content_types for kind in _WORKBOOK_CONTENT_TYPES):
        for marker, what in _OTHER_OFFICE:
            if marker in content_types:
                raise ReadError(f"the file is {what}, not a workbook", code="xlsx.not_workbook")
        raise ReadError("the zip archive is not an XLSX workbook", code="xlsx.not_workbook")


def _open_workbook(data: bytes) -> Any:
    """openpyxl's read-only workbook; any failure of a damaged file becomes a ReadError."""
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it drops; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as error:  # noqa: BLE001  openpyxl raises anything on a broken file
        raise ReadError(
            f"the workbook is truncated or damaged ({type(error).__name__}: {error})",
            code="xlsx.damaged",
        ) from None


def _sheets(workbook: Any) -> Iterator[Any]:
    """The worksheets (not chart sheets) of a workbook."""
    try:
        sheets = list(workbook.worksheets)
    except Exception as error:  # noqa: BLE001
        raise ReadError(f"the workbook is damaged ({error})", code="xlsx.damaged") from None
    for sheet in sheets:
        if hasattr(sheet, "iter_rows"):
            yield sheet


def _read_sheet(sheet: Any, builder: ManifestBuilder, limits: Limits) -> int:
    """Feed one sheet's rows to the builder; 1 when it was a manifest table, else 0."""
    title = str(sheet.title)
    try:
        sheet.reset_dimensions()  # declared dimensions are often wrong: read what is there
    except Exception:  # noqa: BLE001  a sheet without dimensions has nothing to reset
        pass
    found = _find_header(sheet, title, limits)
    if found is None:
        if _has_values(sheet, title):
            builder.warn(
                Place(sheet=title),
                "table.unknown_sheet",
                f"sheet {title} ignored: no manifest columns in its first rows",
            )
        return 0
    row_number, cells = found
    place = Place(line=row_number, sheet=title)
    try:
        header = map_header(cells, place, limits)
    except ReadError as error:
        if error.code != "table.unknown":
            raise
        builder.warn(place, "table.unknown_sheet", f"sheet {title} ignored: {error.reason}")
        return 0
    builder.manifest.issues.extend(header.issues)
    feed = RowFeeder(builder, header)
    names = header.fields
    positions = header.positions
    rows = sheet.iter_rows(min_row=row_number + 1, max_col=header.width, values_only=True)
    for number, row in enumerate(_guarded(rows, title), row_number + 1):
        if not any(value is not None and value != "" for value in row):
            continue
        place = Place(line=number, sheet=title)
        try:
            fields = {
                name: _cell_text(row[position] if position < len(row) else None, name, limits)
                for name, position in zip(names, positions, strict=True)
            }
        except ReadError as error:
            column = error.place.column or ""
            raise ReadError(error.reason, place.with_column(column), error.code) from None
        feed(fields, place)
    return 1


def _find_header(sheet: Any, title: str, limits: Limits) -> tuple[int, list[str]] | None:
    """The header row of a sheet: the first of its first ten rows naming two known columns."""
    rows = sheet.iter_rows(
        max_row=_HEADER_SEARCH_ROWS, max_col=limits.max_columns, values_only=True
    )
    for number, row in enumerate(_guarded(rows, title), 1):
        if header_score(row) >= 2:
            cells = [_cell_text(value, "", limits).strip() for value in row]
            while cells and not cells[-1]:
                cells.pop()
            return number, cells
    return None


def _has_values(sheet: Any, title: str) -> bool:
    """True when any of the first rows of a sheet holds a value (an empty sheet is no news)."""
    rows = sheet.iter_rows(max_row=_HEADER_SEARCH_ROWS, values_only=True)
    return any(value not in (None, "") for row in _guarded(rows, title) for value in row)


def _guarded(rows: Iterable[Any], title: str) -> Iterator[Any]:
    """Rows of a sheet; openpyxl's failures on a damaged sheet become a ReadError."""
    try:
        yield from rows
    except ReadError:
        raise
    except Exception as error:  # noqa: BLE001  openpyxl raises anything on a broken file
        raise ReadError(
            f"the sheet is truncated or damaged ({type(error).__name__}: {error})",
            Place(sheet=title),
            "xlsx.damaged",
        ) from None


def _cell_text(value: object, name: str, limits: Limits) -> str:
    """A cell as the text a person typed: never scientific notation, never a trailing ".0".

    >>> _cell_text(2915240000.0, "hs_code", DEFAULT_LIMITS)
    '2915240000'
    >>> _cell_text(12.5, "gross_weight_kg", DEFAULT_LIMITS)
    '12.5'
    >>> _cell_text(datetime(2024, 5, 1), "date_of_birth", DEFAULT_LIMITS)
    '2024-05-01'
    >>> _cell_text(datetime(2024, 5, 1), "departure_time", DEFAULT_LIMITS)
    '2024-05-01T00:00:00'
    """
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > limits.max_field_chars:
            raise ReadError(
                f"a cell holds {len(value)} characters, over the limit of {limits.max_field_chars}",
                Place(column=name or None),
                "table.cell_too_long",
            )
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, datetime):
        if name.endswith("_time") or value.time() != time():
            return value.isoformat()
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


# --- writers -------------------------------------------------------------------------------


def _text(value: object) -> str:
    """A record value as the text a reader accepts back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ";".join(str(item) for item in value)
    return str(value)


class _Index:
    """Records of a manifest found by their business keys, for writing flat rows."""

    def __init__(self, manifest: Manifest) -> None:
        self.voyages = {voyage.number: voyage for voyage in manifest.voyages}
        self.documents = {document.number: document for document in manifest.documents}
        self.parties = {
            (party.document_number, party.role.value): party for party in manifest.parties
        }
        self.cargo_units = {
            (unit.voyage_number, unit.identifier): unit for unit in manifest.cargo_units
        }


def consignment_row(consignment: Consignment, index: _Index) -> list[str]:
    """The template row of one goods item: voyage, document, parties, goods, cargo unit."""
    document = index.documents.get(consignment.document_number)
    voyage = index.voyages.get(document.voyage_number) if document else None
    values: dict[str, object] = {}
    if voyage is not None:
        values.update(
            voyage_number=voyage.number,
            transport_mode=voyage.transport_mode.value,
            vessel_name=voyage.vessel_name,
            vessel_imo=voyage.imo,
            carrier=voyage.carrier,
            departure_port=voyage.departure_port,
            arrival_port=voyage.arrival_port,
            transit_ports=voyage.transit_ports,
            departure_time=voyage.departure_time,
            arrival_time=voyage.arrival_time,
        )
    elif document is not None:
        values["voyage_number"] = document.voyage_number
    values["document_number"] = consignment.document_number
    if document is not None:
        values.update(
            document_type=document.kind.value,
            loading_port=document.loading_port,
            discharge_port=document.discharge_port,
        )
    for role in ("shipper", "consignee", "notify"):
        party = index.parties.get((consignment.document_number, role))
        if party is not None:
            values.update(
                {
                    f"{role}_name": party.name,
                    f"{role}_address": party.address,
                    f"{role}_country": party.country,
                    f"{role}_tax_id": party.tax_id,
                }
            )
    values.update(
        item_number=consignment.item_number,
        hs_code=consignment.hs_code,
        goods_description=consignment.description,
        packages=consignment.packages,
        package_type=consignment.package_type,
        gross_weight_kg=consignment.gross_weight_kg,
        net_weight_kg=consignment.net_weight_kg,
        value=consignment.value,
        currency=consignment.currency,
        origin_country=consignment.origin_country,
        cargo_unit_id=consignment.cargo_unit_ids,
    )
    if len(consignment.cargo_unit_ids) == 1 and document is not None:
        unit = index.cargo_units.get((document.voyage_number, consignment.cargo_unit_ids[0]))
        if unit is not None:
            values.update(_cargo_unit_values(unit))
    return [_text(values.get(name)) for name in CONSIGNMENT_ROW_FIELDS]


def _cargo_unit_values(unit: CargoUnit) -> dict[str, object]:
    """The cargo-unit columns of a unit."""
    return {
        "cargo_unit_id": unit.identifier,
        "cargo_unit_type": unit.kind.value,
        "size_type": unit.size_type,
        "seals": unit.seals,
        "vehicle_plate": unit.vehicle_plate,
        "is_empty": unit.is_empty,
        "cargo_unit_gross_weight_kg": unit.gross_weight_kg,
        "stowage_position": unit.stowage_position,
    }


def person_row(person: Person) -> list[str]:
    """The people-table row of a driver, passenger or crew member."""
    values: dict[str, object] = {
        "voyage_number": person.voyage_number,
        "person_role": person.role.value,
        "family_name": person.family_name,
        "given_names": person.given_names,
        "date_of_birth": person.date_of_birth,
        "nationality": person.nationality,
        "gender": person.gender,
        "travel_document_type": person.document_type,
        "travel_document_number": person.document_number,
        "vehicle_plate": person.vehicle_plate,
    }
    return [_text(values.get(name)) for name in PERSON_FIELDS]


def cargo_unit_row(unit: CargoUnit) -> list[str]:
    """The cargo-units-table row of a container, trailer, truck or rail wagon."""
    values = _cargo_unit_values(unit)
    values.update(
        voyage_number=unit.voyage_number,
        loading_port=unit.loading_port,
        discharge_port=unit.discharge_port,
    )
    return [_text(values.get(name)) for name in CARGO_UNIT_ROW_FIELDS]


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]], with_header: bool) -> bytes:
    """UTF-8 CSV text; with a byte-order mark when it has a header, so Excel reads Cyrillic."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if with_header:
        writer.writerow(header)
    writer.writerows(rows)
    prefix = b"\xef\xbb\xbf" if with_header else b""
    return prefix + buffer.getvalue().encode("utf-8")


def write_csv(manifest: Manifest, *, header: bool = True) -> bytes:
    """The goods items of a manifest as a consignments CSV (one row per goods item)."""
    index = _Index(manifest)
    rows = (consignment_row(consignment, index) for consignment in manifest.consignments)
    return _csv_bytes(CONSIGNMENT_ROW_FIELDS, rows, header)


def write_people_csv(manifest: Manifest, *, header: bool = True) -> bytes:
    """The drivers, passengers and crew of a manifest as a people CSV."""
    return _csv_bytes(PERSON_FIELDS, (person_row(person) for person in manifest.persons), header)


def write_cargo_units_csv(manifest: Manifest, *, header: bool = True) -> bytes:
    """The cargo units of a manifest as a cargo-units CSV (seals, plates, stowage)."""
    rows = (cargo_unit_row(unit) for unit in manifest.cargo_units)
    return _csv_bytes(CARGO_UNIT_ROW_FIELDS, rows, header)


def write_xlsx(manifest: Manifest) -> bytes:
    """A workbook with the sheets consignments, people and cargo_units; every cell is text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)

    def text_cell(sheet: Any, value: str) -> Any:
        """A cell that stays text: no formula from a leading "=", no illegal characters."""
        if not value:
            return None
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        return cell

    index = _Index(manifest)
    tables: tuple[tuple[str, Sequence[str], Iterable[list[str]]], ...] = (
        (
            SHEET_NAMES[CONSIGNMENT],
            CONSIGNMENT_ROW_FIELDS,
            (consignment_row(consignment, index) for consignment in manifest.consignments),
        ),
        (SHEET_NAMES[PERSON], PERSON_FIELDS, (person_row(person) for person in manifest.persons)),
        (
            SHEET_NAMES[CARGO_UNIT],
            CARGO_UNIT_ROW_FIELDS,
            (cargo_unit_row(unit) for unit in manifest.cargo_units),
        ),
    )
    for title, header, rows in tables:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
