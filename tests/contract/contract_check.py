"""The output contract (docs/reference/output-contract.md) checked on a built warehouse.

`check(warehouse)` returns the problems it finds, one sentence each; an empty list means the
warehouse keeps the contract:
- the named marts exist with at least the contract's columns (they may have more);
- one statement row per partner, brand and month;
- on every statement row: total = the sum of the payable components,
  revshare = max(0, revshare_gross + carryover_in), and carryover_out = min(0, the same)
  where negative carryover applies (else carryover_out = carryover_in = 0);
- carryover_in = carryover_out of the same partner and brand's previous statement row;
- every component of a statement = the sum of its commission lines (revshare lines sum to
  revshare_gross), both ways: lines without a statement row and statement figures without
  lines are problems;
- every line names a contract component and the deal version that priced it.

The column lists are written out here, not read from the project's vocabulary, on purpose:
they are the promise made to finance exports and the partner portal, and a check that read
them from the implementation could not notice the implementation dropping one.

    python -m tests.contract.contract_check <home>/warehouse.duckdb
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import duckdb

# The payable components, in statement order; `total` is their sum (clawbacks are negative).
COMPONENTS = (
    "cpa",
    "revshare",
    "lot_rebate",
    "spread_share",
    "challenge",
    "challenge_clawback",
    "sub_partner",
    "ib_override",
    "adjustment",
)
STATEMENT_COLUMNS = (
    "partner_id",
    "brand_id",
    "period_month",
    "currency",
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
LINE_COLUMNS = (
    "line_id",
    "partner_id",
    "brand_id",
    "period_month",
    "deal_id",
    "deal_version",
    "component",
    "customer_id",
    "symbol_group",
    "basis_amount",
    "basis_unit",
    "rate",
    "amount",
    "currency",
    "amount_usd",
    "explanation",
)
PAYOUT_COLUMNS = (
    "payout_id",
    "partner_id",
    "period_month",
    "payout_currency",
    "amount",
    "brand_count",
    "route",
    "status",
    "hold_reasons",
    "risk_score",
    "fx_rate_date",
)
TIER_COLUMNS = ("partner_id", "current_tier", "recommended_tier", "reasons")
# Every mart the contract names; the dims and segments have columns of the project's design.
MARTS: dict[str, tuple[str, ...]] = {
    "fct_commission_lines": LINE_COLUMNS,
    "fct_partner_monthly_statement": STATEMENT_COLUMNS,
    "mart_payouts": PAYOUT_COLUMNS,
    "dim_partners": (),
    "dim_brands": (),
    "dim_customers": (),
    "mart_partner_segments": (),
    "mart_tier_recommendations": TIER_COLUMNS,
}
FACTS = ("fct_commission_lines", "fct_partner_monthly_statement")
ZERO = Decimal(0)


def check(warehouse: Path | str, *, not_built: Iterable[str] = ()) -> list[str]:
    """Problems of the warehouse against the output contract (empty: it holds).

    `not_built` names marts the caller deliberately left out of its dbt selection (a test
    that builds only the statement marts); every other contract mart must be there.
    """
    skipped = set(not_built)
    unknown = skipped - set(MARTS)
    if unknown:
        raise ValueError(f"not_built names marts the contract does not: {sorted(unknown)}")
    if skipped & set(FACTS):
        raise ValueError("the statement identities need both fct_ marts: they cannot be skipped")
    with duckdb.connect(str(warehouse), read_only=True) as con:
        facts = _shape_problems(con, FACTS)
        problems = facts + _shape_problems(con, [m for m in MARTS if m not in (*FACTS, *skipped)])
        if facts:  # the identities below read the contract columns of both facts
            return problems
        statements = _statements(con)
        problems += _statement_key_problems(con)
        problems += _identity_problems(statements)
        problems += _carryover_chain_problems(statements)
        problems += _line_problems(con, statements)
    return problems


def _shape_problems(con: duckdb.DuckDBPyConnection, marts: Iterable[str]) -> list[str]:
    problems = []
    for mart in marts:
        required = MARTS[mart]
        have = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ?",
                [mart],
            ).fetchall()
        }
        if not have:
            problems.append(f"marts.{mart} is missing")
            continue
        missing = [c for c in required if c not in have]
        if missing:
            problems.append(f"marts.{mart} lacks the contract columns {', '.join(missing)}")
    return problems


def _statements(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """Statement rows as dicts, money as Decimal (NULL read as 0), oldest month first."""
    cols = ", ".join(STATEMENT_COLUMNS)
    rows = con.execute(
        f"select {cols} from marts.fct_partner_monthly_statement "
        "order by partner_id, brand_id, period_month"
    ).fetchall()
    out = []
    for row in rows:
        d = dict(zip(STATEMENT_COLUMNS, row, strict=True))
        for c in STATEMENT_COLUMNS[4:]:
            d[c] = ZERO if d[c] is None else Decimal(d[c])
        out.append(d)
    return out


def _key(d: dict[str, object]) -> str:
    return f"{d['partner_id']} {d['brand_id']} {str(d['period_month'])[:7]}"


def _statement_key_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    dupes = con.execute(
        "select partner_id, brand_id, period_month, count(*) from marts.fct_partner_monthly_statement "
        "group by all having count(*) > 1 order by all"
    ).fetchall()
    return [
        f"{p} {b} {str(m)[:7]}: {n} statement rows, the contract says one" for p, b, m, n in dupes
    ]


def _identity_problems(statements: list[dict[str, object]]) -> list[str]:
    problems = []
    for d in statements:
        key = _key(d)
        total = sum((d[c] for c in COMPONENTS), ZERO)
        if total != d["total"]:
            problems.append(f"{key}: total {d['total']} is not the sum of its components {total}")
        adjusted = d["revshare_gross"] + d["carryover_in"]
        if d["revshare"] != max(ZERO, adjusted):
            problems.append(
                f"{key}: revshare {d['revshare']} is not max(0, revshare_gross + carryover_in) "
                f"= {max(ZERO, adjusted)}"
            )
        # Without negative carryover a negative month carries nothing: both carry columns 0.
        carries_nothing = d["carryover_in"] == ZERO and d["carryover_out"] == ZERO
        if d["carryover_out"] != min(ZERO, adjusted) and not carries_nothing:
            problems.append(
                f"{key}: carryover_out {d['carryover_out']} is not "
                f"min(0, revshare_gross + carryover_in) = {min(ZERO, adjusted)}"
            )
    return problems


def _carryover_chain_problems(statements: list[dict[str, object]]) -> list[str]:
    problems = []
    previous_out: dict[tuple[object, object], Decimal] = {}
    for d in statements:  # ordered by partner, brand, month
        pair = (d["partner_id"], d["brand_id"])
        expected = previous_out.get(pair, ZERO)
        if d["carryover_in"] != expected:
            problems.append(
                f"{_key(d)}: carryover_in {d['carryover_in']} is not the previous statement's "
                f"carryover_out {expected}"
            )
        previous_out[pair] = d["carryover_out"]
    return problems


def _line_problems(
    con: duckdb.DuckDBPyConnection, statements: list[dict[str, object]]
) -> list[str]:
    problems = []
    outside = con.execute(
        "select component, count(*) from marts.fct_commission_lines "
        f"where component not in ({', '.join('?' for _ in COMPONENTS)}) group by all order by all",
        list(COMPONENTS),
    ).fetchall()
    problems += [f"{n} commission lines of component {c!r}, not a contract one" for c, n in outside]
    (orphans,) = con.execute(
        "select count(*) from marts.fct_commission_lines where deal_id is null or deal_version is null"
    ).fetchone()
    if orphans:
        problems.append(f"{orphans} commission lines name no deal version")

    sums = {
        (p, b, str(m)[:7], c): Decimal(a)
        for p, b, m, c, a in con.execute(
            "select partner_id, brand_id, period_month, component, sum(amount) "
            "from marts.fct_commission_lines group by all"
        ).fetchall()
    }
    stated = {(d["partner_id"], d["brand_id"], str(d["period_month"])[:7]): d for d in statements}
    for p, b, m in sorted({k[:3] for k in sums} - set(stated)):
        problems.append(f"{p} {b} {m}: commission lines but no statement row")
    for (p, b, m), d in stated.items():
        for c in COMPONENTS:
            # revshare lines add up to the gross: the carryover applies at the statement
            column = "revshare_gross" if c == "revshare" else c
            lines = sums.get((p, b, m, c), ZERO)
            if lines != d[column]:
                problems.append(
                    f"{p} {b} {m}: {column} {d[column]} but its {c} lines sum to {lines}"
                )
    return problems


def main(argv: list[str]) -> int:
    problems = check(argv[0])
    for p in problems:
        print(p)
    print(f"contract: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
