"""JupyterHub for a NextRound cohort on one machine (the guide: docs/cohorts.md).

Every participant is a system user of this machine with a private home (0700); their journal
lives in it, on local disk, in NextRound's default per-user folder. They sign in with their
system password (PAM), land on Start here as a Voila app, and have the same workbooks in
JupyterLab one link away. Idle servers are stopped by jupyterhub-idle-culler; journals stay.

Run as root (it starts each participant's server as that user):

    jupyterhub -f /path/to/deploy/one-machine/jupyterhub_config.py

Names the setup script (`cohort-setup`) and this file share are set at the top.
"""

import pwd
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

HERE = Path(__file__).resolve().parent
STATE = Path("/srv/nextround/hub")  # the hub's own database, cookie secret and proxy pid
COHORT_DIR = "/srv/nextround/cohort"  # the coach's write-only drop box (cohort-setup makes it)
PARTICIPANTS_GROUP = "nextround"
COACHES_GROUP = "nextround-coach"
START_HERE = "workbooks/00_start_here.ipynb"  # ~/workbooks links to the installed workbooks

# ---------------------------------------------------------------- the hub and its proxy
# Listen on every address on port 8000; put HTTPS in front of it (see the guide), or set
# c.JupyterHub.ssl_cert and ssl_key here.
c.JupyterHub.bind_url = "http://:8000"
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")

# ---------------------------------------------------------------- who may sign in
# System users and their passwords, checked by PAM. Only members of the two groups may sign
# in. Nobody is a hub admin: JupyterHub's admin role may open anyone's server, and with it
# anyone's journal. Whoever runs the machine manages servers as root instead.
c.JupyterHub.authenticator_class = "pam"
c.PAMAuthenticator.allowed_groups = {PARTICIPANTS_GROUP, COACHES_GROUP}
c.Authenticator.admin_users = set()

# ---------------------------------------------------------------- each participant's server
c.JupyterHub.spawner_class = "localprocess"
# The participants' servers run from the same Python environment as the hub.
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
# Kernel culling, Voila's settings and the ~/workbooks link: read by each server as it starts.
c.Spawner.args = [f"--config={HERE / 'jupyter_server_config.py'}"]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/voila/render/{START_HERE}"


def journal_folder(spawner) -> str:
    """NextRound's default per-user data folder, named explicitly: in the home, on local disk."""
    return str(Path(pwd.getpwnam(spawner.user.name).pw_dir) / ".local" / "share" / "nextround")


c.Spawner.environment = {
    "NEXTROUND_DATA_DIR": journal_folder,
    "NEXTROUND_COHORT_DIR": COHORT_DIR,
}
# Thirty people signing in within a minute start thirty servers at once: give them time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 120

# The hub's home page offers the same workbooks in JupyterLab (words: coaching.toml [hub]).
try:
    from nextround.words import words

    c.JupyterHub.template_vars = {"announcement_home": words()["hub"]["lab_link"]}
except (ImportError, KeyError):
    pass

# ---------------------------------------------------------------- idle servers
# A page left open keeps its server: the kernel's websocket pings every 30 s pass through the
# proxy, which the hub reads every last_activity_interval. A server with no page open for 30
# minutes is stopped (its journal stays in the home); people coming back from a break find it
# still running. The timeout must exceed last_activity_interval plus that ping interval.
c.JupyterHub.last_activity_interval = 300
CULL_TIMEOUT = 1800
CULL_EVERY = 300
c.JupyterHub.load_roles = [
    {
        "name": "jupyterhub-idle-culler-role",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["jupyterhub-idle-culler-service"],
    }
]
c.JupyterHub.services = [
    {
        "name": "jupyterhub-idle-culler-service",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={CULL_TIMEOUT}", f"--cull-every={CULL_EVERY}"],
    }
]
