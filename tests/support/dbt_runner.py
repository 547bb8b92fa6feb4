"""Running the real dbt project against a test's own warehouse file.

Every call gets a private --target-path and --log-path under the caller's work folder: pytest-xdist
workers build in parallel, and a shared dbt/target/ (manifest, compiled SQL, partial_parse) or
dbt.log would let one worker read another's half-written files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from partnerledger.paths import DBT_PROJECT_DIR


def dbt_executable() -> str:
    """dbt from the same environment as the running Python (the project's venv), else PATH's."""
    candidate = Path(sys.executable).parent / "dbt"
    found = str(candidate) if candidate.exists() else shutil.which("dbt")
    if not found:
        raise RuntimeError("dbt is not installed in this environment: pip install -e '.[dev]'")
    return found


def run_dbt(
    args: Sequence[str],
    warehouse: Path,
    work: Path,
    *,
    project_dir: Path = DBT_PROJECT_DIR,
    timeout: int = 900,
) -> subprocess.CompletedProcess[str]:
    """Run `dbt <args>` on `project_dir` against `warehouse` (via PARTNERLEDGER_WAREHOUSE, the
    variable profiles.yml reads); target/ and logs/ go under `work`. Never raises on dbt's exit
    code: pass the result to `dbt_ok` (or inspect it when a failure is what the test wants)."""
    env = {
        **os.environ,
        "PARTNERLEDGER_WAREHOUSE": str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [
        dbt_executable(),
        *args,
        "--profiles-dir",
        str(project_dir),
        "--project-dir",
        str(project_dir),
        "--target-path",
        str(work / "target"),
        "--log-path",
        str(work / "logs"),
    ]
    return subprocess.run(
        cmd, check=False, cwd=project_dir, env=env, capture_output=True, text=True, timeout=timeout
    )


def dbt_ok(result: subprocess.CompletedProcess[str], what: str = "build") -> None:
    """Fail the test when dbt failed, showing the failing nodes first and then the output's tail
    (dbt prints its summary last, so the tail is where the cause is)."""
    if result.returncode != 0:
        failures = [
            ln
            for ln in result.stdout.splitlines()
            if "ERROR" in ln or "FAIL" in ln or "Error" in ln
        ]
        pytest.fail(
            f"dbt {what} failed:\n"
            + "\n".join(failures[-40:])
            + "\n"
            + result.stdout[-4000:]
            + ("\n" + result.stderr[-2000:] if result.stderr else "")
        )


def build_selection(
    warehouse: Path,
    work: Path,
    select: Sequence[str],
    *,
    project_dir: Path = DBT_PROJECT_DIR,
) -> subprocess.CompletedProcess[str]:
    """`dbt build` of `select` with cautious indirect selection, failing the test if it fails.

    Cautious: a data test runs only when all its parents are selected, so a relationships test
    of an unselected model (another domain's) neither fails on a missing table nor slows us down.
    """
    result = run_dbt(
        ["build", "--select", *select, "--indirect-selection", "cautious"],
        warehouse,
        work,
        project_dir=project_dir,
    )
    dbt_ok(result, "build")
    return result
