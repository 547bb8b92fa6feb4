"""A home directory with a published serving.duckdb, written with the marts' own columns.

The serving file is a real DuckDB file holding the three published marts the ops store reads;
its rows are chosen by hand (not built), so each test knows every figure.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingestion.load import ingest_landing
from partnerledger import ops_store
from partnerledger.vocabulary import commission_line_types
from tests.payouts import risk_landing
from tests.support.dbt_runner import dbt_ok, run_dbt
from tests.support.shared_build import built_once


def write_serving(home: Path) -> Path:
    serving = home / "serving.duckdb"
    con = duckdb.connect(str(serving))
    con.execute("create schema marts")
    cols = ", ".join(f"{c} {t}" for c, t in commission_line_types().items())
    con.execute(f"create table marts.fct_commission_lines ({cols})")
    # CPA 150 EUR for C1 in May; revshare 25% of 1000 EUR NGR = 250 EUR for P2 in May.
    con.execute(
        """insert into marts.fct_commission_lines values
        ('L1', 'P1', 'B1', date '2026-05-01', 'D1', 1, 'cpa', 'C1', null, 1, 'customer', 150, 150.00,
         'EUR', 165.00, 'CPA for C1', 1, 'customers C1'),
        ('L2', 'P2', 'B1', date '2026-05-01', 'D2', 1, 'revshare', null, null, 1000, 'NGR EUR', 0.25,
         250.00, 'EUR', 275.00, '25% of 1000 NGR', 3, 'casino_activity 2026-05'),
        ('L3', 'P1', 'B1', date '2026-06-01', 'D1', 1, 'cpa', 'C2', null, 1, 'customer', 150, 150.00,
         'EUR', 165.00, 'CPA for C2', 1, 'customers C2')"""
    )
    con.execute(
        """create table marts.fct_partner_monthly_statement as
        select * from (values
            ('P1', 'B1', date '2026-05-01', 'EUR', cast(150.00 as decimal(18,2))),
            ('P2', 'B1', date '2026-05-01', 'EUR', cast(250.00 as decimal(18,2))),
            ('P1', 'B1', date '2026-06-01', 'EUR', cast(150.00 as decimal(18,2)))
        ) as t(partner_id, brand_id, period_month, currency, total)"""
    )
    # status_after_<action>: what the build's rule (macro payout_status_after) gives each
    # payout after that decision; P3 has nothing payable (a release leaves it below_threshold),
    # P4 an open signal (a release frees it). No decision was mirrored: seen through seq 0.
    con.execute(
        """create table marts.mart_payouts as
        select * from (values
            ('PO-P1-2026-05', 'P1', date '2026-05-01', 'EUR', cast(150.00 as decimal(18,2)), 1, 'auto', 'pending', null, 0, date '2026-05-29', cast(0 as decimal(18,2)),
             'approved', 'rejected', 'held', 'pending', 0),
            ('PO-P2-2026-05', 'P2', date '2026-05-01', 'EUR', cast(12000.00 as decimal(18,2)), 1, 'finance', 'pending', null, 0, date '2026-05-29', cast(0 as decimal(18,2)),
             'approved', 'rejected', 'held', 'pending', 0),
            ('PO-P3-2026-05', 'P3', date '2026-05-01', 'EUR', cast(0 as decimal(18,2)), 1, 'auto', 'below_threshold', null, 0, date '2026-05-29', cast(40.00 as decimal(18,2)),
             'approved', 'rejected', 'held', 'below_threshold', 0),
            ('PO-P4-2026-05', 'P4', date '2026-05-01', 'EUR', cast(2000.00 as decimal(18,2)), 1, 'manager', 'held', 'ip_cluster (1)', 50, date '2026-05-29', cast(0 as decimal(18,2)),
             'approved', 'rejected', 'held', 'pending', 0),
            ('PO-P5-2026-05', 'P5', date '2026-05-01', 'EUR', cast(300.00 as decimal(18,2)), 1, 'auto', 'pending', null, 0, date '2026-05-29', cast(0 as decimal(18,2)),
             'approved', 'rejected', 'held', 'pending', 0),
            ('PO-P1-2026-06', 'P1', date '2026-06-01', 'EUR', cast(150.00 as decimal(18,2)), 1, 'auto', 'pending', null, 0, date '2026-06-30', cast(0 as decimal(18,2)),
             'approved', 'rejected', 'held', 'pending', 0)
        ) as t(payout_id, partner_id, period_month, payout_currency, amount, brand_count, route,
               status, hold_reasons, risk_score, fx_rate_date, carried_out,
               status_after_approve, status_after_reject, status_after_hold, status_after_release,
               decisions_seen_through_seq)"""
    )
    con.close()
    return serving


@pytest.fixture()
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    write_serving(h)
    return h


def build(landing: Path, home: Path, root: Path) -> None:
    """Ingest (incremental), mirror the ops store like the build does, dbt run up to mart_payouts."""
    wh = home / "warehouse.duckdb"
    ingest_landing(landing, wh)
    con = duckdb.connect(str(wh))
    ops_store.mirror_to_warehouse(home, con)
    con.close()
    dbt_ok(run_dbt(["run", "--select", "+mart_payouts"], wh, root), "run")


@dataclass(frozen=True)
class Pipeline:
    phase1: Path  # warehouse built from risk_landing (no ops store yet)
    home: Path  # after: publish, approve PO-PC-2026-04, close April, late April file, rebuild


def _build_pipeline(root: Path) -> dict:
    landing, home = root / "landing", root / "home"
    home.mkdir()
    risk_landing.write_landing(landing)
    build(landing, home, root)
    # the data tests of this domain's models (their unit tests run in dbt's own test step)
    dbt_ok(
        run_dbt(
            [
                "test",
                "--select",
                "mart_payouts",
                "path:models/intermediate/risk",
                "--exclude",
                "test_type:unit",
            ],
            home / "warehouse.duckdb",
            root,
        ),
        "test",
    )
    shutil.copy(home / "warehouse.duckdb", root / "phase1.duckdb")
    shutil.copy(home / "warehouse.duckdb", home / "serving.duckdb")  # publish
    ops_store.record_decision(home, "ann", "manager", "approve", ["PO-PC-2026-04"], "April ok")
    ops_store.close_period(home, "2026-04", "cfo", "April signed off")
    # A late file for closed April: PC's C1 stakes 400, payouts 0 on 20 April -> NGR 400 ->
    # revshare 25% = 100.00 EUR, which must land as an adjustment in May (first open month).
    risk_landing.write_late_file(landing)
    build(landing, home, root)
    return {}


@pytest.fixture(scope="session")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    # the two files reading it only read (DuckDB read-only, the ops store's SQLite read): one
    # build for all workers
    root, _ = built_once(tmp_path_factory, "payouts_pipeline", _build_pipeline)
    return Pipeline(phase1=root / "phase1.duckdb", home=root / "home")
