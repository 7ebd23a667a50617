"""deploy/: the Kubernetes values as Helm would check them, and the one-machine files agreeing.

No hub runs here (that is test_cohort_hub.py): these read the files, load them as JupyterHub
and Helm would, and run repo2docker without Docker.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
ONE_MACHINE = ROOT / "deploy" / "one-machine"
KUBERNETES = ROOT / "deploy" / "kubernetes"
CHART = Path(__file__).with_name("z2jh-4.4.0")
START_HERE = "/voila/render/workbooks/00_start_here.ipynb"
REPO_DIR = "/srv/nextround/repo"


def helm_merge(defaults, overrides):
    """Helm's coalescing of a values file over the chart's: maps merge key by key, anything
    else is replaced, and null deletes the default."""
    if not isinstance(defaults, dict) or not isinstance(overrides, dict):
        return copy.deepcopy(overrides)
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = helm_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def schema_errors(values: dict) -> list[str]:
    schema = yaml.safe_load((CHART / "values.schema.yaml").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((CHART / "values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    merged = helm_merge(defaults, values)
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(merged)]


@pytest.fixture(scope="module")
def values() -> dict:
    return yaml.safe_load((KUBERNETES / "values.yaml").read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------- Kubernetes
def test_the_helm_values_pass_the_chart_s_schema(values):
    assert schema_errors(values) == []


def test_the_schema_check_refuses_a_misspelt_option(values):
    wrong = copy.deepcopy(values)
    wrong["singleuser"]["defaultURL"] = wrong["singleuser"].pop("defaultUrl")
    errors = schema_errors(wrong)
    assert len(errors) == 1 and "defaultURL" in errors[0]


def test_servers_land_on_start_here_served_from_the_image_s_repository(values):
    assert values["singleuser"]["defaultUrl"] == START_HERE
    assert (ROOT / "workbooks" / "00_start_here.ipynb").exists()
    assert f"--target-repo-dir {REPO_DIR}" in (KUBERNETES / "values.yaml").read_text()


def test_journals_live_on_a_block_storage_volume_of_each_person_s_own(values):
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "dynamic"
    assert storage["dynamic"]["storageAccessModes"] == ["ReadWriteOnce"]
    data_dir = values["singleuser"]["extraEnv"]["NEXTROUND_DATA_DIR"]
    assert data_dir.startswith(storage["homeMountPath"] + "/")
    assert not data_dir.startswith(tuple(m["mountPath"] for m in storage["extraVolumeMounts"]))


def test_every_server_mounts_the_cohort_volume_where_nextround_looks(values):
    storage = values["singleuser"]["storage"]
    claim = yaml.safe_load_all((KUBERNETES / "cohort-volume.yaml").read_text(encoding="utf-8"))
    pvc = next(doc for doc in claim if doc["kind"] == "PersistentVolumeClaim")
    assert pvc["spec"]["accessModes"] == ["ReadWriteMany"]
    volume = {v["name"]: v for v in storage["extraVolumes"]}
    mount = {m["name"]: m["mountPath"] for m in storage["extraVolumeMounts"]}
    [(name, path)] = mount.items()
    assert volume[name]["persistentVolumeClaim"]["claimName"] == pvc["metadata"]["name"]
    assert values["singleuser"]["extraEnv"]["NEXTROUND_COHORT_DIR"] == path


def test_servers_on_kubernetes_are_not_marked_temporary(values):
    cmd = values["singleuser"]["cmd"]
    assert cmd == ["env", "NEXTROUND_TEMPORARY=", "jupyterhub-singleuser"]
    # binder/start marks Binder's sessions temporary, then runs the server command after it.
    assert "export NEXTROUND_TEMPORARY=1" in (ROOT / "binder" / "start").read_text()
    assert (ROOT / "binder" / "start").read_text().rstrip().endswith('exec "$@"')


def test_idle_culling_waits_longer_than_the_hub_s_view_of_activity_lags(values):
    # jupyterhub-idle-culler's README: more than last_activity_interval (300 s in Z2JH's
    # hub) plus the websocket ping interval (30 s).
    assert values["cull"]["enabled"] is True
    assert values["cull"]["timeout"] > 300 + 30


def test_the_hub_s_extra_configuration_is_python(values):
    for name, code in values["hub"]["extraConfig"].items():
        compile(code, name, "exec")


def test_repo2docker_builds_the_image_with_the_repository_outside_the_home():
    executable = shutil.which("jupyter-repo2docker")
    if executable is None:
        pytest.skip("jupyter-repo2docker is not installed (pip install jupyter-repo2docker)")
    result = subprocess.run([executable, "--no-build", "--debug", "--user-name", "jovyan",
                             "--target-repo-dir", REPO_DIR, "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out[-3000:]
    # --target-repo-dir becomes the REPO_DIR build argument: the image creates that folder,
    # copies the repository into it, starts there, and runs binder/start from it.
    assert re.search(r"^ARG REPO_DIR=", out, re.M)
    assert re.search(r'install .* -d "\$\{REPO_DIR\}"', out)
    assert re.search(r"^COPY .*src/ \$\{REPO_DIR\}/$", out, re.M)
    assert re.search(r"^WORKDIR \$\{REPO_DIR\}$", out, re.M)
    assert 'R2D_ENTRYPOINT="${REPO_DIR}/binder/start"' in out


# ----------------------------------------------------------------------------- one machine
def load_hub_config() -> dict:
    from traitlets.config import PyFileConfigLoader

    loader = PyFileConfigLoader("jupyterhub_config.py", path=str(ONE_MACHINE))
    return loader.load_config()


def setup_default(name: str) -> str:
    text = (ONE_MACHINE / "cohort-setup").read_text(encoding="utf-8")
    return re.search(rf'^{name}="\$\{{{name}:-([^}}]+)\}}"$', text, re.M)[1]


def test_the_setup_script_and_the_hub_name_the_same_groups_and_folders():
    config = load_hub_config()
    assert config.PAMAuthenticator.allowed_groups == {
        setup_default("PARTICIPANTS_GROUP"), setup_default("COACHES_GROUP")}
    environment = config.Spawner.environment
    assert environment["NEXTROUND_COHORT_DIR"] == setup_default("COHORT_DIR")
    state = setup_default("HUB_STATE")
    assert config.JupyterHub.db_url == f"sqlite:///{state}/jupyterhub.sqlite"
    assert config.JupyterHub.cookie_secret_file.startswith(state + "/")


def test_the_one_machine_hub_lands_on_start_here_with_journals_in_the_home():
    config = load_hub_config()
    assert config.Spawner.default_url == START_HERE
    assert config.Spawner.notebook_dir == "~"

    class Spawner:  # what the environment's callables read
        class user:
            name = "root"

    folder = config.Spawner.environment["NEXTROUND_DATA_DIR"](Spawner)
    assert folder == str(Path("~root").expanduser() / ".local" / "share" / "nextround")


def test_the_one_machine_culler_waits_longer_than_the_hub_s_view_of_activity_lags():
    config = load_hub_config()
    [culler] = config.JupyterHub.services
    timeout = int(next(a for a in culler["command"] if a.startswith("--timeout="))[10:])
    assert timeout > config.JupyterHub.last_activity_interval + 30
    [role] = config.JupyterHub.load_roles
    assert role["services"] == [culler["name"]]
    assert set(role["scopes"]) == {"list:users", "read:users:activity", "read:servers",
                                   "delete:servers"}


def test_nobody_is_a_hub_admin_on_the_one_machine_hub():
    assert load_hub_config().Authenticator.admin_users == set()


def test_the_hub_s_requirements_are_exact_pins_beside_binder_s():
    def pins(path: Path) -> dict[str, str]:
        found = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                name, version = line.split("==")
                found[re.sub(r"[-_.]+", "-", name).lower()] = version
        return found

    hub, binder = pins(ONE_MACHINE / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert set(hub) & set(binder) == set()
    import tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    for text in extras["test"]:
        requirement = Requirement(text)
        if requirement.name in ("jupyterhub", "jupyterhub-idle-culler"):
            assert requirement.specifier.contains(hub[requirement.name]), text


def test_the_server_configuration_reads_voila_s_settings_from_the_package(tmp_path, monkeypatch):
    """jupyter_server_config.py as a participant's server loads it: Voila's settings, kernel
    culling, and the ~/workbooks link to the installed workbooks."""
    from traitlets.config import PyFileConfigLoader

    from nextround.cli import workbooks_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path).chmod(0o755)
    config = PyFileConfigLoader("jupyter_server_config.py", path=str(ONE_MACHINE)).load_config()
    assert config.VoilaConfiguration.show_tracebacks is False
    assert config.MappingKernelManager.cull_idle_timeout == 900
    assert config.MappingKernelManager.cull_connected is False
    assert config.ServerApp.tornado_settings["websocket_max_message_size"] == 134217728
    assert (tmp_path / "workbooks").resolve() == workbooks_dir().resolve()
    assert oct(tmp_path.stat().st_mode & 0o777) == "0o700"


def test_a_workbooks_folder_the_participant_made_is_left_alone(tmp_path, monkeypatch):
    from traitlets.config import PyFileConfigLoader

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "workbooks").mkdir()
    (tmp_path / "workbooks" / "mine.ipynb").write_text("{}")
    PyFileConfigLoader("jupyter_server_config.py", path=str(ONE_MACHINE)).load_config()
    assert not (tmp_path / "workbooks").is_symlink()
    assert [p.name for p in (tmp_path / "workbooks").iterdir()] == ["mine.ipynb"]


def test_a_stale_workbooks_link_is_pointed_at_the_installed_workbooks(tmp_path, monkeypatch):
    from traitlets.config import PyFileConfigLoader

    from nextround.cli import workbooks_dir

    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "workbooks").symlink_to(tmp_path / "gone")
    PyFileConfigLoader("jupyter_server_config.py", path=str(ONE_MACHINE)).load_config()
    assert (tmp_path / "workbooks").resolve() == workbooks_dir().resolve()
    assert [p.name for p in tmp_path.iterdir()] == ["workbooks"]


def test_the_hub_s_home_page_offers_jupyterlab():
    config = load_hub_config()
    link = config.JupyterHub.template_vars["announcement_home"]
    assert 'href="/hub/user-redirect/lab/tree/workbooks/00_start_here.ipynb"' in link
