"""Many summaries into one cohort: from files, folders (the drop box) and uploads.

Each file is read on its own: a bad one is refused with its name and the reason, and the
others are still read. A person is counted once, by their latest summary (the highest
`sequence` of their participant number); if that one takes back what they shared, they are
not counted at all. The same summary twice (a file in the drop box and the same file
uploaded) is one.

In a folder, hidden names (a drop still being written, or one killed midway) are skipped;
folders inside it are not read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nextround.analysis.cohort import Cohort
from nextround.documents.cohort import document
from nextround.words import say

MAX_FILES = 5_000  # per folder: a drop box is a room of people, not an archive


@dataclass(frozen=True)
class Refused:
    name: str
    reason: str


@dataclass(frozen=True)
class Reading:
    """What was read: the cohort, and how it came to be."""

    cohort: Cohort = field(default_factory=Cohort)
    summaries: int = 0  # files read as summaries
    refused: tuple[Refused, ...] = ()
    withdrawn: int = 0  # people whose latest summary takes back what they shared
    replaced: int = 0  # summaries a later one from the same person replaced (or copies)

    @property
    def people(self) -> int:
        return self.cohort.people


def _folder_entries(folder: Path) -> tuple[list[Path], list[Refused]]:
    refused: list[Refused] = []
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries)
    except PermissionError:
        return [], [Refused(str(folder), say("cohort.errors.folder_not_readable"))]
    except OSError as exc:
        return [], [Refused(str(folder), say("cohort.errors.cannot_read",
                                             reason=exc.strerror or str(exc)))]
    files = []
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        if path.is_dir() and not path.is_symlink():
            refused.append(Refused(str(path), say("cohort.errors.folder_inside")))
            continue
        files.append(path)
    if len(files) > MAX_FILES:
        refused.append(Refused(str(folder), say("cohort.errors.too_many_files",
                                                count=len(files), most=MAX_FILES)))
        files = files[:MAX_FILES]
    return files, refused


def documents_in(paths: Iterable[str | os.PathLike]) -> tuple[list[tuple[str, dict]],
                                                             list[Refused]]:
    """The summaries in these files and folders (a drop box), and the files refused."""
    docs: list[tuple[str, dict[str, Any]]] = []
    refused: list[Refused] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            files, problems = _folder_entries(path)
            refused += problems
        else:
            files = [path]
        for file in files:
            try:
                docs.append((str(file), document.read(file)))
            except document.SummaryError as exc:
                refused.append(Refused(str(file), str(exc)))
    return docs, refused


def read_paths(paths: Iterable[str | os.PathLike]) -> Reading:
    """Read summary files and folders of them (a drop box) into one cohort."""
    return gather(*documents_in(paths))


def read_uploads(uploads: Iterable[tuple[str, bytes]]) -> tuple[list[tuple[str, dict]],
                                                                 list[Refused]]:
    """Check uploaded files (name, content): the summaries, and the files refused."""
    docs, refused = [], []
    for name, data in uploads:
        try:
            docs.append((name, document.parse(bytes(data))))
        except document.SummaryError as exc:
            refused.append(Refused(name, str(exc)))
    return docs, refused


def gather(docs: Iterable[tuple[str, dict[str, Any]]],
           refused: Iterable[Refused] = ()) -> Reading:
    """One cohort from checked summaries: each person by their latest summary."""
    docs = list(docs)
    latest: dict[str, dict[str, Any]] = {}
    for _name, doc in docs:
        seen = latest.get(doc["participant"])
        if seen is None or doc["sequence"] > seen["sequence"]:
            latest[doc["participant"]] = doc
    counted = tuple(doc for _, doc in sorted(latest.items()) if not doc["withdrawn"])
    return Reading(cohort=Cohort(counted), summaries=len(docs), refused=tuple(refused),
                   withdrawn=sum(1 for doc in latest.values() if doc["withdrawn"]),
                   replaced=len(docs) - len(latest))
