"""Every format of LANDING.md lands the same typed rows; booleans, timestamps, defaults, extras."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest

CSV = (
    "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
    "T1,C1,B-CASINO,deposit,approved,100.10,EUR,2026-03-01T10:00:00Z\n"
    "T2,C2,B-CASINO,withdrawal,declined,0.1,GBP,2026-03-02 11:30:00\n"
)
ROWS = [
    {"transaction_id": "T1", "customer_id": "C1", "brand_id": "B-CASINO", "kind": "deposit",
     "status": "approved", "amount": 100.10, "currency": "EUR", "occurred_at": "2026-03-01T10:00:00Z"},
    {"transaction_id": "T2", "customer_id": "C2", "brand_id": "B-CASINO", "kind": "withdrawal",
     "status": "declined", "amount": 0.1, "currency": "GBP", "occurred_at": "2026-03-02 11:30:00"},
]  # fmt: skip
EXPECTED = [
    ("T1", Decimal("100.10"), datetime(2026, 3, 1, 10, 0)),
    ("T2", Decimal("0.1"), datetime(2026, 3, 2, 11, 30)),
]


def _jsonl(rows) -> str:
    return "".join(json.dumps(r) + "\n" for r in rows)


@pytest.mark.parametrize(
    "name, content, first_line",
    [
        ("payments.csv", CSV, 2),  # header = line 1
        ("payments_2026.csv.gz", CSV, 2),
        ("payments.jsonl", _jsonl(ROWS), 1),  # the line of the JSON object
        ("payments-part-1.ndjson", _jsonl(ROWS), 1),
    ],
)
def test_text_formats_load_the_same_rows(landing, name, content, first_line):
    landing.write(f"brand/{name}", content)
    (f,) = landing.ingest().files
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 2, 2, 0)
    assert (
        landing.query("select transaction_id, amount, occurred_at from raw.payments order by 1")
        == EXPECTED
    )
    assert landing.query("select _line_number from raw.payments order by 1") == [
        (first_line,),
        (first_line + 1,),
    ]


def test_parquet_loads_with_record_numbers(landing):
    path = landing.root / "brand" / "payments.parquet"
    path.parent.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(
            f"""copy (select * from (values
                   ('T1', 'C1', 'B-CASINO', 'deposit', 'approved', 100.10::decimal(18,2), 'EUR',
                    timestamp '2026-03-01 10:00:00'),
                   ('T2', 'C2', 'B-CASINO', 'withdrawal', 'declined', 0.10::decimal(18,2), 'GBP',
                    timestamp '2026-03-02 11:30:00'))
                 t(transaction_id, customer_id, brand_id, kind, status, amount, currency, occurred_at))
                to '{path}' (format parquet)"""
        )
    (f,) = landing.ingest().files
    assert (f.status, f.rows_loaded) == ("loaded", 2)
    assert landing.query(
        "select transaction_id, amount, occurred_at, _line_number from raw.payments order by 1"
    ) == [
        ("T1", Decimal("100.10"), datetime(2026, 3, 1, 10, 0), 1),
        ("T2", Decimal("0.10"), datetime(2026, 3, 2, 11, 30), 2),
    ]


def test_timestamps_with_offsets_are_stored_in_utc(landing):
    landing.write(
        "tracking/clicks.csv",
        "click_id,partner_id,brand_id,clicked_at\n"
        "K1,P-1,B-1,2026-03-01T10:00:00+02:00\n"  # 10:00 at +02 = 08:00 UTC
        "K2,P-1,B-1,2026-03-01T10:00:00-05:00\n"  # 10:00 at -05 = 15:00 UTC
        "K3,P-1,B-1,2026-03-01T23:30:00Z\n"
        "K4,P-1,B-1,2026-03-01 10:00:00\n"  # no offset = UTC
        "K5,P-1,B-1,2026-03-01T10:00:00.250+01:00\n",  # 09:00:00.250 UTC
    )
    landing.ingest()
    assert landing.query("select click_id, clicked_at from raw.clicks order by 1") == [
        ("K1", datetime(2026, 3, 1, 8, 0)),
        ("K2", datetime(2026, 3, 1, 15, 0)),
        ("K3", datetime(2026, 3, 1, 23, 30)),
        ("K4", datetime(2026, 3, 1, 10, 0)),
        ("K5", datetime(2026, 3, 1, 9, 0, 0, 250000)),
    ]


def test_booleans_in_any_spelling_and_defaults(landing):
    landing.write(
        "brand/customers.csv",
        "customer_id,brand_id,registered_at,is_test,kyc_status\n"
        "C1,B-1,2026-03-01,TRUE,verified\n"
        "C2,B-1,2026-03-01,no,\n"  # empty kyc_status -> default none
        "C3,B-1,2026-03-01,Yes,pending\n"
        "C4,B-1,2026-03-01,0,none\n"
        "C5,B-1,2026-03-01,,none\n",  # empty is_test -> default false
    )
    landing.write("ops/ngr_rules.csv", "brand_id\nB-1\n")  # every optional column absent
    landing.ingest()
    assert landing.query(
        "select customer_id, is_test, kyc_status from raw.customers order by 1"
    ) == [
        ("C1", True, "verified"),
        ("C2", False, "none"),
        ("C3", True, "pending"),
        ("C4", False, "none"),
        ("C5", False, "none"),
    ]
    assert landing.query(
        "select admin_fee_rate, deduct_bonuses, deduct_jackpot, deduct_tax, deduct_chargebacks from raw.ngr_rules"
    ) == [(Decimal(0), True, True, True, True)]


def test_column_names_match_case_insensitively_and_extras_are_kept(landing):
    landing.write(
        "ops/fx_rates.csv",
        "RATE_DATE,Currency,USD_per_unit,Source,note\n2026-03-01,EUR,1.08,ECB,\n",
    )
    landing.ingest()
    ((rate_date, currency, usd, extra),) = landing.query(
        "select rate_date, currency, usd_per_unit, _extra from raw.fx_rates"
    )
    assert (rate_date, currency, usd) == (date(2026, 3, 1), "EUR", Decimal("1.08"))
    assert json.loads(extra) == {"Source": "ECB", "note": None}


def test_no_extra_columns_means_null_extra(landing):
    landing.write("ops/fx_rates.csv", "rate_date,currency,usd_per_unit\n2026-03-01,EUR,1.08\n")
    landing.ingest()
    assert landing.query("select _extra from raw.fx_rates") == [(None,)]


def test_lineage_columns(landing):
    landing.write(
        "ops/fx_rates/2026/fx_rates_03.csv",
        "rate_date,currency,usd_per_unit\n2026-03-01,EUR,1.08\n",
    )
    report = landing.ingest()
    assert landing.query("select _source_file, _line_number, _load_id from raw.fx_rates") == [
        ("ops/fx_rates/2026/fx_rates_03.csv", 2, report.load_id)
    ]


def test_line_numbers_follow_the_file_when_duckdb_reads_in_parallel(landing):
    # 300,000 rows (~12 MB) span several of DuckDB's CSV buffers, read by both threads; row i
    # (0-based) sits on line i + 2 and carries click id K<i>.
    path = landing.root / "tracking" / "clicks.csv"
    path.parent.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(
            f"""copy (select 'K' || i as click_id, 'P-1' as partner_id, 'B-1' as brand_id,
                       '2026-03-01 10:00:00' as clicked_at, repeat('x', 10) as user_agent
                from range(300000) t(i)) to '{path}' (header)"""
        )
    (f,) = landing.ingest().files
    assert f.rows_loaded == 300_000
    assert landing.query(
        "select count(*) from raw.clicks where _line_number <> cast(substr(click_id, 2) as bigint) + 2"
    ) == [(0,)]
