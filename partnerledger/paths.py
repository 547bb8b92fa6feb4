"""Where PartnerLedger reads and writes: one answer for the CLI, Dagster, dbt and the app."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
CONFIG_DIR = REPO_ROOT / "config"


def landing_dir(value: str | os.PathLike | None = None) -> Path:
    return Path(value or os.environ.get("PARTNERLEDGER_LANDING") or "data/landing").resolve()


def home_dir(value: str | os.PathLike | None = None) -> Path:
    return Path(value or os.environ.get("PARTNERLEDGER_HOME") or "data/home").resolve()


@dataclass(frozen=True)
class Home:
    """The files of one PartnerLedger home directory."""

    root: Path

    @property
    def warehouse(self) -> Path:  # the build's own file; never opened by the app
        return self.root / "warehouse.duckdb"

    @property
    def serving(self) -> Path:  # validated marts, swapped in atomically after a green build
        return self.root / "serving.duckdb"

    @property
    def ops_store(self) -> Path:  # decisions, period closes, audit chain (append-only)
        return self.root / "ops.sqlite"

    @property
    def amendments(self) -> Path:  # deal amendments of the app, exported for the ingest
        return self.root / "amendments"

    @property
    def reports(self) -> Path:  # data-quality reports of the last validation
        return self.root / "reports"

    def ensure(self) -> Home:
        self.root.mkdir(parents=True, exist_ok=True)
        return self


def home(value: str | os.PathLike | None = None) -> Home:
    return Home(home_dir(value))


def warehouse_env(h: Home) -> dict[str, str]:
    """Environment for dbt (profiles.yml reads PARTNERLEDGER_WAREHOUSE) and its subprocesses."""
    return {"PARTNERLEDGER_WAREHOUSE": str(h.warehouse), "PARTNERLEDGER_HOME": str(h.root)}
