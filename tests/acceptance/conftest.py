"""One real build of the acceptance landing directory (tests/acceptance/acceptance_landing.py) per session.

The real pipeline: `ingestion.load.ingest_landing`, then `dbt build` of every model except the
payout marts (tag:payouts) and dbt's own unit tests (they test the SQL, not our data; skipping
them halves the build). The scenario warehouse is built in two drops (the edge files arrive
second: incremental ingestion); `scratch` builds the full directory once more from nothing.
Both are built once per session for all xdist workers (tests.support.shared_build).
Set PARTNERLEDGER_ACCEPTANCE_RUNNER=build to go through `dagster_project.run.run_build` instead
(ingestion + dbt + checks + publish via Dagster; slower).

No __init__.py here on purpose: pytest then puts this folder (not tests/) on sys.path, and
tests/dbt/__init__.py cannot shadow the real `dbt` package that Dagster imports in-process.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from acceptance_landing import write_edges, write_landing
from acceptance_warehouse import Built, dbt_build

from partnerledger.paths import Home
from tests.support.shared_build import built_once


def _built(root: Path) -> dict:
    landing, home = root / "landing", Home(root / "home")
    runner = os.environ.get("PARTNERLEDGER_ACCEPTANCE_RUNNER", "dbt")
    if runner == "build":
        from dagster_project.run import run_build

        out: list[str] = []
        write_landing(landing, edges=False)
        first = run_build(landing, home, progress=out.append)
        write_edges(landing)
        code = run_build(landing, home, progress=out.append)
        return {"runner": runner, "code": first or code, "log": "\n".join(out)[-6000:]}
    write_landing(landing, edges=False)
    first, log1 = dbt_build(landing, home, root)
    write_edges(landing)
    code, log2 = dbt_build(landing, home, root)
    return {"runner": runner, "code": first or code, "log": log1 if first else log2}


def _scratch(root: Path) -> dict:
    write_landing(root / "landing")
    code, log = dbt_build(root / "landing", Home(root / "home"), root)
    return {"runner": "dbt", "code": code, "log": log}


def _shared(tmp_path_factory: pytest.TempPathFactory, name: str, build) -> Built:
    # every acceptance file reads these builds and none writes them: one build for all workers
    root, facts = built_once(tmp_path_factory, name, build)
    return Built(
        root / "landing",
        Home(root / "home").warehouse,
        facts["runner"],
        facts["code"],
        facts["log"],
    )


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The warehouse every scenario test reads: a first drop (without the edge files) built, then the
    edge files arrive and the same home is built again (incremental ingestion)."""
    runner = os.environ.get("PARTNERLEDGER_ACCEPTANCE_RUNNER", "dbt")
    return _shared(tmp_path_factory, f"acceptance-{runner}", _built)


@pytest.fixture(scope="session")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The same full landing directory built once from scratch (for the incremental comparison)."""
    return _shared(tmp_path_factory, "acceptance-scratch", _scratch)
