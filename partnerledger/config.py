"""Business constants shared by dbt and Python: the `vars:` of dbt/dbt_project.yml.

One place for every threshold; SQL reads them with `var()`, Python through `load_vars()`.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from partnerledger.paths import DBT_PROJECT_DIR


@lru_cache(maxsize=4)
def _load(path: Path, mtime: float) -> dict[str, Any]:
    # mtime is part of the cache key so an edited dbt_project.yml is re-read.
    with path.open(encoding="utf-8") as fh:
        project = yaml.safe_load(fh) or {}
    return dict(project.get("vars") or {})


def load_vars(project_dir: Path = DBT_PROJECT_DIR) -> dict[str, Any]:
    """The `vars:` mapping of the dbt project (a copy: callers may change it)."""
    path = Path(project_dir) / "dbt_project.yml"
    return dict(_load(path, path.stat().st_mtime))


def gate(name: str, project_dir: Path = DBT_PROJECT_DIR) -> Any:
    """One quality-gate threshold; a clear error when the quality-gates block lacks it."""
    values = load_vars(project_dir)
    if name not in values:
        raise KeyError(
            f"dbt/dbt_project.yml vars has no {name!r}: add it to the '# --- quality gates ---' block"
        )
    return values[name]
