"""Each participant's Jupyter Server on the one-machine hub (loaded with --config).

It runs as the participant, so what it prepares in the home it does with their own rights,
never root's.
"""

import json
import os
from importlib.resources import files
from pathlib import Path

c = get_config()  # noqa: F821 (provided by Jupyter Server when it loads this file)

# The same settings as `nextround serve`, read from the package's voila.json: tracebacks
# hidden, no journal or notebook served as a file, uploads up to the backup's size, and the
# kernels of closed pages culled (Voila never shuts them down itself). A kernel whose page is
# open is not culled: cull_connected stays False.
settings = json.loads(files("nextround").joinpath("voila.json").read_text(encoding="utf-8"))
for name, value in settings.get("VoilaConfiguration", {}).items():
    setattr(c.VoilaConfiguration, name, value)
for name, value in settings.get("MappingKernelManager", {}).items():
    setattr(c.MappingKernelManager, name, value)
c.MappingKernelManager.cull_connected = False
c.ServerApp.tornado_settings = settings.get("Voila", {}).get("tornado_settings", {})

# The home and everything in it is the participant's alone, whatever useradd's defaults were.
home = Path.home()
os.chmod(home, 0o700)

# ~/workbooks is a link to the workbooks of the installed NextRound: Voila and JupyterLab
# reach them from the home, every participant gets the version the hub runs (an upgrade
# reaches everyone at the next page load, no stale copy calls code that has changed), and
# nobody breaks their app by editing it; a notebook copied out of the folder is theirs to
# change. A folder the participant made there themselves is left alone.
from nextround.cli import workbooks_dir  # noqa: E402 (needs nothing above; kept by its use)

link = home / "workbooks"
target = str(workbooks_dir())
if not link.exists() or link.is_symlink():
    if not link.is_symlink() or os.readlink(link) != target:
        fresh = home / f".workbooks.{os.getpid()}.link"
        fresh.unlink(missing_ok=True)
        fresh.symlink_to(target, target_is_directory=True)
        os.replace(fresh, link)
