"""Resources: where the warehouse and landing files are, and the dbt command line."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from dagster_project.project import dbt_executable, dbt_project
from partnerledger import paths

# Every asset or check that opens the warehouse runs in this pool; its limit is 1 (set in
# dagster_project/dagster.yaml), so DuckDB's single writer never meets a second process.
DUCKDB_POOL = "duckdb_writer"


class WarehouseResource(dg.ConfigurableResource):
    """The PartnerLedger home (warehouse, serving file, reports) and the landing directory."""

    home_dir: str = ""  # empty: $PARTNERLEDGER_HOME or data/home, read when a run starts
    landing_dir: str = ""  # empty: $PARTNERLEDGER_LANDING or data/landing

    def home(self) -> paths.Home:
        return paths.home(self.home_dir or None).ensure()

    def landing(self) -> Path:
        return paths.landing_dir(self.landing_dir or None)

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        """A short-lived connection; close it (use `with`) before dbt runs: dbt needs the lock."""
        # The checks' queries run in the build's own process, beside dbt's: bounded, they
        # spill rather than push the build past its memory budget (benchmarks/).
        return duckdb.connect(
            str(self.home().warehouse), read_only=read_only, config={"memory_limit": "1GB"}
        )

    def dbt_env(self) -> dict[str, str]:
        """What dbt's profiles.yml reads: the warehouse of this home."""
        return paths.warehouse_env(self.home())

    def check_dbt_env(self) -> None:
        """Fail unless the environment dbt inherits names this home's warehouse.

        dagster-dbt 0.29 starts dbt with this process's environment (DbtCliResource has no env
        of its own), so whoever starts the process sets it: `partnerledger build` starts the
        run in a child process with it, `make dagster` on the command line. Editing
        os.environ here would leak into every later run in the process.
        """
        wrong = {
            key: os.environ.get(key)
            for key, value in self.dbt_env().items()
            if Path(os.environ.get(key) or "").resolve() != Path(value).resolve()
        }
        if wrong:
            raise dg.Failure(
                description=(
                    f"dbt would not build this run's warehouse {self.home().warehouse}: "
                    + ", ".join(f"{k}={v!r}" for k, v in wrong.items())
                    + f" in the environment. Set {paths.warehouse_env(self.home())} before "
                    "starting Dagster (make dagster does), or run `partnerledger build`."
                )
            )


def build_resources(home_dir: str = "", landing_dir: str = "") -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(home_dir=home_dir, landing_dir=landing_dir),
        "dbt": DbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
