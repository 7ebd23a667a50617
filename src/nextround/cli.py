"""The `nextround` command: the app, JupyterLab, and journal commands that need no browser.

Every command takes `--data DIR` (default: $NEXTROUND_DATA_DIR, else the per-user data
folder). A mistake is reported as one line on stderr with a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
import webbrowser
from importlib.resources import files
from pathlib import Path

from nextround import paths
from nextround import words
from nextround.errors import JournalError
from nextround.store.journal import Journal

START_PAGE = "00_start_here.ipynb"


def workbooks_dir() -> Path:
    """The workbooks shipped in the wheel, or the checkout's `workbooks/` in development."""
    shipped = Path(str(files("nextround"))) / "workbooks"
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2] / "workbooks"
    if checkout.is_dir():
        return checkout
    raise JournalError("The workbooks are missing from this installation: reinstall nextround.")


def _voila_config_dir() -> Path:
    return Path(str(files("nextround")))


class UserError(Exception):
    """A mistake in how the command was called."""


def jupyter_data_dir() -> Path:
    """The Jupyter data folder inside the package that holds NextRound's Voila template.

    A wheel also installs the template into the environment's `share/jupyter`, where any Jupyter
    server finds it (Binder, JupyterHub); from a checkout (an editable install) the package's
    copy is the only one, so the servers NextRound starts look there first."""
    return Path(str(files("nextround"))) / "jupyter"


def _find_template(env: dict) -> dict:
    env["JUPYTER_PATH"] = os.pathsep.join([str(jupyter_data_dir()),
                                           *filter(None, [env.get("JUPYTER_PATH")])])
    return env


# ------------------------------------------------------------------------------- paths
def _data_folder(args) -> str | None:
    """The --data folder (or $NEXTROUND_DATA_DIR), refused at once when it names a file."""
    folder = paths.data_dir(args.data)
    if folder.exists() and not folder.is_dir():
        given = "--data" if args.data else f"${paths.ENV_VAR}"
        if folder.name == paths.JOURNAL_FILE:
            raise UserError(f"{given} must be a folder, and {folder} is the journal file "
                            f"itself: give the folder it is in, --data {folder.parent}")
        raise UserError(f"{given} must be a folder, and {folder} is a file: give the folder "
                        "the journal is in (or is to be made in).")
    return args.data


def _file_to_write(value: str, example: str) -> Path:
    """Where a command writes one file; a folder, or a folder that is missing, is refused."""
    out = Path(value).expanduser()
    if out.is_dir():
        raise UserError(f"{out} is a folder: give the name of the file to write, e.g. "
                        f"{out / example}.")
    if not out.parent.is_dir():
        what = "is a file, not a folder" if out.parent.exists() else "does not exist"
        raise UserError(f"Cannot write {out}: the folder {out.parent} {what}.")
    return out


def _folder_to_write(value: str) -> Path:
    out = Path(value).expanduser()
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file: give a folder for the CSV files (it is created if "
                        "missing).")
    return out


# ----------------------------------------------------------------------------- commands
def cmd_where(args) -> int:
    print(paths.journal_path(_data_folder(args)))
    return 0


def _open_existing(args) -> Journal:
    return Journal.open(paths.journal_path(_data_folder(args)), create=False)


def _free_port(preferred: int) -> int:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except OSError:
            time.sleep(0.3)
    return False


def _run_server(command: list[str], url: str, open_url: str | None, env: dict) -> int:
    process = subprocess.Popen(command, env=env)

    def stop(signum, _frame):
        process.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    if open_url and _wait_until_up(url, process):
        webbrowser.open(open_url)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        return process.wait()


def _prepare_journal(args) -> dict:
    """Open (creating on first run) the journal the app will use; return the server's env."""
    path = paths.journal_path(_data_folder(args))
    journal = Journal.open(path, create=True)
    journal.close()
    env = _find_template(dict(os.environ))
    env[paths.ENV_VAR] = str(path.parent)
    return env


# The coach's page reads no journal and is opened rarely: no kernel waits for it.
NOT_PREHEATED = ["coach_cohort.ipynb"]


