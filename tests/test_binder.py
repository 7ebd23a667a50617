"""Binder: the configuration as repo2docker reads it, and the pins installing into a clean venv."""

from __future__ import annotations

import os
import re
import shutil
import socket
import stat
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
BADGE_REPO = "nextround/nextround"
VOILA_URL = ("https://mybinder.org/v2/gh/nextround/nextround/HEAD"
             "?urlpath=voila%2Frender%2Fworkbooks%2F00_start_here.ipynb")
LAB_URL = ("https://mybinder.org/v2/gh/nextround/nextround/HEAD"
           "?urlpath=lab%2Ftree%2Fworkbooks%2F00_start_here.ipynb")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    found = {}
    for line in (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([0-9][^\s;#]*)", line)
        assert match, f"not an exact pin: {line!r}"
        found[canonical(match[1])] = match[2]
    return found


def test_runtime_is_a_python_binder_offers():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    assert runtime in ("python-3.11", "python-3.12")


def test_every_dependency_is_pinned_within_what_pyproject_allows():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = pins()
    assert "nextround" not in pinned  # postBuild installs it, without dependencies
    for text in project["dependencies"]:
        requirement = Requirement(text)
        name = canonical(requirement.name)
        assert name in pinned, f"{requirement.name} is not pinned in binder/requirements.txt"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"{name}=={pinned[name]} does not satisfy {text} from pyproject.toml")
    # nbconvert needs bleach[css]; an extra's packages are easy to miss.
    assert "tinycss2" in pinned


def test_post_build_installs_the_package_without_moving_the_pins():
    post_build = BINDER / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR
    text = post_build.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/bash\n")
    assert re.search(r"^set -e", text, re.M)
    assert re.search(r"pip install .*--no-deps \.$", text, re.M)


def test_start_marks_the_session_temporary():
    start = BINDER / "start"
    assert start.stat().st_mode & stat.S_IXUSR
    text = start.read_text(encoding="utf-8")
    assert "export NEXTROUND_TEMPORARY=1" in text
    assert text.rstrip().endswith('exec "$@"')


def test_readme_badges_open_voila_on_start_here_and_lab_on_the_workbooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert VOILA_URL in readme and LAB_URL in readme
    assert (ROOT / "workbooks" / "00_start_here.ipynb").exists()
    # Voila's server extension on Binder reads voila.json from the folder it starts in.
    assert (ROOT / "voila.json").exists()
    coaches = (ROOT / "docs" / "coaches.md").read_text(encoding="utf-8")
    assert BADGE_REPO in coaches and "fork" in coaches.lower()


def test_repo2docker_reads_the_binder_folder():
    """`jupyter-repo2docker --no-build` prints the Dockerfile it would build, without Docker."""
    executable = shutil.which("jupyter-repo2docker")
    if executable is None:
        pytest.skip("jupyter-repo2docker is not installed (pip install jupyter-repo2docker)")
    result = subprocess.run([executable, "--no-build", "--debug", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip().split("-")[1]
    assert f"python={runtime}" in out
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in out
    assert "RUN ./binder/postBuild" in out
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in out
    # The binder/ folder wins: no root-level environment file is read instead.
    assert "environment.yml" not in out.split("FROM", 1)[1]


# ------------------------------------------------------------------- clean install
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    noise = re.compile(r"^WARNING: Location .* is ignored", re.M)
    out = noise.sub("", result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"{' '.join(map(str, command))} failed:\n{out[-4000:]}"
    return result


@pytest.mark.slow
def test_pins_install_and_run_the_app_in_a_clean_venv(tmp_path):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = str(venv / "bin" / "python")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", HOME=str(tmp_path),
               NEXTROUND_DATA_DIR=str(tmp_path / "data"), PIP_DISABLE_PIP_VERSION_CHECK="1")
    pip = [python, "-m", "pip", "install", "--no-deps", "--quiet"]
    # As Binder does it, except that --no-deps proves the pins are complete on their own.
    run([*pip, "-r", str(BINDER / "requirements.txt")], env=env, timeout=1500)
    run([*pip, str(ROOT)], env=env, timeout=600)
    run([python, "-m", "pip", "check"], env=env, timeout=120)
    run([python, "-c", "import nextround.ui.start, nextround.ui.progress, voila, plotly"],
        env=env, timeout=120)

    # The installed package serves Start here with Voila, widgets and all.
    port = free_port()
    installed = run([python, "-c", "from nextround.cli import workbooks_dir; "
                     "print(workbooks_dir())"], env=env).stdout.strip()
    assert "site-packages" in installed
    server = subprocess.Popen(
        [python, "-m", "voila", str(Path(installed) / "00_start_here.ipynb"), "--no-browser",
         f"--port={port}", "--Voila.ip=127.0.0.1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        page = ""
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=150) as response:
                    page = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
        assert page, "voila did not answer"
        assert page.count("application/vnd.jupyter.widget-view+json") >= 4
        assert '"output_type": "error"' not in page and "Traceback" not in page
    finally:
        os.killpg(server.pid, 15)
        server.wait(30)
    assert (tmp_path / "data" / "journal.sqlite3").exists()
