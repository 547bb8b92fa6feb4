"""`partnerledger build`: ingest, build every model, run the gates, publish; then a summary.

`run_build` parses the dbt project (ensure_manifest), then runs the job `build_all` in a
child process (dagster_project/run_in_process.py) started with the home's dbt environment:
dbt's profiles.yml reads PARTNERLEDGER_WAREHOUSE, and dagster-dbt 0.29 hands dbt its own
process's environment, with no environment of its own to pass. The child prints one line per
asset as it finishes and a summary at the end; its exit code is the build's (OUTPUTS.md):
0 built and every blocking check passed (published); 3 built but a blocking check failed
(payouts not published, the previous serving.duckdb untouched); 1 anything else.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from dagster_project.project import ManifestMissing, ensure_manifest
from dagster_project.run_events import EXIT_BLOCKED, EXIT_ERROR, EXIT_OK
from partnerledger import paths

__all__ = ["EXIT_BLOCKED", "EXIT_ERROR", "EXIT_OK", "run_build"]


def run_build(landing: Path, home: paths.Home, progress: Callable[[str], None] = print) -> int:
    """Ingest `landing` into `home`'s warehouse, build, check, publish; return the exit code."""
    home.ensure()
    landing = Path(landing).resolve()
    if not landing.is_dir():
        progress(
            f"build: landing directory {landing} does not exist (give --landing or set PARTNERLEDGER_LANDING)"
        )
        return EXIT_ERROR
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
    )
    with child.stdout:
        for line in child.stdout:
            progress(line.rstrip("\n"))
    code = child.wait()
    # A child that died (a signal, an uncaught error on stderr) is an error, never a "blocked".
    return code if code in (EXIT_OK, EXIT_BLOCKED) else EXIT_ERROR
