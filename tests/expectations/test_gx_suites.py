"""Each GX suite passes a good frame and fails a bad one (pure GX on pandas, no warehouse)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import duckdb
import pandas as pd

from expectations.runner import validate, write_index
from expectations.suites import (
    attribution,
    commission_lines,
    future_events,
    lots,
    month_jump,
    quarantine_share,
    staging_reconciliation,
)
from partnerledger import vocabulary


def _line(**over):
    row = {
        "line_id": "L1",
        "partner_id": "P-1",
        "brand_id": "B-1",
        "period_month": "2026-03-01",
        "deal_id": "D-1",
        "deal_version": 1,
        "component": "cpa",
        "currency": "EUR",
        "amount": D("100.00"),
        "amount_usd": D("110.00"),
    }
    row.update(over)
    return row


def test_commission_lines_suite_passes_complete_lines():
    df = pd.DataFrame([_line(), _line(line_id="L2", component="revshare")])
    outcome = validate("commission_lines", commission_lines.build_commission_lines_suite(), df)
    assert outcome.success, outcome.summary()


def test_commission_lines_suite_fails_a_line_without_fx_and_names_it(tmp_path: Path):
    df = pd.DataFrame(
        [_line(), _line(line_id="L2", amount_usd=None), _line(line_id="L3", component="bonus")]
    )
    outcome = validate(
        "commission_lines", commission_lines.build_commission_lines_suite(), df, tmp_path
    )
    assert not outcome.success
    failed = {(f.expectation, f.column) for f in outcome.failed}
    assert ("expect_column_values_to_not_be_null", "amount_usd") in failed
    assert ("expect_column_values_to_be_in_set", "component") in failed
    no_fx = next(f for f in outcome.failed if f.column == "amount_usd")
    assert no_fx.examples[0]["line_id"] == "L2" and "FX" in no_fx.rule
    assert (tmp_path / "commission_lines.json").exists() and (
        tmp_path / "commission_lines.html"
    ).exists()
    assert "commission_lines" in write_index(tmp_path).read_text(encoding="utf-8")


def test_commission_lines_suite_accepts_every_component_of_the_vocabulary():
    # the set is dbt_project.yml's commission_components, read through partnerledger.vocabulary
    names = vocabulary.component_names()
    df = pd.DataFrame([_line(line_id=f"L{i}", component=c) for i, c in enumerate(names)])
    outcome = validate("commission_lines", commission_lines.build_commission_lines_suite(), df)
    assert outcome.success, outcome.summary()


def _dim_customers(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema marts")
    con.execute(
        "create table marts.dim_customers (customer_id varchar, brand_id varchar, partner_id varchar)"
    )


def test_attribution_suite_reads_dim_customers_and_fails_a_customer_with_two_partners():
    with duckdb.connect() as con:
        _dim_customers(con)
        con.execute(
            "insert into marts.dim_customers values ('C1','B1','P1'), ('C2','B1',null), ('C3','B1','P1')"
        )
        good = attribution.frame(con)
        con.execute("insert into marts.dim_customers values ('C3','B1','P2')")
        bad = attribution.frame(con)
    assert validate("attribution", attribution.build_attribution_suite(), good).success
    outcome = validate("attribution", attribution.build_attribution_suite(), bad)
    assert not outcome.success
    assert {e["customer_id"] for f in outcome.failed for e in f.examples} == {"C3"}


def test_lots_suite_fails_negative_and_absurd_lots():
    good = pd.DataFrame({"lots": [D(0), D("2.5")]})
    bad = pd.DataFrame({"lots": [D(-1), D("2.5"), D(5000000)]})
    assert validate("lots", lots.build_lots_suite(1_000_000), good).success
    outcome = validate("lots", lots.build_lots_suite(1_000_000), bad)
    assert outcome.failed[0].unexpected_count == 2


def test_month_jump_suite_flags_an_unexplained_jump_only():
    with duckdb.connect() as con:
        con.execute("create schema marts")
        # Feb 100 -> Mar 5,000 is 50x (> 20x) and >= 1,000 with no adjustment: flagged.
        # Apr 100 -> May 3,000 is 30x but carries an adjustment: explained.
        # May 3,000 -> Jul 2.84 -> Aug 1,074.66 is 378x, but 2.84 < 50 is a ramp-up base: not judged.
        # Aug 1,074.66 -> Sep 25,000 is 23.3x over a base >= 50: flagged.
        con.execute("""create table marts.fct_partner_monthly_statement as select * from (values
            ('P1','B1',date '2026-02-01','EUR',100.00,0.00), ('P1','B1',date '2026-03-01','EUR',5000.00,0.00),
            ('P1','B1',date '2026-04-01','EUR',100.00,0.00), ('P1','B1',date '2026-05-01','EUR',3000.00,500.00),
            ('P1','B1',date '2026-07-01','EUR',2.84,0.00), ('P1','B1',date '2026-08-01','EUR',1074.66,0.00),
            ('P1','B1',date '2026-09-01','EUR',25000.00,0.00)
            ) t(partner_id, brand_id, period_month, currency, total, adjustment)""")
        df = month_jump.frame(con, 1000, 50)
    outcome = validate("month_jump", month_jump.build_month_jump_suite(20), df)
    assert not outcome.success
    assert [e["period_month"][:10] for e in outcome.failed[0].examples] == [
        "2026-03-01",
        "2026-09-01",
    ]
    assert validate("month_jump", month_jump.build_month_jump_suite(60), df).success


def test_future_events_suite_fails_an_event_after_today():
    from datetime import date

    with duckdb.connect() as con:
        con.execute("create schema staging")
        # every staging model the gate reads, each with its event column; one event each
        # on 2026-03-01 except a payment on 2026-09-01
        for model, column in future_events.EVENT_COLUMNS.items():
            con.execute(
                f"create table staging.{model} as select timestamp '2026-03-01 10:00:00' as {column}"
            )
        con.execute("insert into staging.stg_brand__payments values ('2026-09-01 10:00:00')")
        late = future_events.frame(con, date(2026, 12, 31))
        early = future_events.frame(con, date(2026, 6, 30))
    assert validate("future_events", future_events.build_future_events_suite(), late).success
    outcome = validate("future_events", future_events.build_future_events_suite(), early)
    (example,) = outcome.failed[0].examples
    assert example["relation"] == "staging.stg_brand__payments"
    assert example["last_event_date"] == "2026-09-01"


def test_quarantine_share_suite_fails_a_mostly_bad_feed():
    df = pd.DataFrame({"entity": ["clicks", "payments"], "quarantine_share": [0.01, 0.5]})
    outcome = validate("quarantine_share", quarantine_share.build_quarantine_share_suite(0.05), df)
    assert [e["entity"] for e in outcome.failed[0].examples] == ["payments"]


def test_staging_reconciliation_counts_duplicates_as_explained():
    with duckdb.connect() as con:
        con.execute("create schema raw; create schema staging")
        con.execute("create table raw.clicks (click_id varchar)")
        con.execute("insert into raw.clicks values ('K1'), ('K1'), ('K2')")  # 3 rows, 1 duplicate
        con.execute(
            "create table staging.good as select distinct click_id from raw.clicks"
        )  # 2 rows
        con.execute("create table staging.lossy as select 'K1' as click_id")  # loses K2
        good = staging_reconciliation.frame(con, "clicks", "staging.good")
        bad = staging_reconciliation.frame(con, "clicks", "staging.lossy")
    suite = staging_reconciliation.build_staging_reconciliation_suite
    assert validate("r", suite(), good).success
    outcome = validate("r", suite(), bad)
    assert outcome.failed[0].examples[0]["unexplained_rows"] == 1  # 3 - 1 duplicate - 1 staged
