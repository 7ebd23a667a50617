"""Print requirements.txt: what the hub needs beyond binder/requirements.txt, pinned as installed.

Run from the repository root where JupyterHub, the idle culler and NextRound are installed:

    python deploy/one-machine/pins.py > deploy/one-machine/requirements.txt

The participants' servers run NextRound with exactly Binder's pins; this file adds JupyterHub,
jupyterhub-idle-culler and their own dependencies, so that
`pip install --no-deps -r binder/requirements.txt -r deploy/one-machine/requirements.txt`
installs a complete, tested set.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HUB = ["jupyterhub", "jupyterhub-idle-culler"]
HEADER = """\
# JupyterHub and its idle culler, with everything they need that binder/requirements.txt
# does not already pin (Python {py}). Install both files together, without dependencies:
#   pip install --no-deps -r binder/requirements.txt -r deploy/one-machine/requirements.txt
# Regenerate with: python deploy/one-machine/pins.py > deploy/one-machine/requirements.txt"""


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    binder = runpy.run_path(str(root / "binder" / "pins.py"))  # its closure() and canonical()
    canonical = binder["canonical"]
    pinned = set()
    for line in (root / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            pinned.add(canonical(line.split("==")[0]))
    hub = binder["closure"](HUB)
    print(HEADER.format(py=f"{sys.version_info.major}.{sys.version_info.minor}"))
    for name in sorted(set(hub) - pinned):
        print(f"{name}=={hub[name]}")


if __name__ == "__main__":
    main()
