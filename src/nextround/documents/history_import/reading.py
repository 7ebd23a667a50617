"""Reading a spreadsheet of applications: a CSV file or an Excel .xlsx workbook, as a table.

- Sizes are checked before anything is parsed: up to MAX_BYTES, and up to MAX_ROWS rows of
  applications (counted while reading, which stops at the first row too many).
- CSV: the encoding is the byte order mark's, else UTF-8, else what charset-normalizer finds;
  the separator is csv.Sniffer's guess, else the most common candidate in the header line.
- .xlsx: openpyxl in read-only mode with cached values (`data_only`), so a formula is never
  evaluated and a cell typed as text, "=SUM(A1:A3)" included, stays that text. The sheet is the
  first whose header names a company, else the first sheet. The archive is inspected before
  openpyxl opens it, so a file that would unpack to gigabytes is refused unread.
- Every refusal is an ImportFileError naming the file by its name, never its path.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from nextround.errors import JournalError
from nextround.words import words

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 10_000
# What the sheets of a 20 MiB workbook may unpack to: XML is verbose, but not a thousandfold.
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
SAMPLE_BYTES = 64 * 1024
DELIMITERS = ",;\t|"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old .xls (and other Office) files
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))


class ImportFileError(JournalError):
    """A file that cannot be imported, in one line that names it."""


def _error(key: str, **values: Any) -> ImportFileError:
    return ImportFileError(words()["history_import"]["errors"][key].format(**values))


def size_text(size: int) -> str:
    """Bytes as the limits are said: 20 MiB, 25.0 MiB, 812 KiB."""
    if size >= 1024 * 1024:
        # Rounded up, so a file just over the limit never reads as the limit itself.
        tenths = math.ceil(size * 10 / (1024 * 1024)) / 10
        return f"{tenths:.1f}".rstrip("0").rstrip(".") + " MiB"
    if size >= 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size} bytes"


@dataclass
class Table:
    """The applications as read: a header and rows of cells (text, or from a workbook also
    numbers, dates and times). `row_numbers[i]` is the spreadsheet row of `rows[i]`, counting
    the header as row 1, as a spreadsheet program shows it."""

    name: str
    headers: list[str]
    rows: list[tuple[Any, ...]]
    row_numbers: list[int]
    sheet: str | None = None
    kind: str = "csv"
    delimiter: str | None = None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)

    def column(self, header: str) -> list[Any]:
        index = self.headers.index(header)
        return [row[index] if index < len(row) else None for row in self.rows]


def file_name(name: str) -> str:
    """The file's own name, never the folders it sits in (a person's path can say a lot)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1] or words()["history_import"]["the_file"]


def read_table(name: str, data: bytes) -> Table:
    """The table of applications in `data`, the content of the file called `name`."""
    name = file_name(name)
    if len(data) == 0:
        raise _error("empty", name=name)
    if len(data) > MAX_BYTES:
        raise _error("too_big", name=name, size=size_text(len(data)), limit=size_text(MAX_BYTES))
    if data.startswith(OLE_MAGIC):
        raise _error("old_xls", name=name)
    if data.startswith(ZIP_MAGIC) or name.lower().endswith((".xlsx", ".xlsm")):
        return _read_workbook(name, data)
    return _read_csv(name, data)


