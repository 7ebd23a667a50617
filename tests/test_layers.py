"""The package's shape: one direction of imports (import-linter's contracts in
pyproject.toml), no cycle anywhere, the report and the command line without widgets, and
modules small enough to read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "nextround"

# Modules allowed past ~400 lines, and why.
LONG_MODULES: dict[str, str] = {
    "store/journal.py": "one class, the whole contract with SQLite (transactions, revisions, "
                        "opening safely); each of its rules has tests of its own",
    "documents/backup.py": "one document format: its schema, export, the checks a restore "
                           "relies on and the restore itself, read top to bottom",
    "cli.py": "every command's argument handling in one place, each command a short function",
}


def test_the_import_contracts_are_kept():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint) if lint.exists() else "lint-imports", "--no-cache"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 4 kept, 0 broken." in done.stdout


def test_the_report_is_written_without_importing_a_widget(tmp_path):
    script = (
        "import sys\n"
        "from nextround.demo import write_demo\n"
        "from nextround.documents.report import write_report\n"
        "from nextround.store.journal import Journal\n"
        f"journal = Journal.open({str(tmp_path / 'journal.sqlite3')!r}, create=True)\n"
        "write_demo(journal)\n"
        f"write_report(journal, {str(tmp_path / 'report.html')!r})\n"
        "print(sorted(m for m in ('ipywidgets', 'traitlets', 'comm', 'ipykernel') "
        "if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "report.html").read_text(encoding="utf-8").count('class="plot"') == 13


def test_no_module_is_longer_than_about_four_hundred_lines():
    long = {str(p.relative_to(SRC)): sum(1 for _ in p.open(encoding="utf-8"))
            for p in SRC.rglob("*.py")}
    long = {name: lines for name, lines in long.items() if lines > 420}
    assert sorted(long) == sorted(LONG_MODULES), long
