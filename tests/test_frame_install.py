"""NextRound's Voila template reaches every server that serves the workbooks: the wheel
installs it where Jupyter servers look (Binder installs the wheel), `nextround serve` and
`nextround lab` point their servers at the package's copy, and Binder's server settings let
the frame do its job."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nextround import cli
from nextround.documents.backup import MAX_BACKUP_BYTES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_FILES = {"conf.json", "index.html.j2", "tree.html", "tree-lab.html", "static/frame.js",
                  "static/frame.css"}


@pytest.mark.slow
def test_the_wheel_installs_the_template_where_jupyter_servers_look(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                             "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("nextround-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {n.split("/share/jupyter/voila/templates/nextround/", 1)[1] for n in names
            if "/share/jupyter/voila/templates/nextround/" in n and ".data/data/" in n}
    assert data == TEMPLATE_FILES
    assert {f"nextround/jupyter/voila/templates/nextround/{f}" for f in TEMPLATE_FILES} <= names


def test_the_package_holds_the_template_its_servers_are_pointed_at():
    template = cli.jupyter_data_dir() / "voila" / "templates" / "nextround"
    assert {str(p.relative_to(template)) for p in template.rglob("*") if p.is_file()} == (
        TEMPLATE_FILES)
    assert json.loads((template / "conf.json").read_text(encoding="utf-8")) == {
        "base_template": "lab"}
    env = cli._find_template({"JUPYTER_PATH": "/elsewhere"})
    assert env["JUPYTER_PATH"].split(":") == [str(cli.jupyter_data_dir()), "/elsewhere"]


def test_binder_gives_its_server_the_frames_settings():
    config = json.loads((ROOT / "binder" / "jupyter_server_config.json").read_text("utf-8"))
    assert config["ServerApp"]["tornado_settings"]["websocket_max_message_size"] >= (
        2 * MAX_BACKUP_BYTES)
    assert config["KernelRestarter"]["time_to_dead"] <= 1.0
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert 'cp binder/jupyter_server_config.json "$config_dir/nextround.json"' in post_build
    assert "jupyter_server_config.d" in post_build
    assert "share/jupyter/voila/templates/nextround/index.html.j2" in post_build
