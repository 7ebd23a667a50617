"""Shared fixtures: a fresh journal in a temporary folder, and small file helpers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from nextround.store.journal import Journal


@pytest.fixture
def journal_file(tmp_path: Path) -> Path:
    """Where the `journal` fixture keeps its file (inside a folder of its own)."""
    return tmp_path / "data" / "journal.sqlite3"


@pytest.fixture
def journal(journal_file: Path):
    """A fresh, empty journal, closed after the test."""
    j = Journal.open(journal_file, create=True)
    try:
        yield j
    finally:
        j.close()


@pytest.fixture
def sha256():
    """`sha256(path)`: the hex digest of a file's bytes."""

    def digest(path: Path) -> str:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()

    return digest
