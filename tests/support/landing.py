"""Writing landing files (LANDING.md formats) from rows, the way a source system would drop them.

The headers below are the landing contract's column lists as the tests use them; a test with a
narrower or wider file (an optional column left out or added) passes its own header instead.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

BRAND_HEADER = ["brand_id", "brand_name", "vertical", "currency", "restricted_countries"]
PARTNER_HEADER = [
    "partner_id",
    "display_name",
    "partner_type",
    "parent_partner_id",
    "person_key",
    "country",
    "email",
    "status",
    "kyc_status",
    "joined_at",
    "payout_currency",
    "payout_threshold",
]
PARTNER_BRAND_HEADER = ["partner_id", "brand_id", "joined_at", "status", "coupon_codes"]
FX_RATE_HEADER = ["rate_date", "currency", "usd_per_unit"]
CUSTOMER_HEADER = [
    "customer_id",
    "brand_id",
    "registered_at",
    "country",
    "kyc_status",
    "kyc_verified_at",
    "btag",
    "coupon_code",
    "is_test",
]
PAYMENT_HEADER = [
    "transaction_id",
    "customer_id",
    "brand_id",
    "kind",
    "status",
    "amount",
    "currency",
    "occurred_at",
]
CASINO_ACTIVITY_HEADER = [
    "activity_date",
    "customer_id",
    "brand_id",
    "product",
    "currency",
    "stakes",
    "payouts",
    "bonus_cost",
    "jackpot_contribution",
    "gaming_tax",
    "chargebacks",
]
CONVERSION_HEADER = [
    "event_id",
    "click_id",
    "coupon_code",
    "customer_id",
    "brand_id",
    "event_type",
    "amount",
    "currency",
    "occurred_at",
    "received_at",
]
PROP_ORDER_HEADER = [
    "order_id",
    "customer_id",
    "brand_id",
    "kind",
    "product",
    "amount",
    "currency",
    "coupon_code",
    "refers_to_order_id",
    "occurred_at",
]


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """Write a UTF-8 CSV with a header row, making its folder; None is written as an empty cell
    (how the sources leave a value out). Returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


def write_deals(path: Path, deals: list[dict[str, Any]]) -> Path:
    """Write deal versions as the ops deals YAML (keys kept in the order the test wrote them)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(deals, sort_keys=False), encoding="utf-8")
    return path