def voila_options(preheat: bool = True) -> list[str]:
    """What `nextround serve` tells Voila beyond where to listen (the benchmarks use it too)."""
    options = [
        f"--Voila.config_file_paths={_voila_config_dir()}",
        # The workbooks ask for NextRound's frame themselves; as the server's own template it
        # also makes the root open Start here instead of Voila's list of files.
        "--VoilaConfiguration.template=nextround",
    ]
    if preheat:
        # One kernel per page runs the page's imports before anyone asks for it; the page
        # waits for its request before it reads the journal (`kit.page`).
        options += ["--VoilaConfiguration.preheat_kernel=True",
                    "--VoilaConfiguration.default_pool_size=1",
                    f"--VoilaConfiguration.preheat_denylist={json.dumps(NOT_PREHEATED)}"]
    return options


def cmd_serve(args) -> int:
    env = _prepare_journal(args)
    root = workbooks_dir()
    port = _free_port(args.port)
    host = args.ip
    command = [sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={port}",
               f"--Voila.ip={host}", *voila_options()]
    base = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}"
    start = f"{base}/voila/render/{START_PAGE}" if (root / START_PAGE).exists() else base
    print(f"NextRound is running at {start}\nJournal: {paths.journal_path(_data_folder(args))}\n"
          "Press Ctrl+C to stop.", flush=True)
    return _run_server(command, base, None if args.no_browser else start, env)


def cmd_lab(args) -> int:
    env = _prepare_journal(args)
    # People edit notebooks in JupyterLab: give them their own copy beside the journal,
    # never the installed package's files.
    target = paths.data_dir(_data_folder(args)) / "workbooks"
    target.mkdir(parents=True, exist_ok=True)
    for notebook in sorted(workbooks_dir().glob("*.ipynb")):
        if not (target / notebook.name).exists():
            shutil.copy2(notebook, target / notebook.name)
    port = _free_port(args.port)
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={target}",
               f"--ServerApp.port={port}", f"--ServerApp.ip={args.ip}"]
    if args.no_browser:
        command.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI run as root; Jupyter refuses it otherwise
    print(f"Opening JupyterLab on {target}", flush=True)
    return subprocess.call(command, env=env)


def cmd_demo(args) -> int:
    from nextround.demo import write_demo

    path = paths.journal_path(_data_folder(args))
    journal = Journal.open(path, create=True)
    if not journal.is_empty():
        raise UserError(f"{path} already has entries; the demo goes into an empty journal. "
                        "Use --data to choose another folder.")
    write_demo(journal)
    print(f"Demo journal written to {path}")
    return 0


def cmd_backup(args) -> int:
    from nextround.documents.backup import write_backup

    out = _file_to_write(args.output, "nextround-backup.json")
    journal = _open_existing(args)
    write_backup(journal, out)
    print(f"Backup written to {out}")
    return 0


def cmd_restore(args) -> int:
    from nextround.documents.backup import parse_backup, restore_backup
    from nextround.errors import BackupError

    source = Path(args.file).expanduser()
    folder = _data_folder(args)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {source}: {exc.strerror}") from exc
    try:
        doc = parse_backup(data)
    except BackupError as exc:
        message = str(exc)
        raise UserError(f"{source} is not a backup NextRound can restore: "
                        f"{message[:1].lower()}{message[1:]}") from exc
    journal = Journal.open(paths.journal_path(folder), create=True)
    if not journal.is_empty() and not args.replace:
        raise UserError(f"{journal.path} already has entries. Restore into an empty folder "
                        "(--data), or add --replace to replace them (a copy is kept).")
    kept = restore_backup(journal, doc, replace=args.replace)
    print(f"Restored {source} into {journal.path}")
    if kept:
        print(f"The journal it replaced was kept as {kept}")
    return 0


def cmd_csv(args) -> int:
    from nextround.documents.csv_export import export_csv

    out = _folder_to_write(args.output)
    journal = _open_existing(args)
    written = export_csv(journal, out)
    print(f"{len(written)} CSV file(s) written to {args.output}")
    return 0


def cmd_report(args) -> int:
    from nextround.documents.report import write_report

    out = _file_to_write(args.output, "nextround-report.html")
    journal = _open_existing(args)
    write_report(journal, out)
    print(f"Report written to {args.output}")
    return 0


