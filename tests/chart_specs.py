"""Chart specs made by a test: registered for the test, with their words added to a copy of
the shipped coaching words (a chart's title and too-little words live in the words file)."""

from __future__ import annotations

import contextlib
from importlib.resources import files
from pathlib import Path

from nextround import words as words_module
from nextround.specs import registry

TEST_CHART_WORDS = """
[charts.review.bars]
title = "Bars"
too_little = "No bars yet."
[charts.review.bars_0]
title = "Bars 0"
too_little = "No bars yet."
[charts.review.bars_1]
title = "Bars 1"
too_little = "No bars yet."
[charts.review.bars_2]
title = "Bars 2"
too_little = "No bars yet."
"""


def coaching_with(folder: Path, extra: str = TEST_CHART_WORDS) -> Path:
    """A coaching file: the shipped words plus `extra` (TOML tables of its own)."""
    shipped = files("nextround").joinpath("coaching.toml").read_text(encoding="utf-8")
    path = folder / "coaching.toml"
    path.write_text(shipped + "\n" + extra, encoding="utf-8")
    return path


def coaching_changed(folder: Path, old: str, new: str) -> Path:
    """A coaching file: the shipped words with one line (found once) written otherwise."""
    shipped = files("nextround").joinpath("coaching.toml").read_text(encoding="utf-8")
    assert shipped.count(old) == 1, old
    path = folder / "coaching.toml"
    path.write_text(shipped.replace(old, new), encoding="utf-8")
    return path


@contextlib.contextmanager
def words_from(monkeypatch, path: Path):
    monkeypatch.setenv("NEXTROUND_COACHING", str(path))
    words_module.words.cache_clear()
    try:
        yield
    finally:
        monkeypatch.delenv("NEXTROUND_COACHING")
        words_module.words.cache_clear()


@contextlib.contextmanager
def registered(spec: registry.ChartSpec):
    registry.register(spec)
    try:
        yield spec
    finally:
        registry.unregister(spec.key)
