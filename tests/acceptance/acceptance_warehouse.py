"""The acceptance warehouse: how it is built (ingestion + dbt) and read by the scenario tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from partnerledger.paths import DBT_PROJECT_DIR, Home


@dataclass(frozen=True)
class Built:
    landing: Path
    warehouse: Path
    runner: str
    returncode: int
    log: str  # the tail of dbt's or the build's output, for failure messages

    def rows(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def statement(self, partner: str, month: str, brand: str | None = None) -> dict[str, object]:
        """The statement row of a partner and month (as a dict); {} when there is none."""
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            cur = con.execute(
                "select * from marts.fct_partner_monthly_statement where partner_id = ? "
                "and period_month = cast(? as date) and (? is null or brand_id = ?)",
                [partner, month, brand, brand],
            )
            names = [d[0] for d in cur.description]
            found = cur.fetchall()
        finally:
            con.close()
        assert len(found) <= 1, f"{partner} {month}: {len(found)} statement rows"
        return dict(zip(names, found[0])) if found else {}

    def lines(
        self, partner: str, month: str | None = None, component: str | None = None
    ) -> list[dict]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            cur = con.execute(
                "select * from marts.fct_commission_lines where partner_id = ? "
                "and (? is null or period_month = cast(? as date)) and (? is null or component = ?) "
                "order by period_month, component, deal_id, deal_version, symbol_group nulls first, "
                "customer_id nulls first, amount",
                [partner, month, month, component, component],
            )
            names = [d[0] for d in cur.description]
            return [dict(zip(names, r)) for r in cur.fetchall()]
        finally:
            con.close()

    def total(self, partner: str, month: str, component: str) -> Decimal:
        """Sum of a partner's lines of one component in a month (0 when none)."""
        return sum((ln["amount"] for ln in self.lines(partner, month, component)), Decimal(0))


def _dbt(args: list[str], warehouse: Path, root: Path) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).with_name("dbt")
    env = {
        **os.environ,
        "PARTNERLEDGER_WAREHOUSE": str(warehouse),
        "PARTNERLEDGER_HOME": str(warehouse.parent),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [
        str(dbt),
        *args,
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(root / "target"),
        "--log-path",
        str(root / "logs"),
    ]
    return subprocess.run(cmd, check=False, env=env, capture_output=True, text=True, timeout=900)


def dbt_build(landing: Path, home: Home, root: Path) -> tuple[int, str]:
    """Ingest the landing directory's new files, then dbt build; (exit code, log tail)."""
    from ingestion.load import ingest_landing

    home.ensure()
    ingest_landing(landing, home.warehouse)
    result = _dbt(
        ["build", "--exclude", "tag:payouts", "--exclude-resource-type", "unit_test"],
        home.warehouse,
        root,
    )
    failures = [
        ln
        for ln in result.stdout.splitlines()
        if " ERROR " in ln or " FAIL " in ln or "Error" in ln
    ]
    log = "\n".join(failures[-40:]) + "\n" + result.stdout[-3000:]
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        marts = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts' "
            "and table_name in ('fct_commission_lines', 'fct_partner_monthly_statement')"
        ).fetchone()[0]
    if marts != 2:
        pytest.fail("the build did not produce the statement marts:\n" + log)
    return result.returncode, log


AMOUNT_COLUMNS = (
    "cpa",
    "revshare_gross",
    "carryover_in",
    "carryover_out",
    "revshare",
    "lot_rebate",
    "spread_share",
    "challenge",
    "challenge_clawback",
    "sub_partner",
    "ib_override",
    "adjustment",
    "total",
)


def assert_statement(
    built: Built,
    partner: str,
    month: str,
    *,
    brand: str | None = None,
    currency: str | None = None,
    **expected: str,
) -> None:
    """The statement row equals `expected` (hand-worked, as decimal strings); every amount column
    not named must be exactly 0 (nothing leaks into another component)."""
    row = built.statement(partner, month, brand)
    assert row, f"no statement row for {partner} {brand or ''} {month}"
    if currency:
        assert row["currency"] == currency, (partner, month, row["currency"])
    got = {c: row[c] for c in AMOUNT_COLUMNS}
    want = {c: Decimal(expected.get(c, "0")) for c in AMOUNT_COLUMNS}
    assert got == want, f"{partner} {month}: differs at " + ", ".join(
        f"{c}: got {got[c]} want {want[c]}" for c in AMOUNT_COLUMNS if got[c] != want[c]
    )
