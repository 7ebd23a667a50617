"""The coaching words (coaching.toml): lists, prompts and templates a coach can edit.

Set NEXTROUND_COACHING to the path of another TOML file with the same keys to use your own.
"""

from __future__ import annotations

import functools
import os
import tomllib
from importlib.resources import files
from typing import Any


@functools.cache
def words() -> dict[str, Any]:
    custom = os.environ.get("NEXTROUND_COACHING")
    if custom:
        with open(custom, "rb") as f:
            return tomllib.load(f)
    return tomllib.loads(files("nextround").joinpath("coaching.toml").read_text(encoding="utf-8"))


def themes() -> list[str]:
    """The one shared vocabulary of feedback themes."""
    return list(words()["feedback"]["themes"])


def preparation_areas() -> list[tuple[str, str]]:
    return [(field, label) for field, label in words()["preparation"]["areas"]]


def say(key: str, /, **values: Any) -> str:
    """The sentence at the dotted `key` of the words file, its {placeholders} filled."""
    found: Any = words()
    for part in key.split("."):
        found = found[part]
    return found.format(**values) if values else found
