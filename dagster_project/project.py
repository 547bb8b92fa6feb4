"""The dbt project Dagster builds, and its manifest: produced explicitly, then read.

The manifest comes from `dbt parse`, run by `ensure_manifest()` when the manifest is missing
or older than any dbt source file: `partnerledger build` (dagster_project/run.py), the make
targets and the pytest session fixture call it. `load_manifest()` reads it and fails loudly
when it was never produced. Importing this module runs nothing and reads nothing: under
`dagster dev` the definitions function calls `dbt_project.prepare_if_dev()` when it loads.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from dagster_dbt import DbtProject

from partnerledger import paths

# Folders and files whose change makes the manifest stale.
_DBT_SOURCES = ("models", "macros", "tests", "seeds", "snapshots", "analyses")
_DBT_FILES = ("dbt_project.yml", "profiles.yml", "packages.yml", "dependencies.yml")

dbt_project = DbtProject(project_dir=paths.DBT_PROJECT_DIR, profiles_dir=paths.DBT_PROJECT_DIR)


class ManifestMissing(RuntimeError):
    """The dbt manifest was never produced (or `dbt parse` failed)."""


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
    target folder at once. dbt's profiles.yml needs PARTNERLEDGER_WAREHOUSE even to parse:
    the subprocess gets the default home's when the caller's environment has none.
    """
    target = Path(project.project_dir) / "target"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if manifest_is_stale(project):
            env = {**paths.warehouse_env(paths.home()), **os.environ}
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
                raise ManifestMissing(
                    f"dbt parse failed in {project.project_dir} (exit {done.returncode}):\n"
                    f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
                )
    return project.manifest_path


def load_manifest(project: DbtProject = dbt_project) -> dict[str, Any]:
    """The parsed manifest; a loud error when nobody produced it."""
    path = project.manifest_path
    if not path.is_file():
        raise ManifestMissing(
            f"no dbt manifest at {path}: produce it first with "
            '`python -c "from dagster_project.project import ensure_manifest; ensure_manifest()"` '
            "(make install, partnerledger build and the test fixtures do)"
        )
    return json.loads(path.read_text(encoding="utf-8"))