# ----------------------------------------------------------------------------------- CSV
def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was read with."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _cut_or_not_text(name, data, exc) from exc
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise _error("binary", name=name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and _utf8_prefix(data[exc.start:]):
            raise _error("cut_off_character", name=name) from exc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _error("not_text", name=name)
    text = str(best)
    if _looks_binary(text):
        raise _error("binary", name=name)
    return text, best.encoding


def _utf8_prefix(tail: bytes) -> bool:
    """Whether `tail` is the start of a UTF-8 character cut short."""
    lead = tail[0]
    need = (2 if lead >> 5 == 0b110 else 3 if lead >> 4 == 0b1110
            else 4 if lead >> 3 == 0b11110 else 0)
    return need > len(tail) and all(b >> 6 == 0b10 for b in tail[1:])


def _cut_or_not_text(name: str, data: bytes, exc: UnicodeDecodeError) -> ImportFileError:
    return _error("cut_off_character" if exc.start >= len(data) - 4 else "not_text", name=name)


def _looks_binary(text: str) -> bool:
    sample = text[:SAMPLE_BYTES]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(8, len(sample) // 100)


def sniff_delimiter(text: str) -> str:
    sample = text[:SAMPLE_BYTES]
    if len(text) > SAMPLE_BYTES and "\n" in sample:
        sample = sample[:sample.rindex("\n")]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = next((line for line in sample.splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _records(name: str, text: str, delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                raise _error("cut_off_quote", name=name, row=_record_number(text, start)) from exc
            raise _error("csv_error", name=name, line=reader.line_num, detail=exc) from exc
        yield record


def _record_number(text: str, line: int) -> int:
    """The spreadsheet row that starts on `line` of the text (quoted cells may span lines)."""
    reader = csv.reader(io.StringIO("\n".join(text.splitlines()[:line - 1]), newline=""))
    try:
        return sum(1 for _ in reader) + 1
    except csv.Error:
        return line


def _read_csv(name: str, data: bytes) -> Table:
    text, encoding = decode(name, data)
    if _looks_binary(text):
        raise _error("binary", name=name)
    delimiter = sniff_delimiter(text)
    records = _records(name, text, delimiter)
    header, number = _header(records)
    if header is None:
        raise _error("empty", name=name) if not text.strip() else _error("no_header", name=name)
    rows, numbers = _body(name, records, number, len(header))
    return Table(name, _headers(header), rows, numbers, kind="csv", delimiter=delimiter,
                 encoding=encoding)


def _header(records: Iterable[list[Any]]) -> tuple[list[str] | None, int]:
    """The first row that names something, and its row number."""
    number = 0
    for record in records:
        number += 1
        cells = [_as_text(c).strip() for c in record]
        if any(cells):
            return cells, number
    return None, number


def _headers(cells: list[str]) -> list[str]:
    """Header names, each unique and none empty (so a column can be named in a mapping)."""
    out: list[str] = []
    for index, cell in enumerate(cells, start=1):
        base = cell or words()["history_import"]["unnamed_column"].format(number=index)
        candidate, n = base, 2
        while candidate in out:
            candidate, n = f"{base} ({n})", n + 1
        out.append(candidate)
    return out


def _body(name: str, records: Iterator[list[Any]], header_row: int, width: int, *,
          workbook: bool = False) -> tuple[list[tuple[Any, ...]], list[int]]:
    """The rows under the header. In a CSV file a row with more cells than the header has a
    separator out of place, and a last row with fewer was cut off; a workbook's rows simply
    end where their cells do."""
    rows: list[tuple[Any, ...]] = []
    numbers: list[int] = []
    number = header_row
    short: tuple[int, int] | None = None  # (row, cells) of the last row read, if short
    for record in records:
        number += 1
        cells = list(record)
        while cells and (cells[-1] is None or cells[-1] == "") and len(cells) > width:
            cells.pop()
        if not any(_as_text(c).strip() for c in cells):
            continue  # blank rows are skipped, but keep their place in the numbering
        if len(cells) > width and not workbook:
            raise _error("extra_cells", row=number, found=len(cells), expected=width)
        cells = cells[:width]
        short = (number, len(cells)) if len(cells) < width and not workbook else None
        rows.append(tuple(cells) + (None,) * (width - len(cells)))
        numbers.append(number)
        if len(rows) > MAX_ROWS:
            raise _error("too_many_rows", name=name, max_rows=f"{MAX_ROWS:,}")
    if not rows:
        raise _error("only_header", name=name)
    if short is not None and short[0] == numbers[-1]:
        raise _error("cut_off_row", name=name, row=short[0], found=short[1], expected=width)
    return rows, numbers


def _as_text(value: Any) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


# ------------------------------------------------------------------------------ workbooks
def _read_workbook(name: str, data: bytes) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _error("bad_xlsx", name=name) from exc
    if "xl/workbook.xml" not in names:
        raise _error("bad_xlsx", name=name)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _error("unpacked_too_big", name=name, size=size_text(unpacked))
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged archive or XML
        raise _error("bad_xlsx", name=name) from exc
    try:
        return _read_sheets(name, book)
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
        if isinstance(exc, ImportFileError):
            raise
        raise _error("bad_xlsx", name=name) from exc
    finally:
        book.close()


def _read_sheets(name: str, book) -> Table:
    from nextround.documents.history_import.guessing import names_a_company

    first: tuple[Any, list[str], int, Iterator] | None = None
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header, number = _header(rows)
        if header is None:
            continue
        found = (sheet, header, number, rows)
        if names_a_company(header):
            return _sheet_table(name, *found)
        if first is None:
            first = found
    if first is None:
        raise _error("empty", name=name)
    # No sheet names a company: the first with a header (the person chooses its columns).
    return _sheet_table(name, *first)


def _sheet_table(name: str, sheet, header: list[str], number: int, rows: Iterator) -> Table:
    # Cells past the last named column are ignored: workbooks often carry stray formatting.
    width = max((i + 1 for i, cell in enumerate(header) if cell), default=0)
    header = header[:width]
    cells = ([_cell(c) for c in row[:width]] for row in rows)
    body, numbers = _body(name, cells, number, width, workbook=True)
    return Table(name, _headers(header), body, numbers, sheet=sheet.title, kind="xlsx")


def _cell(value: Any) -> Any:
    """A workbook cell as the checks read it: text stays exactly as typed, numbers stay
    numbers (a date column may hold Excel serial dates), dates and times stay dates."""
    if isinstance(value, (str, int, float, dt.date, dt.time)) or value is None:
        return value
    return str(value)