def cmd_import(args) -> int:
    """Import past applications from a CSV or .xlsx file (see `nextround.documents.history_import`)."""
    from nextround.documents import history_import as hi
    from nextround.words import words

    w = words()["history_import"]
    source = Path(args.file)
    name = source.name
    try:
        with open(source, "rb") as f:
            data = f.read(hi.MAX_BYTES + 1)  # a larger file is refused without reading it all
        size = source.stat().st_size
    except OSError as exc:
        raise UserError(f"Cannot read {source}: {exc.strerror}") from exc
    if size > hi.MAX_BYTES:
        raise UserError(w["errors"]["too_big"].format(
            name=name, size=hi.size_text(size), limit=hi.size_text(hi.MAX_BYTES)))
    table = hi.read_table(name, data)
    mapping = hi.propose(table)
    if args.mapping:
        given = Path(args.mapping)
        try:
            text = given.read_bytes()
        except OSError as exc:
            raise UserError(f"Cannot read {given}: {exc.strerror}") from exc
        mapping = hi.apply_mapping(table, hi.parse_mapping(given.name, text))
    if args.dates:
        mapping.dates = args.dates
    plan = hi.check(table, mapping)
    if args.save_mapping:
        from nextround.documents.backup import atomic_write_bytes

        atomic_write_bytes(args.save_mapping, hi.mapping_text(mapping).encode("utf-8"))
        print(w["mapping_written"].format(path=args.save_mapping, file=args.file))
    if mapping.export is not None:
        print(w["recognised_plain"].format(export=mapping.export.name))
        if mapping.export.note:
            print(w[mapping.export.note])
    fields = w["fields"]
    print(w["columns_used"].format(pairs=", ".join(
        f"{header} → {fields[field]}" for field, header in mapping.columns.items())))
    if not plan.ok:
        shown = plan.problems[:20]
        for problem in shown:
            print(f"nextround: {problem}", file=sys.stderr)
        if len(plan.problems) > len(shown):
            print("nextround: " + w["more_errors"].format(
                count=len(plan.problems) - len(shown)), file=sys.stderr)
        if plan.needs_date_order:
            print("nextround: " + w["dates_option"], file=sys.stderr)
        if plan.needs_mapping:
            print("nextround: " + w["how_to_map"].format(file=args.file), file=sys.stderr)
        print("nextround: " + w["refused"] + " " + w["unchanged"], file=sys.stderr)
        return 1
    journal = Journal.open(paths.journal_path(args.data), create=True)
    try:
        result = hi.write(journal, plan)
    except (sqlite3.Error, OSError) as exc:
        raise UserError(w["errors"]["not_written"].format(reason=exc)) from exc
    finally:
        journal.close()
    print(hi.result_text(result))
    return 0


# ------------------------------------------------- the coach's view: share and cohort
def cmd_share(args) -> int:
    """Write the person's anonymous summary (or a file that takes it back) to hand in."""
    import datetime as dt

    from nextround.documents.backup import atomic_write_bytes
    from nextround.documents.cohort import sharing
    from nextround.words import say

    journal = _open_existing(args)
    if journal.read_only:
        raise UserError(say("share.read_only"))
    make = sharing.prepare_withdrawal if args.withdraw else sharing.prepare
    prepared = make(journal, dt.date.today())
    out = Path(args.output)

    def write(data: bytes) -> None:
        atomic_write_bytes(out, data)

    # The file is written and the journal remembers it in one go: both or neither.
    sharing.confirm(journal, prepared, write)
    print(say("share.command.withdrawal_written" if args.withdraw else "share.command.written",
              path=out))
    print(say("share.command.what_goes"))
    for sentence in prepared.sentences():
        print(f"- {sentence}")
    return 0


def cmd_cohort(args) -> int:
    """Write the group's report from summary files and folders of them."""
    import datetime as dt

    from nextround.documents.cohort.reading import read_paths
    from nextround.documents.cohort.report import counted_text, write_report
    from nextround.words import say

    reading = read_paths(args.paths)
    for refused in reading.refused:
        print("nextround: " + say("cohort.command.refused", name=refused.name,
                                  reason=refused.reason), file=sys.stderr)
    write_report(reading, Path(args.output))
    print(counted_text(reading, dt.datetime.now().astimezone()))
    print(say("cohort.command.written", path=args.output))
    return 0


