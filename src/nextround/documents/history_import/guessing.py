"""Guessing what a spreadsheet means: which column is which, what its statuses and stages say,
and how its dates are written.

Words are compared normalised: case, accents, punctuation and spacing ignored, and camelCase
split ("DateApplied" reads as "date applied"). The words themselves are in coaching.toml
([history_import.headers], [history_import.status_words], [history_import.stage_words]).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from typing import Any

from nextround.words import words

# Where each field goes. Outcome keys: (outcome, funnel step it shows the process reached, or
# None). "left_out" rows are not applications and are not imported.
FIELDS = ("company", "role", "applied_on", "status", "status_detail", "stage", "applied_via",
          "location", "notes", "contact", "category", "seniority", "company_type", "ended_on")
DATE_FIELDS = ("applied_on", "ended_on")
OUTCOME_KEYS: dict[str, tuple[str | None, str | None]] = {
    "applied": ("in progress", "Applied"),
    "screening": ("in progress", "Screening"),
    "assessment": ("in progress", "Assessment"),
    "interview": ("in progress", "Interview"),
    "final": ("in progress", "Final"),
    "waiting": ("waiting", None),
    "offer": ("offer", "Offer"),
    "rejected": ("rejected", None),
    "no_reply": ("rejected", None),
    "withdrew": ("withdrew", None),
    "left_out": (None, None),
}
DETAIL_JOIN = " · "  # a status and why it closed, as one value: "closed · not-selected"
HISTORY_SPLIT = re.compile(r"\s*(?:→|->|»)\s*")
TRAILING_DATE = re.compile(r"\s*\([^()]*\)\s*$")
MAX_DISTINCT = 40  # more different values than this is not a status column
IGNORE = "ignore"  # a stage value that says nothing about how far a process got ("Closed")


def normalise(text: Any) -> str:
    """"Date_Applied", "dateApplied" and " Date applied " all read "date applied"."""
    text = "" if text is None else str(text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # camelCase
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+", " ", text).replace("_", " ").split())


@functools.cache
def _header_words() -> dict[str, list[str]]:
    return {f: [normalise(w) for w in ws] for f, ws in words()["history_import"]["headers"].items()}


@functools.cache
def _status_words() -> dict[str, str]:
    found: dict[str, str] = {}
    for key, texts in words()["history_import"]["status_words"].items():
        for text in texts:
            found.setdefault(normalise(text), key)
    return found


@functools.cache
def _stage_words() -> dict[str, str]:
    process = words()["process"]
    found = {normalise(kind): step for kind, step in process["stage_to_funnel"].items()}
    for step, texts in words()["history_import"]["stage_words"].items():
        for text in texts:
            found.setdefault(normalise(text), IGNORE if step == "not_a_stage" else step)
    return found


def names_a_company(headers: list[str]) -> bool:
    company = set(_header_words()["company"])
    return any(normalise(h) in company for h in headers)


def guess_columns(headers: list[str]) -> dict[str, str]:
    """Field → header, for the headers whose names say what they hold. Each header goes to
    one field at most, the one naming it most plainly (earliest in its word list)."""
    normal = {h: normalise(h) for h in headers}
    taken: set[str] = set()
    out: dict[str, str] = {}
    candidates = []
    for field, names in _header_words().items():
        for header in headers:
            if normal[header] in names:
                candidates.append((names.index(normal[header]), FIELDS.index(field), field, header))
    for _rank, _order, field, header in sorted(candidates):
        if field not in out and header not in taken:
            out[field] = header
            taken.add(header)
    return {field: out[field] for field in FIELDS if field in out}


def guess_status(value: str) -> str | None:
    """The outcome key a status text plainly says, or None."""
    key = normalise(value)
    found = _status_words().get(key)
    if found is None and DETAIL_JOIN.strip() in value:
        # "closed · not-selected": the reason says more than the status.
        found = _status_words().get(normalise(value.split(DETAIL_JOIN.strip(), 1)[1]))
    return found


def guess_stage(value: str) -> str | None:
    """The funnel step a stage text plainly says, or None."""
    text = normalise(TRAILING_DATE.sub("", value))
    found = _stage_words().get(text)
    if found is not None:
        return found
    # "2nd interview with the CTO": a known stage word inside a longer name.
    steps = words()["process"]["funnel"]
    hits = {step for phrase, step in _stage_words().items()
            if step != IGNORE and len(phrase) > 3 and re.search(rf"\b{re.escape(phrase)}\b", text)}
    return max(hits, key=steps.index) if hits else None


def stage_parts(value: str) -> list[str]:
    """The stages a cell names: one, or a history "Applied (2 Jan) → Interview (9 Jan)"."""
    parts = [TRAILING_DATE.sub("", p).strip() for p in HISTORY_SPLIT.split(value)]
    return [p for p in parts if p]


# ------------------------------------------------------------------------------------ dates
ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
                 r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?")
NUMERIC = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})"
                     r"(?:[T ]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)?")
MONTHS = {name: i for i, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
    ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
    ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}
NAMED_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]+)\.?,?\s+(\d{4})")
NAMED_MONTH_FIRST = re.compile(r"([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
EXCEL_EPOCH = dt.date(1899, 12, 30)
EXCEL_SERIALS = range(1, 2958466)  # 1900-01-01 … 9999-12-31


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def date_order_evidence(value: Any) -> str | None:
    """"day-first" or "month-first" when a numeric date can only be read one way, "either"
    when both read (03/04/2026), None when it is not such a date."""
    if not isinstance(value, str):
        return None
    match = NUMERIC.fullmatch(value.strip())
    if not match:
        return None
    first, second = int(match[1]), int(match[2])
    if first > 12 >= second:
        return "day-first"
    if second > 12 >= first:
        return "month-first"
    if first <= 12 and second <= 12 and first != second:
        return "either"
    return None


def parse_date(value: Any, order: str | None) -> dt.date | None:
    """The date `value` says, or None if it is not one. `order` ("day-first", "month-first")
    reads 03/04/2026; with no order such a date only reads when both orders agree."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):  # an Excel serial date (a workbook cell)
        if not math.isfinite(value) or int(value) not in EXCEL_SERIALS:
            return None
        return EXCEL_EPOCH + dt.timedelta(days=int(value))  # a fraction is the time of day
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        match = ISO.fullmatch(text)
        if match:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        match = NUMERIC.fullmatch(text)
        if match:
            first, second, year = int(match[1]), int(match[2]), _year(match[3])
            if order == "month-first" or (order is None and first <= 12 < second):
                return dt.date(year, first, second)
            if order == "day-first" or (order is None and second <= 12 < first) or (
                    order is None and first == second):
                return dt.date(year, second, first)
            return None
        match = NAMED_DAY_FIRST.fullmatch(text)
        if match and match[2].casefold() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[2].casefold()], int(match[1]))
        match = NAMED_MONTH_FIRST.fullmatch(text)
        if match and match[1].casefold() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[1].casefold()], int(match[2]))
    except ValueError:  # 31/02/2026, month 13…
        return None
    return None
