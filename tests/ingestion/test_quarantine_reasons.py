"""Rows that break the contract go to ingest.quarantine with the line and a precise reason."""

from __future__ import annotations

import json
from decimal import Decimal

PAYMENTS_HEADER = "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"


def test_each_broken_rule_gives_its_own_reason(landing):
    landing.write(
        "brand/payments.csv",
        PAYMENTS_HEADER
        + "T1,C1,B-CASINO,deposit,approved,100.50,EUR,2026-03-01T10:00:00Z\n"  # line 2: good
        + "T2,C1,B-CASINO,deposit,approved,abc,EUR,2026-03-01T10:00:00Z\n"  # line 3
        + "T3,C1,B-CASINO,deposit,approved,10,EU,2026-03-01T10:00:00Z\n"  # line 4
        + "T4,,B-CASINO,deposit,approved,10,EUR,2026-03-01T10:00:00Z\n"  # line 5
        + "T5,C1,B-CASINO,refund,approved,10,EUR,2026-03-01T10:00:00Z\n"  # line 6
        + "T6,C1,B-CASINO,deposit,approved,-3,EUR,2026-03-01T10:00:00Z\n"  # line 7
        + "T7,C1,B-CASINO,deposit,approved,10,EUR,yesterday\n",  # line 8
    )
    report = landing.ingest()
    (f,) = report.files
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 7, 1, 6)
    assert landing.reasons("brand/payments.csv") == {
        3: "amount: 'abc' is not a decimal number",
        4: "currency: 'EU' is not an ISO 4217 code",
        5: "customer_id: required value missing",
        6: "kind: 'refund' is not one of deposit|withdrawal",
        7: "amount: -3 is negative",
        8: "occurred_at: 'yesterday' is not an ISO-8601 timestamp",
    }
    assert landing.query("select transaction_id, amount, _line_number from raw.payments") == [
        ("T1", Decimal("100.50"), 2)
    ]


def test_all_reasons_of_one_row_are_listed_together(landing):
    landing.write(
        "brand/payments.csv",
        PAYMENTS_HEADER + "T1,,B-CASINO,deposit,approved,abc,EU,2026-03-01\n",
    )
    landing.ingest()
    assert landing.reasons("brand/payments.csv") == {
        2: "customer_id: required value missing; amount: 'abc' is not a decimal number; "
        "currency: 'EU' is not an ISO 4217 code"
    }


def test_quarantine_keeps_the_row_as_it_came(landing):
    landing.write(
        "brand/payments.csv",
        PAYMENTS_HEADER + "T9,C1,B-CASINO,deposit,approved,abc,EUR,2026-03-01\n",
    )
    landing.ingest()
    ((raw_row,),) = landing.query("select raw_row from ingest.quarantine")
    assert json.loads(raw_row) == {
        "transaction_id": "T9",
        "customer_id": "C1",
        "brand_id": "B-CASINO",
        "kind": "deposit",
        "status": "approved",
        "amount": "abc",
        "currency": "EUR",
        "occurred_at": "2026-03-01",
    }


def test_stakes_negative_enum_and_country_reasons(landing):
    landing.write(
        "brand/casino_activity.csv",
        "activity_date,customer_id,brand_id,product,currency,stakes,payouts\n"
        "2026-03-01,C1,B-CASINO,casino,EUR,-5,0\n"  # line 2
        "2026-03-32,C1,B-CASINO,bingo,EUR,5,0\n",  # line 3
    )
    landing.write(
        "ops/partners.csv",
        "partner_id,display_name,partner_type,status,kyc_status,payout_currency,country\n"
        "P-1,Ann,affiliate,active,maybe,EUR,GB\n"  # line 2
        "P-2,Bob,affiliate,active,,EUR,UK\n",  # line 3: UK is not ISO 3166 (GB is)
    )
    landing.ingest()
    assert landing.reasons("brand/casino_activity.csv") == {
        2: "stakes: -5 is negative",
        3: "activity_date: '2026-03-32' is not a YYYY-MM-DD date; "
        "product: 'bingo' is not one of casino|sportsbook|poker",
    }
    assert landing.reasons("ops/partners.csv") == {
        2: "kyc_status: 'maybe' is not one of none|pending|verified|rejected",
        3: "country: 'UK' is not an ISO 3166 alpha-2 code",
    }