def add_cohort_commands(sub, common) -> None:
    from nextround.words import say

    p = sub.add_parser("share", parents=[common], help=say("share.command.help"))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--withdraw", action="store_true", help=say("share.command.withdraw_help"))
    p = sub.add_parser("cohort", parents=[common], help=say("cohort.command.help"))
    p.add_argument("paths", nargs="+", metavar="PATH", help=say("cohort.command.paths_help"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.html")
# ------------------------------------------------- end of the coach's view


# ------------------------------------------------------------------------------- parser
SERVER_COMMANDS = (None, "serve", "lab")
SERVER_DEFAULTS = {"port": 8866, "ip": "127.0.0.1", "no_browser": False}


class Parser(argparse.ArgumentParser):
    """argparse, with every mistake said in one line, and a near miss of a command named."""

    def error(self, message: str):
        choices = getattr(self, "_nextround_commands", None)
        wrong = re.match(r"argument COMMAND: invalid choice: '([^']*)'", message)
        if wrong and choices:
            close = difflib.get_close_matches(wrong[1], choices, n=1)
            hint = f" Did you mean `nextround {close[0]}`?" if close else ""
            message = f"there is no command {wrong[1]!r}.{hint} `nextround --help` lists them."
        else:
            message = f"{message} (see `{self.prog} --help`)."
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    # Options may come before or after the command (`nextround --data D backup -o b.json` and
    # `nextround backup --data D -o b.json`). Both places declare them without a default
    # (SUPPRESS), so a later, absent one never overwrites an earlier, given one; `main` fills
    # in the defaults afterwards.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"folder of the journal (default: ${paths.ENV_VAR}, else your "
                             "per-user data folder)")
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument("--port", type=int, default=argparse.SUPPRESS,
                        help="port to listen on (default 8866)")
    server.add_argument("--ip", default=argparse.SUPPRESS,
                        help="address to listen on (default 127.0.0.1: this computer only)")
    server.add_argument("--no-browser", action="store_true", default=argparse.SUPPRESS,
                        help="do not open a browser")

    parser = Parser(
        prog="nextround", parents=[common, server],
        description="NextRound: turn an interview rejection into a plan for the next round. "
                    "With no command, opens the app in your browser.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.add_parser("serve", parents=[common, server],
                   help="open the workbooks as an app in the browser (the default)")
    sub.add_parser("lab", parents=[common, server], help="open the workbooks in JupyterLab")
    sub.add_parser("where", parents=[common], help="print the path of the journal file")
    sub.add_parser("demo", parents=[common], help="fill an empty journal with a demo persona")
    p = sub.add_parser("backup", parents=[common], help="write a JSON backup of the journal")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = sub.add_parser("restore", parents=[common], help="restore a JSON backup")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--replace", action="store_true",
                   help="replace a journal that has entries (a copy of it is kept)")
    p = sub.add_parser("csv", parents=[common], help="export every kind of entry as CSV")
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p = sub.add_parser("report", parents=[common],
                       help="write the progress report as one self-contained HTML file")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = sub.add_parser("import", parents=[common],
                       help="import past applications from a CSV or .xlsx file (up to 20 MiB "
                            "and 10,000 rows)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--mapping", metavar="MAPPING.json",
                   help="what the file's columns, statuses and stages mean (see --save-mapping)")
    p.add_argument("--save-mapping", metavar="MAPPING.json",
                   help="write what NextRound understood of the file, to edit and reuse")
    p.add_argument("--dates", choices=("day-first", "month-first"),
                   help="how dates like 03/04/2026 are written, when the file cannot tell")
    add_cohort_commands(sub, common)  # the coach's view: share, cohort
    parser._nextround_commands = list(sub.choices)
    return parser


COMMANDS = {
    None: cmd_serve, "serve": cmd_serve, "lab": cmd_lab, "where": cmd_where, "demo": cmd_demo,
    "backup": cmd_backup, "restore": cmd_restore, "csv": cmd_csv, "report": cmd_report,
    "import": cmd_import,
    "share": cmd_share, "cohort": cmd_cohort,  # the coach's view
}


# Commands that show coaching words: a coach's words file is checked before they start.
SHOW_WORDS = {None, "serve", "lab", "demo", "report", "import", "share", "cohort"}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    given = [name for name in SERVER_DEFAULTS if hasattr(args, name)]
    if args.command not in SERVER_COMMANDS and given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        verb = "goes" if len(given) == 1 else "go"
        parser.exit(2, f"nextround: {options} {verb} with `nextround serve` or `nextround lab`, "
                       f"not with `nextround {args.command}`.\n")
    if not hasattr(args, "data"):
        args.data = None
    if args.command in SERVER_COMMANDS:
        for name, default in SERVER_DEFAULTS.items():
            if not hasattr(args, name):
                setattr(args, name, default)
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse(argv)  # some commands' help is coaching words: they are read here
    except JournalError as exc:
        print(f"nextround: {exc}", file=sys.stderr)
        return 1
    try:
        if args.command in SHOW_WORDS:
            words.check_now()
        return COMMANDS[args.command](args)
    except (JournalError, UserError) as exc:
        print(f"nextround: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"nextround: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
