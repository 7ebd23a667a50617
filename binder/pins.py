"""Print requirements.txt: every third-party package NextRound needs, pinned as installed here.

Run from the repository root in an environment where NextRound works (tests pass):

    python binder/pins.py > binder/requirements.txt

It walks the dependencies declared in pyproject.toml through each installed package's own
requirements (with environment markers evaluated for this Python), so the list is the full
closure, extras included, and `pip install --no-deps -r binder/requirements.txt` leaves
nothing missing.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

HEADER = """\
# Third-party packages NextRound needs, pinned to versions tested together (Python {py}).
# NextRound itself is installed by postBuild, without dependencies, so these pins hold.
# Regenerate from a working environment with: python binder/pins.py > binder/requirements.txt"""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(requirements: list[str]) -> dict[str, str]:
    """Name → installed version of every package the requirements need, extras included
    (nbconvert needs `bleach[css]`, and so tinycss2: `pip check` would not notice it missing)."""
    pinned: dict[str, str] = {}
    done: set[tuple[str, str]] = set()
    stack = [Requirement(r) for r in requirements]
    while stack:
        requirement = stack.pop()
        name = canonical(requirement.name)
        wanted = {""} | set(requirement.extras)
        if all((name, extra) in done for extra in wanted):
            continue
        try:
            dist = distribution(requirement.name)
        except PackageNotFoundError:
            sys.exit(f"{requirement.name} is not installed here: install NextRound first.")
        pinned[name] = dist.version
        for extra in wanted - {e for n, e in done if n == name}:
            done.add((name, extra))
            for text in dist.requires or []:
                needed = Requirement(text)
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    stack.append(needed)
    return pinned


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = closure(project["dependencies"])
    print(HEADER.format(py=f"{sys.version_info.major}.{sys.version_info.minor}"))
    for name in sorted(pins):
        print(f"{name}=={pins[name]}")


if __name__ == "__main__":
    main()
