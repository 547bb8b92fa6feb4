"""Input that ingestion must refuse or quarantine rather than trust (issue 11's attacks).

Each test lands the smallest file that shows the attack and checks the outcome, and that
every row read is either loaded or quarantined (reconcile).
"""

from __future__ import annotations

import duckdb

from ingestion.load import reconcile


def _reconciles(landing) -> None:
    with duckdb.connect(str(landing.warehouse), read_only=True) as con:
        assert reconcile(con) == []


def test_a_repeated_header_column_refuses_the_file(landing):
    # DuckDB would read the second `amount` as `amount_1` (into _extra) and load the first.
    landing.write(
        "brand/payments.csv",
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at,AMOUNT\n"
        "T1,C1,B-1,deposit,approved,10,EUR,2026-03-01,9999\n",
    )
    landing.write(
        "ops/fx_rates.csv.gz", "rate_date,currency,usd_per_unit,usd_per_unit\n2026-03-01,EUR,1,2\n"
    )
    report = landing.ingest()
    assert [(f.path, f.status, f.rows_read) for f in report.files] == [
        ("brand/payments.csv", "rejected", 0),
        ("ops/fx_rates.csv.gz", "rejected", 0),
    ]
    assert report.by_entity()["payments"].files_rejected == 1
    assert landing.reasons("brand/payments.csv") == {
        None: "duplicate column in the header: AMOUNT (columns 6 and 9); "
        "a file must name each column once (rename or drop the copy)"
    }
    assert "usd_per_unit (columns 3 and 4)" in landing.reasons("ops/fx_rates.csv.gz")[None]
    assert landing.query("select count(*) from raw.payments") == [(0,)]
    _reconciles(landing)
