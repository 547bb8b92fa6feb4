"""The dbt project Dagster builds, and how its manifest is kept current.

The manifest comes from `dbt parse`: `ensure_manifest()` (called by `partnerledger build`, the
make targets and the pytest session fixture) runs it when the manifest is missing or older
than any dbt source file. Under `dagster dev` (DAGSTER_IS_DEV_CLI), `prepare_if_dev` parses
at load time so edits to models show up on reload; nowhere else does importing this module
run dbt.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtProject

from partnerledger import paths

# PARTNERLEDGER_DBT_DIR points at another copy of the dbt project (a scratch copy while
# developing); by default the repository's dbt/.
DBT_DIR = Path(os.environ.get("PARTNERLEDGER_DBT_DIR") or paths.DBT_PROJECT_DIR).resolve()
# Folders and files whose change makes the manifest stale.
_DBT_SOURCES = ("models", "macros", "tests", "seeds", "snapshots", "analyses")
_DBT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml")

# profiles.yml reads the warehouse from PARTNERLEDGER_WAREHOUSE; dbt cannot even parse without
# it. Default it from PARTNERLEDGER_HOME (or data/home) so `dagster dev` works out of the box.
for _key, _value in paths.warehouse_env(paths.home()).items():
    os.environ.setdefault(_key, _value)

dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)
dbt_project.prepare_if_dev()


def dbt_executable() -> str:
    """The dbt of this virtual environment (beside python), else the one on PATH."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def manifest_is_stale(project: DbtProject = dbt_project) -> bool:
    manifest = project.manifest_path
    if not manifest.exists():
        return True
    built = manifest.stat().st_mtime
    root = Path(project.project_dir)
    candidates = [root / f for f in _DBT_FILES]
    for folder in _DBT_SOURCES:
        if (root / folder).is_dir():
            candidates.extend(p for p in (root / folder).rglob("*") if p.is_file())
    return any(p.exists() and p.stat().st_mtime > built for p in candidates)


def ensure_manifest(project: DbtProject = dbt_project) -> Path:
    """Run `dbt parse` when the manifest is missing or stale; returns the manifest path.

    A file lock keeps parallel builds (pytest-xdist workers) from parsing into the same
    target folder at once.
    """
    target = Path(project.project_dir) / "target"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest_is_stale(project):
            env = {**os.environ}
            for key, value in paths.warehouse_env(paths.home()).items():
                env.setdefault(key, value)
            done = subprocess.run(
                [
                    dbt_executable(),
                    "parse",
                    "--quiet",
                    "--project-dir",
                    str(project.project_dir),
                    "--profiles-dir",
                    str(project.profiles_dir),
                ],
                cwd=project.project_dir,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0 or not project.manifest_path.exists():
                raise RuntimeError(
                    f"dbt parse failed in {project.project_dir} (exit {done.returncode}):\n"
                    f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
                )
    return project.manifest_path
