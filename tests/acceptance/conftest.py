"""One real build of the acceptance landing directory (tests/acceptance/acceptance_landing.py) per session.

The real pipeline: `ingestion.load.ingest_landing`, then `dbt build` of every model except the
payout marts (tag:payouts) and dbt's own unit tests (they test the SQL, not our data; skipping
them halves the build). The scenario warehouse is built in two drops (the edge files arrive
second: incremental ingestion); `scratch` builds the full directory once more from nothing.
Set PARTNERLEDGER_ACCEPTANCE_RUNNER=build to go through `dagster_project.run.run_build` instead
(ingestion + dbt + checks + publish via Dagster; slower).

No __init__.py here on purpose: pytest then puts this folder (not tests/) on sys.path, and
tests/dbt/__init__.py cannot shadow the real `dbt` package that Dagster imports in-process.
"""

from __future__ import annotations

import os

import pytest
from acceptance_landing import write_edges, write_landing
from acceptance_warehouse import Built, dbt_build

from partnerledger.paths import Home


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The warehouse every scenario test reads: a first drop (without the edge files) built, then the
    edge files arrive and the same home is built again (incremental ingestion)."""
    root = tmp_path_factory.mktemp("acceptance")
    landing, home = root / "landing", Home(root / "home")
    runner = os.environ.get("PARTNERLEDGER_ACCEPTANCE_RUNNER", "dbt")
    if runner == "build":
        from dagster_project.run import run_build

        out: list[str] = []
        write_landing(landing, edges=False)
        first = run_build(landing, home, progress=out.append)
        write_edges(landing)
        code = run_build(landing, home, progress=out.append)
        return Built(landing, home.warehouse, runner, first or code, "\n".join(out)[-6000:])
    write_landing(landing, edges=False)
    first, log1 = dbt_build(landing, home, root)
    write_edges(landing)
    code, log2 = dbt_build(landing, home, root)
    return Built(landing, home.warehouse, runner, first or code, log1 if first else log2)


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same full landing directory built once from scratch (for the incremental comparison)."""
    root = tmp_path_factory.mktemp("acceptance_scratch")
    landing, home = root / "landing", Home(root / "home")
    write_landing(landing)
    code, log = dbt_build(landing, home, root)
    return Built(landing, home.warehouse, "dbt", code, log)
