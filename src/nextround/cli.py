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
from nextround.words import say
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
    raise JournalError(say("cli.no_workbooks"))


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
            raise UserError(say("cli.data_is_the_journal", given=given, path=folder,
                                folder=folder.parent))
        raise UserError(say("cli.data_is_a_file", given=given, path=folder))
    return args.data


def _file_to_write(value: str, example: str) -> Path:
    """Where a command writes one file; a folder, or a folder that is missing, is refused."""
    out = Path(value).expanduser()
    if out.is_dir():
        raise UserError(say("cli.output_is_a_folder", path=out, example=out / example))
    if not out.parent.is_dir():
        if out.parent.exists():
            raise UserError(say("cli.folder_is_a_file", path=out, folder=out.parent))
        raise UserError(say("cli.no_such_folder", path=out, folder=out.parent))
    return out


def _folder_to_write(value: str) -> Path:
    out = Path(value).expanduser()
    if out.exists() and not out.is_dir():
        raise UserError(say("cli.csv_folder_is_a_file", path=out))
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


def voila_options(preheat: bool = False) -> list[str]:
    """What `nextround serve` tells Voila beyond where to listen (the benchmarks use it too)."""
    options = [
        f"--Voila.config_file_paths={_voila_config_dir()}",
        # The workbooks ask for NextRound's frame themselves; as the server's own template it
        # also makes the root open Start here instead of Voila's list of files.
        "--VoilaConfiguration.template=nextround",
    ]
    if preheat:
        # One kernel per page runs the page's imports before anyone asks for it; the page
        # waits for its request before it reads the journal (`kit.page`). The list of pages
        # left out belongs to Voila's kernel manager, not to VoilaConfiguration.
        options += ["--VoilaConfiguration.preheat_kernel=True",
                    "--VoilaConfiguration.default_pool_size=1",
                    f"--VoilaKernelManager.preheat_denylist={json.dumps(NOT_PREHEATED)}"]
    return options


def cmd_serve(args) -> int:
    env = _prepare_journal(args)
    root = workbooks_dir()
    port = _free_port(args.port)
    host = args.ip
    command = [sys.executable, "-m", "voila", str(root), "--no-browser", f"--port={port}",
               f"--Voila.ip={host}", *voila_options(preheat=args.preheat)]
    base = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}"
    start = f"{base}/voila/render/{START_PAGE}" if (root / START_PAGE).exists() else base
    print(say("cli.running", url=start, journal=paths.journal_path(_data_folder(args))),
          flush=True)
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
    print(say("cli.opening_lab", folder=target), flush=True)
    return subprocess.call(command, env=env)


def cmd_demo(args) -> int:
    from nextround.demo import write_demo

    path = paths.journal_path(_data_folder(args))
    journal = Journal.open(path, create=True)
    if not journal.is_empty():
        raise UserError(say("cli.demo_not_empty", path=path))
    write_demo(journal)
    print(say("cli.demo_written", path=path))
    return 0


def cmd_backup(args) -> int:
    from nextround.documents.backup import write_backup

    out = _file_to_write(args.output, "nextround-backup.json")
    journal = _open_existing(args)
    write_backup(journal, out)
    print(say("cli.backup_written", path=out))
    return 0


def cmd_restore(args) -> int:
    from nextround.documents.backup import parse_backup, restore_backup
    from nextround.errors import BackupError

    source = Path(args.file).expanduser()
    folder = _data_folder(args)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise UserError(say("cli.cannot_read", path=source, reason=exc.strerror)) from exc
    try:
        doc = parse_backup(data)
    except BackupError as exc:
        message = str(exc)
        raise UserError(say("cli.not_a_backup", path=source,
                            problem=f"{message[:1].lower()}{message[1:]}")) from exc
    journal = Journal.open(paths.journal_path(folder), create=True)
    if not journal.is_empty() and not args.replace:
        raise UserError(say("cli.restore_not_empty", path=journal.path))
    kept = restore_backup(journal, doc, replace=args.replace)
    print(say("cli.restored", source=source, path=journal.path))
    if kept:
        print(say("cli.restore_kept", path=kept))
    return 0


def cmd_csv(args) -> int:
    from nextround.documents.csv_export import export_csv

    out = _folder_to_write(args.output)
    journal = _open_existing(args)
    written = export_csv(journal, out)
    count = len(written)
    print(say("cli.csv_written_one", count=count, path=args.output) if count == 1
          else say("cli.csv_written_many", count=count, path=args.output))
    return 0


def cmd_report(args) -> int:
    from nextround.documents.report import write_report

    out = _file_to_write(args.output, "nextround-report.html")
    journal = _open_existing(args)
    write_report(journal, out)
    print(say("cli.report_written", path=args.output))
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
        raise UserError(say("cli.cannot_read", path=source, reason=exc.strerror)) from exc
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
            raise UserError(say("cli.cannot_read", path=given, reason=exc.strerror)) from exc
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
    p = sub.add_parser("share", parents=[common], help=_help(say("share.command.help")))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--withdraw", action="store_true",
                   help=_help(say("share.command.withdraw_help")))
    p = sub.add_parser("cohort", parents=[common], help=_help(say("cohort.command.help")))
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help=_help(say("cohort.command.paths_help")))
    p.add_argument("-o", "--output", required=True, metavar="FILE.html")
