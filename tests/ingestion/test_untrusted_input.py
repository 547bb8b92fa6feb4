"""Input that ingestion must refuse or quarantine rather than trust (issue 11's attacks).

Each test lands the smallest file that shows the attack and checks the outcome, and that
every row read is either loaded or quarantined (reconcile).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import duckdb
import pytest

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


DEAL = (
    "- deal_id: D-1\n  version: 2\n  partner_id: P-1\n  effective_from: 2026-01-01\n"
    "  currency: EUR\n  terms:\n    cpa: {{amount: {cpa}}}\n"
    "    revshare: {{tiers: [{{from: 0, rate: {rate}}}]}}\n"
)


def test_a_deal_version_once_loaded_never_changes(landing):
    landing.write("ops/deals_1.yaml", DEAL.format(cpa=50, rate=0.25))
    landing.ingest()
    # Re-sent in a later drop: the same terms (no-op), then CPA 5000, then another tier rate.
    landing.write("ops/deals_2.yaml", DEAL.format(cpa="50.00", rate=0.25) + "  reason: again\n")
    landing.write("ops/deals_3.yaml", DEAL.format(cpa=5000, rate=0.25))
    landing.write(
        "ops/deals_4.csv",
        "deal_id,version,partner_id,effective_from,currency,terms\n"
        'D-1,2,P-1,2026-01-01,EUR,"{""cpa"": {""amount"": 50}, ""revshare"": '
        '{""tiers"": [{""from"": 0, ""rate"": 0.3}]}}"\n',
    )
    report = landing.ingest()
    new = [f for f in report.files if f.status != "skipped_duplicate"]
    assert [(f.path, f.rows_read, f.rows_loaded, f.rows_quarantined) for f in new] == [
        ("ops/deals_2.yaml", 1, 1, 0),
        ("ops/deals_3.yaml", 1, 0, 1),
        ("ops/deals_4.csv", 1, 0, 1),
    ]
    expected = (
        "deal version already exists with other terms; send a new version "
        "(D-1 v2 was loaded from ops/deals_2.yaml line 1)"
    )  # the latest accepted copy is named: the one staging prices with
    assert landing.reasons("ops/deals_3.yaml") == {1: expected}
    assert landing.reasons("ops/deals_4.csv") == {2: expected}
    # Every copy left in raw prices alike: CPA 50, one band at 25 %.
    assert landing.query("select distinct cpa_amount from raw.deals") == [(Decimal(50),)]
    assert landing.query("select distinct rate, count(*) from raw.deal_tiers group by 1") == [
        (Decimal("0.25"), 2)
    ]
    _reconciles(landing)


def test_two_copies_of_one_version_in_one_drop_the_first_path_establishes_it(landing):
    landing.write("ops/deals_a.yaml", DEAL.format(cpa=50, rate=0.25))
    landing.write("ops/deals_b.yaml", DEAL.format(cpa=60, rate=0.25))
    report = landing.ingest()
    assert [(f.path, f.rows_loaded, f.rows_quarantined) for f in report.files] == [
        ("ops/deals_a.yaml", 1, 0),
        ("ops/deals_b.yaml", 0, 1),
    ]
    _reconciles(landing)


FX = "rate_date,currency,usd_per_unit\n"


def test_an_fx_rate_for_a_day_that_has_one_is_refused_unless_it_is_a_correction(landing):
    landing.write("ops/fx_rates_1.csv", FX + "2026-09-16,EUR,1.08\n2026-09-17,EUR,1.09\n")
    landing.ingest()
    landing.write(
        "ops/fx_rates_2.csv",
        FX
        + "2026-09-17,EUR,5.000000\n"  # line 2: the day has 1.09
        + "2026-09-17,EUR,1.090000\n"  # line 3: the same rate again, a no-op
        + "2026-09-18,EUR,1.10\n"  # line 4: +0.9 % on 1.09
        + "2026-09-19,EUR,2.00\n"  # line 5: +81.8 % on 1.10, above the 25 % bound
        + "2026-09-20,EUR,1.11\n",  # line 6: +0.9 % on 1.10 (the refused 2.00 is no reference)
    )
    report = landing.ingest()
    (f,) = [f for f in report.files if f.path == "ops/fx_rates_2.csv"]
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (5, 3, 2)
    reasons = landing.reasons("ops/fx_rates_2.csv")
    assert reasons == {
        2: "usd_per_unit: 5 conflicts with 1.09 already loaded for 2026-09-17 EUR "
        "(ops/fx_rates_1.csv line 3); put the file under ops/corrections/ if it corrects that rate",
        5: "usd_per_unit: 2 for 2026-09-19 EUR moves 81.8% from 1.1 on 2026-09-18, above the "
        "bound of 25% a day (fx_rates.max_day_change); put the file under ops/corrections/ "
        "if the rate is right",
    }
    # A correction replaces the day's rate; a plain re-send of the old rate is then refused.
    landing.write("ops/corrections/fx_rates_fix.csv", FX + "2026-09-17,EUR,1.095\n")
    landing.write("ops/fx_rates_3.csv", FX + "2026-09-17,EUR,1.09\n")
    report = landing.ingest()
    new = [f for f in report.files if f.status != "skipped_duplicate"]
    assert [(f.path, f.rows_loaded, f.rows_quarantined) for f in new] == [
        ("ops/corrections/fx_rates_fix.csv", 1, 0),
        ("ops/fx_rates_3.csv", 0, 1),
    ]
    assert "conflicts with 1.095 already loaded" in landing.reasons("ops/fx_rates_3.csv")[2]
    _reconciles(landing)


def test_absurd_amounts_are_quarantined_with_the_bound_named(landing):
    landing.write(
        "brand/casino_activity.csv",
        "activity_date,customer_id,brand_id,product,currency,stakes,payouts\n"
        "2026-09-01,C1,B-1,casino,EUR,1000000000000.00,0\n"  # line 2: above 1e9
        "2026-09-01,C2,B-1,casino,EUR,9e15,0\n"  # line 3: fits the type, not the bound
        "2026-09-01,C3,B-1,casino,EUR,1000000000,5\n",  # line 4: exactly the bound: loads
    )
    landing.write(
        "brand/payments.csv",
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
        "T1,C1,B-1,deposit,approved,123456789012345678,EUR,2026-09-01\n",  # 18 digits
    )
    report = landing.ingest()
    assert [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in report.files] == [
        (3, 1, 2),
        (1, 0, 1),
    ]
    bound = "is above the plausibility bound 1000000000 (casino_activity.stakes.max in plausibility.yml)"
    assert landing.reasons("brand/casino_activity.csv") == {
        2: f"stakes: 1000000000000.00 {bound}",
        3: f"stakes: 9e15 {bound}",
    }
    assert landing.reasons("brand/payments.csv") == {
        2: "amount: '123456789012345678' does not fit the money type DECIMAL(18,2) "
        "(at most 16 digits before the point)"
    }
    assert landing.query("select customer_id, stakes from raw.casino_activity") == [
        ("C3", Decimal(1_000_000_000))
    ]
    _reconciles(landing)


def test_bounds_come_from_the_configured_file(landing, tmp_path, monkeypatch):
    from ingestion import plausibility

    config = tmp_path / "bounds.yml"
    config.write_text("bounds:\n  payments:\n    amount: {max: 100, min: 1}\n")
    monkeypatch.setenv(plausibility.CONFIG_ENV, str(config))
    landing.write(
        "brand/payments.csv",
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
        "T1,C1,B-1,deposit,approved,100.01,EUR,2026-09-01\n"
        "T2,C1,B-1,deposit,approved,0.50,EUR,2026-09-01\n"
        "T3,C1,B-1,deposit,approved,100,EUR,2026-09-01\n",
    )
    landing.ingest()
    assert landing.reasons("brand/payments.csv") == {
        2: "amount: 100.01 is above the plausibility bound 100 (payments.amount.max in plausibility.yml)",
        3: "amount: 0.50 is below the plausibility bound 1 (payments.amount.min in plausibility.yml)",
    }
    config.write_text("bounds:\n  payments:\n    amonut: {max: 100}\n")
    with pytest.raises(ValueError, match="bounds.payments.amonut is not a column"):
        plausibility.bounds()
    _reconciles(landing)


PARTNERS = "partner_id,display_name,partner_type,parent_partner_id,status,payout_currency\n"


def test_a_partner_cycle_or_self_parent_is_quarantined_with_the_cycle_named(landing):
    landing.write(
        "ops/partners.csv",
        PARTNERS
        + "P-1,Ann,affiliate,,active,EUR\n"  # line 2: top level
        + "P-2,Bob,affiliate,P-1,active,EUR\n"  # line 3: under P-1
        + "P-3,Cy,affiliate,P-3,active,EUR\n",  # line 4: its own parent
    )
    landing.ingest()
    # Later: P-1 is put under P-2 (P-1 -> P-2 -> P-1); P-4 under P-2 is fine.
    landing.write(
        "ops/partners_2.csv",
        PARTNERS + "P-1,Ann,affiliate,P-2,active,EUR\nP-4,Di,ib,P-2,active,EUR\n",
    )
    landing.ingest()
    assert landing.reasons("ops/partners.csv") == {
        4: "parent_partner_id: P-3 is the partner itself; a partner cannot be its own parent"
    }
    assert landing.reasons("ops/partners_2.csv") == {
        2: "parent_partner_id: P-2 closes a cycle P-1 -> P-2 -> P-1; "
        "a partner cannot be its own ancestor"
    }
    # P-1 stays top level (its first row), P-4 loads under P-2.
    assert landing.query(
        "select partner_id, parent_partner_id from raw.partners order by _source_file, 1"
    ) == [("P-1", None), ("P-2", "P-1"), ("P-4", "P-2")]
    _reconciles(landing)


def test_a_named_time_zone_is_converted_to_utc_or_quarantined_never_dropped(landing):
    landing.write(
        "tracking/clicks.csv",
        "click_id,partner_id,brand_id,clicked_at\n"
        "K1,P-1,B-1,2026-09-22 10:00:00 Europe/Berlin\n"  # CEST, +02:00 -> 08:00 UTC
        "K2,P-1,B-1,2026-01-22T10:00:00 America/New_York\n"  # EST, -05:00 -> 15:00 UTC
        "K3,P-1,B-1,2026-09-22 10:00:00 UTC\n"  # 10:00 UTC
        "K4,P-1,B-1,2026-09-22 10:00:00Z\n"  # 10:00 UTC
        "K5,P-1,B-1,2026-09-22 10:00:00 Mars/Olympus\n",  # line 6: no such zone
    )
    report = landing.ingest()
    assert [(f.rows_read, f.rows_loaded, f.rows_quarantined) for f in report.files] == [(5, 4, 1)]
    assert landing.query("select click_id, clicked_at from raw.clicks order by 1") == [
        ("K1", datetime(2026, 9, 22, 8, 0)),
        ("K2", datetime(2026, 1, 22, 15, 0)),
        ("K3", datetime(2026, 9, 22, 10, 0)),
        ("K4", datetime(2026, 9, 22, 10, 0)),
    ]
    assert landing.reasons("tracking/clicks.csv") == {
        6: "clicked_at: '2026-09-22 10:00:00 Mars/Olympus' has a time zone that is neither "
        "an IANA name nor an offset (e.g. Europe/Berlin, +02:00)"
    }
    _reconciles(landing)


def test_one_bad_record_is_quarantined_on_its_own_line_and_the_rest_loads(landing):
    huge = "x" * (10 * 1024 * 1024)  # a 10 MB user agent
    landing.write(
        "tracking/clicks.csv",
        "click_id,partner_id,brand_id,clicked_at,user_agent\n"
        "K1,P-1,B-1,2026-09-01,ua\n"
        f"K2,P-1,B-1,2026-09-01,{huge}\n"  # line 3
        "K3,P-1,B-1,2026-09-01,ua\n",
    )
    landing.write(
        "tracking/conversions.jsonl",
        '{"event_id": "E1", "brand_id": "B-1", "event_type": "ftd", "occurred_at": "2026-09-01"}\n'
        '{"event_id": "E2", "brand_id": "B-1", "event_type": "ftd", "occurred_at": "2026-09-01",'
        ' "amount": "10", "Amount": "99"}\n'  # line 2: keys differing only in case
        '{"event_id": "E3", "brand_id": "B-1", "event_type": "ftd", "occurred_at": "2026-09-01"}\n',
    )
    report = landing.ingest()
    assert [(f.path, f.rows_read, f.rows_loaded, f.rows_quarantined) for f in report.files] == [
        ("tracking/clicks.csv", 3, 2, 1),
        ("tracking/conversions.jsonl", 3, 2, 1),
    ]
    assert landing.reasons("tracking/clicks.csv") == {
        3: f"record: a field of {len(huge)} bytes, above the limit of 100000"
    }
    assert landing.reasons("tracking/conversions.jsonl") == {
        2: "record: keys repeated (ignoring case): amount, Amount"
    }
    assert landing.query("select click_id from raw.clicks order by 1") == [("K1",), ("K3",)]
    assert landing.query("select event_id from raw.conversions order by 1") == [("E1",), ("E3",)]
    ((kept,),) = landing.query(
        "select length(raw_row) from ingest.quarantine where line_number = 3"
    )
    assert kept < 200_000  # the evidence, not the 10 MB
    _reconciles(landing)