def test_country_lists_positive_rates_and_booleans(landing):
    landing.write(
        "ops/brands.csv",
        "brand_id,brand_name,vertical,currency,restricted_countries\n"
        "B-1,One,igaming,EUR,US;FR\n"
        "B-2,Two,igaming,EUR,US;XX;FR\n"  # line 3
        "B-3,Three,casino,EUR,\n",  # line 4
    )
    landing.write(
        "ops/fx_rates.csv",
        "rate_date,currency,usd_per_unit\n2026-03-01,EUR,0\n2026-03-01,GBP,1.27\n",
    )
    landing.write("ops/ngr_rules.csv", "brand_id,deduct_bonuses\nB-1,maybe\n")
    landing.ingest()
    assert landing.reasons("ops/brands.csv") == {
        3: "restricted_countries: 'US;XX;FR' has codes that are not ISO 3166 alpha-2: XX",
        4: "vertical: 'casino' is not one of igaming|forex|prop",
    }
    assert landing.reasons("ops/fx_rates.csv") == {2: "usd_per_unit: 0 is not positive"}
    assert landing.reasons("ops/ngr_rules.csv") == {
        2: "deduct_bonuses: 'maybe' is not a boolean (true/false, 1/0, yes/no)"
    }


def test_whole_numbers_are_checked(landing):
    landing.write(
        "trading/trading_accounts.csv",
        "platform,server,login,customer_id,brand_id,currency\nmt5,S1,12x,C1,B-FX,USD\n",
    )
    landing.ingest()
    assert landing.reasons("trading/trading_accounts.csv") == {
        2: "login: '12x' is not a whole number"
    }


def test_malformed_csv_records_are_quarantined_and_later_lines_keep_their_numbers(landing):
    landing.write(
        "ops/fx_rates.csv",
        "rate_date,currency,usd_per_unit\n"
        "2026-03-01,EUR,1.08\n"  # line 2
        "2026-03-01,GBP,1.27,9\n"  # line 3: one field too many
        "2026-03-01,USD\n"  # line 4: one field missing
        "2026-03-01,CHF,1.13\n"  # line 5
        "2026-03-01,JPY,0.0067\n",  # line 6
    )
    (f,) = landing.ingest().files
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 5, 3, 2)
    assert landing.reasons("ops/fx_rates.csv") == {
        3: "record: too many columns (Expected Number of Columns: 3 Found: 4)",
        4: "record: missing columns (Expected Number of Columns: 3 Found: 2)",
    }
    assert landing.query("select raw_row from ingest.quarantine where line_number = 3") == [
        ('{"_record": "2026-03-01,GBP,1.27,9"}',)
    ]
    assert landing.query("select currency, _line_number from raw.fx_rates order by 2") == [
        ("EUR", 2),
        ("CHF", 5),
        ("JPY", 6),
    ]


def test_broken_jsonl_lines_are_quarantined_and_the_other_lines_load(landing):
    landing.write(
        "ops/fx_rates.jsonl",
        '{"rate_date": "2026-03-01", "currency": "EUR", "usd_per_unit": 1.08}\n'  # line 1
        '{"rate_date": "2026-03-01", "currency": "GBP", "usd_per_unit": 1.2\n'  # 2: cut short
        "\n"  # line 3: blank, no record
        '["2026-03-01", "USD", 1]\n'  # line 4: an array, not an object
        '{"rate_date": "2026-03-01", "currency": "CHF", "usd_per_unit": 1.13, "src": "ecb"}\n'
        '{"rate_date": "2026-03-01", "currency": "JPY", "usd_per_unit": -1}\n',  # 6: negative
    )
    (f,) = landing.ingest().files
    # 5 records (the blank line is none): 2 load, 3 quarantined, nothing lost
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 5, 2, 3)
    assert landing.reasons("ops/fx_rates.jsonl") == {
        2: "record: not valid JSON",
        4: "record: a JSON array, not an object",
        6: "usd_per_unit: -1 is not positive",
    }
    ((raw,),) = landing.query("select raw_row from ingest.quarantine where line_number = 2")
    assert json.loads(raw) == {
        "_record": '{"rate_date": "2026-03-01", "currency": "GBP", "usd_per_unit": 1.2'
    }
    # the keys of every line are the file's columns (like a CSV header): "src", of line 5
    # only, is an extra column, kept in _extra and null where a line lacks it
    assert landing.query(
        "select currency, usd_per_unit, _line_number, _extra from raw.fx_rates order by 3"
    ) == [
        ("EUR", Decimal("1.08000000"), 1, '{"src":null}'),
        ("CHF", Decimal("1.13000000"), 5, '{"src":"ecb"}'),
    ]


def test_a_jsonl_file_without_any_object_is_rejected_whole(landing):
    landing.write("ops/fx_rates.jsonl", "not json\n[1, 2]\n")
    (f,) = landing.ingest().files
    assert (f.status, f.reason) == ("rejected", "cannot be parsed: no line is a JSON object")
