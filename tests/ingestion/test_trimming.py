"""Typed and coded values are trimmed of Unicode spaces exactly as DuckDB's trim() does.

validation._trimmed skips trim() for values that cannot change (a speed-up); these rows
pin down the values where it must still run, and the ones trim() leaves alone (a tab).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

NBSP = "\u00a0"
IDEOGRAPHIC_SPACE = "\u3000"
NARROW_NBSP = "\u202f"

HEADER = "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"


def test_unicode_spaces_at_either_end_are_trimmed_from_typed_and_coded_values(landing):
    landing.write(
        "brand/payments.csv",
        HEADER
        # line 2: spaces around an enum, NBSP after a currency, ideographic space before an
        # amount, narrow NBSP after a timestamp: all trimmed, the row loads.
        + f'T1," C1 ",B-CASINO," deposit ",approved,"{IDEOGRAPHIC_SPACE}100.5","EUR{NBSP}",'
        f'"2026-03-01T10:00:00Z{NARROW_NBSP}"\n'
        # line 3: trim() keeps a tab, so the currency is not an ISO code.
        + 'T2,C2,B-CASINO,deposit,approved,1,"\tEUR",2026-03-01T10:00:00Z\n'
        # line 4: only spaces is empty, so the required amount is missing.
        + 'T3,C3,B-CASINO,deposit,approved,"   ",EUR,2026-03-01T10:00:00Z\n'
        # line 5: a space inside a value is not at an end: kept, and not an enum value.
        + "T4,C4,B-CASINO,de posit,approved,1,EUR,2026-03-01T10:00:00Z\n",
    )
    report = landing.ingest()
    assert [(f.rows_loaded, f.rows_quarantined) for f in report.files] == [(1, 3)]
    assert landing.query(
        "select customer_id, kind, amount, currency, occurred_at from raw.payments"
    ) == [
        # Free text (customer_id) keeps its spaces; 100.5 loads as decimal(24,8).
        (" C1 ", "deposit", Decimal("100.50000000"), "EUR", datetime(2026, 3, 1, 10, 0))
    ]
    assert landing.reasons("brand/payments.csv") == {
        3: "currency: '\tEUR' is not an ISO 4217 code",
        4: "amount: required value missing",
        5: "kind: 'de posit' is not one of deposit|withdrawal",
    }
