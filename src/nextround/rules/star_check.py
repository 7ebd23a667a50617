"""The STAR check: offline, rule-based pointers on a better answer.

Four simple rules, each with its thresholds and words in coaching.toml `[learning]`:
- a part of situation / task / action / result is missing;
- the action says "we" more than "I" (the interviewer is hiring you, not your team);
- the result has nothing measured (no digit and no number word);
- the whole answer is far too short or too long to say aloud.

The rules are deliberately plain so a person can see why each pointer appears.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nextround.words import words

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*", re.UNICODE)


@dataclass(frozen=True)
class Pointer:
    """One piece of advice: `code` says which rule, `part` which STAR field it is about."""

    code: str
    message: str
    part: str | None = None


def star_parts() -> list[tuple[str, str, str]]:
    """(field, label, hint) for situation, task, action, result, in order."""
    return [tuple(part) for part in words()["learning"]["star_parts"]]


def tokens(text: str | None) -> list[str]:
    """The words of `text`, lower-cased, with curly apostrophes made straight."""
    return [t.lower().replace("’", "'") for t in _WORD.findall(text or "")]


def word_count(answer: dict) -> int:
    return sum(len(tokens(answer.get(field))) for field, _, _ in star_parts())


def speaking_seconds(count: int) -> int:
    return round(count / words()["learning"]["speaking_words_per_minute"] * 60)


def _is_measured(text: str) -> bool:
    if re.search(r"\d", text):
        return True
    lowered = " " + " ".join(tokens(text)) + " "
    return any(f" {w} " in lowered for w in words()["learning"]["measure_words"])


def check(answer: dict) -> list[Pointer]:
    """Pointers for an answer (a dict with situation, task, action, result). Empty means none
    of the rules found anything; `summary()` turns that into a word of encouragement."""
    w = words()["learning"]
    messages = w["star_check"]
    pointers: list[Pointer] = []
    filled = {field: bool((answer.get(field) or "").strip()) for field, _, _ in star_parts()}
    if not any(filled.values()):
        return []
    for field, label, _ in star_parts():
        if not filled[field]:
            pointers.append(Pointer("missing_part", messages["missing_part"].format(
                part=label.lower()), field))

    action = tokens(answer.get("action"))
    we = sum(1 for t in action if t in set(w["we_words"]))
    i = sum(1 for t in action if t in set(w["i_words"]))
    if we >= w["we_min"] and we > i:
        pointers.append(Pointer("we_not_i", messages["we_not_i"].format(we=we, i=i), "action"))

    if filled["result"] and not _is_measured(answer["result"]):
        pointers.append(Pointer("result_unmeasured", messages["result_unmeasured"], "result"))

    count = word_count(answer)
    seconds = speaking_seconds(count)
    if count < w["star_words_min"]:
        pointers.append(Pointer("too_short", messages["too_short"].format(
            words=count, seconds=seconds, min=w["star_words_min"])))
    elif count > w["star_words_max"]:
        pointers.append(Pointer("too_long", messages["too_long"].format(
            words=count, minutes=f"{seconds / 60:.1f}".rstrip("0").rstrip("."),
            max=w["star_words_max"])))
    return pointers


def summary(answer: dict) -> tuple[list[Pointer], str | None]:
    """The pointers, and the encouragement to show when there are none (None if blank)."""
    pointers = check(answer)
    blank = not any((answer.get(field) or "").strip() for field, _, _ in star_parts())
    if pointers or blank:
        return pointers, None
    return pointers, words()["learning"]["star_check"]["all_good"]
