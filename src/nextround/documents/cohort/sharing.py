"""Sharing with the coach, from the person's side: prepare a summary, show it, then share it.

What the journal keeps (the setting `cohort_sharing`): the person's random participant number,
how many summaries they have made (`sequence`), the names of the files they put into the
drop box, and whether their latest word was to take everything back. Nothing is written
until they confirm, and what goes is exactly what they were shown: the bytes prepared.

Taking back is a summary of its own, from the same participant with the next sequence,
that says "withdrawn": the coach's reader counts each person by their latest summary, so it
wins over everything before it, wherever those copies went (a drop box the person cannot
list, a file handed in by e-mail, a copy on the coach's laptop). In the drop box the earlier
files are removed as well, where the folder lets their author do so.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nextround.documents.cohort import drop_box
from nextround.documents.cohort import summary as summary_doc
from nextround.documents.cohort.document import PARTICIPANT_PATTERN, summary_text
from nextround.errors import JournalError
from nextround.store.journal import Journal
from nextround.words import say

SETTING = "cohort_sharing"


class SharedElsewhere(JournalError):
    """Another window shared (or took back) since this summary was prepared."""

    def __init__(self):
        super().__init__(say("share.shared_elsewhere"))


@dataclass(frozen=True)
class SharingState:
    participant: str | None = None
    sequence: int = 0
    files: tuple[str, ...] = ()
    withdrawn: bool = False

    @property
    def shared(self) -> bool:
        """Whether something shared still counts (and can be taken back)."""
        return self.sequence > 0 and not self.withdrawn


def state(journal: Journal) -> SharingState:
    """What the journal remembers of sharing; a value it cannot read counts as nothing yet."""
    value = journal.setting(SETTING)
    if not isinstance(value, dict):
        return SharingState()
    participant = value.get("participant")
    if not isinstance(participant, str) or not re.match(PARTICIPANT_PATTERN, participant):
        return SharingState()
    sequence = value.get("sequence")
    sequence = sequence if isinstance(sequence, int) and not isinstance(sequence, bool) else 0
    files = tuple(f for f in value.get("files") or () if isinstance(f, str))
    return SharingState(participant, max(0, sequence), files, value.get("withdrawn") is True)


@dataclass(frozen=True)
class Prepared:
    """A summary made and not shared yet: `doc`, and `data`, the exact bytes that would go."""

    doc: dict[str, Any]
    data: bytes = field(repr=False)

    @property
    def participant(self) -> str:
        return self.doc["participant"]

    @property
    def sequence(self) -> int:
        return self.doc["sequence"]

    @property
    def withdrawn(self) -> bool:
        return self.doc["withdrawn"]

    def sentences(self) -> list[str]:
        return summary_doc.describe(self.doc)

    @property
    def filename(self) -> str:
        kind = "taken-back" if self.withdrawn else "summary"
        return f"nextround-{kind}-{self.doc['week']}-{self.sequence}.json"


def _next(journal: Journal) -> tuple[str, int]:
    current = state(journal)
    return current.participant or secrets.token_hex(16), current.sequence + 1


def prepare(journal: Journal, today: dt.date) -> Prepared:
    """The summary that sharing now would send (nothing is written)."""
    participant, sequence = _next(journal)
    doc = summary_doc.build(journal, participant, sequence, today)
    return Prepared(doc, summary_text(doc).encode("utf-8"))


def prepare_withdrawal(journal: Journal, today: dt.date) -> Prepared:
    """The summary that takes back what this person shared (nothing is written)."""
    if state(journal).sequence == 0:
        raise JournalError(say("share.nothing_to_take_back"))
    participant, sequence = _next(journal)
    doc = summary_doc.withdrawal(participant, sequence, today)
    return Prepared(doc, summary_text(doc).encode("utf-8"))


def confirm(journal: Journal, prepared: Prepared,
            deliver: Callable[[bytes], str | None]) -> SharingState:
    """Share `prepared`: `deliver(data)` sends it (returning the drop box's name for it, or
    None), and the journal remembers it, both or neither. Raises SharedElsewhere when another
    window shared since `prepared` was made, so nothing goes that the person did not see."""
    with journal.transaction():
        current = state(journal)
        if (current.participant not in (None, prepared.participant)
                or current.sequence != prepared.sequence - 1):
            raise SharedElsewhere()
        name = deliver(prepared.data)
        kept = (name,) if name else ()
        files = kept if prepared.withdrawn else (*current.files, *kept)
        after = SharingState(prepared.participant, prepared.sequence, files, prepared.withdrawn)
        journal.set_setting(SETTING, {"participant": after.participant,
                                      "sequence": after.sequence, "files": list(after.files),
                                      "withdrawn": after.withdrawn})
    return after


def into_drop_box(journal: Journal, prepared: Prepared, folder) -> SharingState:
    """Share `prepared` into the drop box `folder`; a withdrawal also removes the files this
    person put there before (where the folder lets them)."""
    before = state(journal)
    after = confirm(journal, prepared, lambda data: drop_box.add(folder, data))
    if prepared.withdrawn:
        drop_box.remove(folder, before.files)
    return after


def handed_in(journal: Journal, prepared: Prepared) -> SharingState:
    """Remember `prepared` as shared by hand (a download, a file written by the command)."""
    return confirm(journal, prepared, lambda _data: None)