# ------------------------------------------------- end of the coach's view


# ------------------------------------------------------------------------------- parser
def _help(text: str) -> str:
    """Help text from the words file: argparse fills %(…)s in help, so a coach's % stays a %."""
    return text.replace("%", "%%")


SERVER_COMMANDS = (None, "serve", "lab")
SERVER_DEFAULTS = {"port": 8866, "ip": "127.0.0.1", "no_browser": False, "preheat": False}


class Parser(argparse.ArgumentParser):
    """argparse, with every mistake said in one line, and a near miss of a command named."""

    def error(self, message: str):
        choices = getattr(self, "_nextround_commands", None)
        wrong = re.match(r"argument COMMAND: invalid choice: '([^']*)'", message)
        if wrong and choices:
            close = difflib.get_close_matches(wrong[1], choices, n=1)
            message = (say("cli.no_such_command_near", name=repr(wrong[1]), near=close[0]) if close
                       else say("cli.no_such_command", name=repr(wrong[1])))
        else:  # argparse's own words, then ours
            message = say("cli.see_help", message=message, prog=self.prog)
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    # Options may come before or after the command (`nextround --data D backup -o b.json` and
    # `nextround backup --data D -o b.json`). Both places declare them without a default
    # (SUPPRESS), so a later, absent one never overwrites an earlier, given one; `main` fills
    # in the defaults afterwards.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", metavar="DIR", default=argparse.SUPPRESS,
                        help=_help(say("cli.help.data", variable=f"${paths.ENV_VAR}")))
    server = argparse.ArgumentParser(add_help=False)
    server.add_argument("--port", type=int, default=argparse.SUPPRESS,
                        help=_help(say("cli.help.port", port=SERVER_DEFAULTS["port"])))
    server.add_argument("--ip", default=argparse.SUPPRESS,
                        help=_help(say("cli.help.ip", ip=SERVER_DEFAULTS["ip"])))
    server.add_argument("--no-browser", action="store_true", default=argparse.SUPPRESS,
                        help=_help(say("cli.help.no_browser")))
    server.add_argument("--preheat", action="store_true", default=argparse.SUPPRESS,
                        help=_help(say("cli.help.preheat")))

    parser = Parser(prog="nextround", parents=[common, server],
                    description=_help(say("cli.help.description")))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.add_parser("serve", parents=[common, server], help=_help(say("cli.help.serve")))
    sub.add_parser("lab", parents=[common, server], help=_help(say("cli.help.lab")))
    sub.add_parser("where", parents=[common], help=_help(say("cli.help.where")))
    sub.add_parser("demo", parents=[common], help=_help(say("cli.help.demo")))
    p = sub.add_parser("backup", parents=[common], help=_help(say("cli.help.backup")))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = sub.add_parser("restore", parents=[common], help=_help(say("cli.help.restore")))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--replace", action="store_true", help=_help(say("cli.help.replace")))
    p = sub.add_parser("csv", parents=[common], help=_help(say("cli.help.csv")))
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p = sub.add_parser("report", parents=[common], help=_help(say("cli.help.report")))
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p = sub.add_parser("import", parents=[common], help=_help(say("cli.help.import")))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--mapping", metavar="MAPPING.json", help=_help(say("cli.help.mapping")))
    p.add_argument("--save-mapping", metavar="MAPPING.json",
                   help=_help(say("cli.help.save_mapping")))
    p.add_argument("--dates", choices=("day-first", "month-first"),
                   help=_help(say("cli.help.dates")))
    add_cohort_commands(sub, common)  # the coach's view: share, cohort
    parser._nextround_commands = list(sub.choices)
    return parser


COMMANDS = {
    None: cmd_serve, "serve": cmd_serve, "lab": cmd_lab, "where": cmd_where, "demo": cmd_demo,
    "backup": cmd_backup, "restore": cmd_restore, "csv": cmd_csv, "report": cmd_report,
    "import": cmd_import,
    "share": cmd_share, "cohort": cmd_cohort,  # the coach's view
}


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    given = [name for name in SERVER_DEFAULTS if hasattr(args, name)]
    if args.command not in SERVER_COMMANDS and given:
        options = ", ".join("--" + name.replace("_", "-") for name in given)
        said = (say("cli.server_option_one", options=options, command=args.command)
                if len(given) == 1 else
                say("cli.server_option_many", options=options, command=args.command))
        parser.exit(2, f"nextround: {said}\n")
    if args.command == "lab" and hasattr(args, "preheat"):
        parser.exit(2, f"nextround: {say('cli.preheat_not_lab')}\n")
    if not hasattr(args, "data"):
        args.data = None
    if args.command in SERVER_COMMANDS:
        for name, default in SERVER_DEFAULTS.items():
            if not hasattr(args, name):
                setattr(args, name, default)
    return args


def main(argv: list[str] | None = None) -> int:
    try:
        words.check_now()  # every command speaks coaching words, its help first of all
        args = parse(argv)
    except JournalError as exc:
        print(f"nextround: {exc}", file=sys.stderr)
        return 1
    try:
        return COMMANDS[args.command](args)
    except (JournalError, UserError) as exc:
        print(f"nextround: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        reason = exc.strerror or exc
        said = (say("cli.os_error_at", reason=reason, path=exc.filename) if exc.filename
                else say("cli.os_error", reason=reason))
        print(f"nextround: {said}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
