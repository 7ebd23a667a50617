"""Where the kit runs: inside a Jupyter kernel (a Voila page, JupyterLab) or not (tests, the
command line). Timers and deferred charts need the kernel's own event loop."""

from __future__ import annotations

import asyncio


def shell():
    """The IPython shell of the kernel we run in, or None outside a kernel."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    found = get_ipython()
    return found if getattr(found, "kernel", None) is not None else None


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop of the Jupyter kernel we run in, if any.

    Only a kernel's loop is sure to keep running between messages. Elsewhere (plain Python,
    pytest, or a process where some other library drives a loop now and then) a timer might
    never fire, so callers act at once instead.
    """
    if shell() is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
