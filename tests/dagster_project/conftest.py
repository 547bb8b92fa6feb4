"""Shared set-up of the orchestration tests: a parsed dbt manifest and a fixed "today"."""

from __future__ import annotations

import os

import pytest

from partnerledger import paths

# The hand-written landing data is dated March-April 2026; "today" is fixed so the
# no-future-events gate judges it the same way on any day the tests run.
TODAY = "2026-06-30"


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest(tmp_path_factory: pytest.TempPathFactory):
    """`dbt parse` once per session (the manifest is never produced at import time)."""
    home = paths.Home(tmp_path_factory.mktemp("parse_home"))
    os.environ.setdefault("PARTNERLEDGER_HOME", str(home.root))
    os.environ.setdefault("PARTNERLEDGER_WAREHOUSE", str(home.warehouse))
    os.environ["PARTNERLEDGER_TODAY"] = TODAY
    from dagster_project.project import ensure_manifest

    return ensure_manifest()
