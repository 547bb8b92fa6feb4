"""`partnerledger build`: ingest, build every model, run the gates, publish; then a summary.

`run_build` parses the dbt project (ensure_manifest), then runs the job `build_all` in a
child process (dagster_project/run_in_process.py) started with the home's dbt environment:
dbt's profiles.yml reads PARTNERLEDGER_WAREHOUSE, and dagster-dbt 0.29 hands dbt its own
process's environment, with no environment of its own to pass. The child prints one line per
asset as it finishes and a summary at the end; its exit code is the build's (OUTPUTS.md):
0 built and every blocking check passed (published); 3 built but a blocking check failed
(payouts not published, the previous serving.duckdb untouched); 4 another build is running
on the home (refused at once, or waited for with `wait`); 1 anything else.

The whole build runs under the home's build lock (partnerledger/build_lock.py), handed to the
child too, so the lock lives as long as either process; under it, the leftovers of killed
builds are removed first (partnerledger/leftovers.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from dagster_project.run_events import EXIT_BLOCKED, EXIT_BUSY, EXIT_ERROR, EXIT_OK
from partnerledger import build_lock, paths
from partnerledger.leftovers import remove_leftovers

__all__ = ["EXIT_BLOCKED", "EXIT_BUSY", "EXIT_ERROR", "EXIT_OK", "run_build"]


def run_build(
    landing: Path,
    home: paths.Home,
    progress: Callable[[str], None] = print,
    *,
    wait: bool = False,
) -> int:
    """Ingest `landing` into `home`'s warehouse, build, check, publish; return the exit code.

    With `wait`, a build already running on `home` is waited for; without, refused at once.
    """
    home.ensure()
    try:
        lock = build_lock.acquire(home.root, wait=wait, say=progress)
    except build_lock.BuildRunning as exc:
        progress(f"build: {exc}; not started (give --wait to wait for it)")
        return EXIT_BUSY
    try:
        for path in remove_leftovers(home.root):
            progress(f"build: removed {path.name}, left by a killed build")
        return _run_locked(landing, home, progress, lock.fd)
    finally:
        build_lock.release(lock)


def _run_locked(
    landing: Path, home: paths.Home, progress: Callable[[str], None], lock_fd: int
) -> int:
    landing = Path(landing).resolve()
    if not landing.is_dir():
        progress(
            f"build: landing directory {landing} does not exist (give --landing or set PARTNERLEDGER_LANDING)"
        )
        return EXIT_ERROR
    # Imported here, after the lock: dagster-dbt takes seconds to import, and a refused or
    # misdirected build should answer at once.
    from dagster_project.project import ManifestMissing, ensure_manifest

    try:
        ensure_manifest()
    except ManifestMissing as exc:
        progress(f"build: the dbt project does not parse:\n{exc}")
        return EXIT_ERROR
    env = {**os.environ, **paths.warehouse_env(home), "PYTHONIOENCODING": "utf-8"}
    child = subprocess.Popen(
        [sys.executable, "-m", "dagster_project.run_in_process", str(landing), str(home.root)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        pass_fds=(lock_fd,),  # the child shares the lock: a killed parent leaves it held
    )
    with child.stdout:
        for line in child.stdout:
            progress(line.rstrip("\n"))
    code = child.wait()
    # A child that died (a signal, an uncaught error on stderr) is an error, never a "blocked".
    return code if code in (EXIT_OK, EXIT_BLOCKED) else EXIT_ERROR
