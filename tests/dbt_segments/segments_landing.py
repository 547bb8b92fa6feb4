"""Hand-made partners added to a generated tiny landing zone, with outcomes worked by hand.

The generator's tiny scale covers 2026-07..2026-10 (its data ends 2026-11-01). The rows below
add an event on 2026-10-31, so October is the last COMPLETE month: the reference month.
Brand B-SPORT (igaming, GBP, restricted US, ngr_rules: admin fee 0, bonuses not deducted), so
NGR = stakes - payouts exactly, in GBP, and the GBP deal needs no conversion.

P-SEG1 (joined 2025-01-01), deal D-SEG1 v1 on B-SPORT (GBP), revshare on NGR, whole,
  bands: 1 from 0 (25%), 2 from 10000 (30%), 3 from 50000 (35%).
  Customer SEG-C1 (btag P-SEG1, GB): NGR Jul 30000-10000 = 20000, Aug 20000, Sep 20000,
  Oct 6000-1000 = 5000.
  Tier review: October 5000 < 10000 -> current band 1 (25%). Rolling 3-month averages
  (months before the data are left out): Aug = (Jul 20000 + Aug 20000) / 2 = 20000 (band 2)
  (or (0 + 20000 + 20000) / 3 = 13333.33, still band 2, should the data start in June);
  Sep = 20000 (band 2); Oct = (20000 + 20000 + 5000) / 3 = 15000 (band 2): every average is
  above band 1 -> upgrade to band 2 (from 10000, 30%).
  Segment: recent NGR 45000 GBP (about 57000 USD) dwarfs every generated partner -> rank 1 -> top.
P-SEG2 (joined 2025-01-01), no deal: customer SEG-C2 (btag P-SEG2) plays only on 2026-07-20 ->
  last active July <= October - 3 months -> dormant.
P-SEG3 joined 2026-09-15, nothing else: September > October - 3 months = July -> new.
"""

from __future__ import annotations

from pathlib import Path

from tests.support.landing import (
    CASINO_ACTIVITY_HEADER,
    CUSTOMER_HEADER,
    PARTNER_BRAND_HEADER,
    PARTNER_HEADER,
    write_csv,
    write_deals,
)


def write_segment_cases(landing: Path) -> None:
    """Add the three hand-made partners of this module's docstring to `landing`."""
    ops, brand = landing / "ops", landing / "brand"
    write_csv(
        ops / "partners_segments.csv",
        PARTNER_HEADER,
        [
            [
                "P-SEG1",
                "Seg Top",
                "affiliate",
                "",
                "k-seg1",
                "GB",
                "seg1@example.com",
                "active",
                "verified",
                "2025-01-01T00:00:00Z",
                "GBP",
                "0",
            ],
            [
                "P-SEG2",
                "Seg Dormant",
                "affiliate",
                "",
                "k-seg2",
                "GB",
                "seg2@example.com",
                "active",
                "verified",
                "2025-01-01T00:00:00Z",
                "GBP",
                "0",
            ],
            [
                "P-SEG3",
                "Seg New",
                "affiliate",
                "",
                "k-seg3",
                "GB",
                "seg3@example.com",
                "active",
                "verified",
                "2026-09-15T09:00:00Z",
                "GBP",
                "0",
            ],
        ],
    )
    write_csv(
        ops / "partner_brands_segments.csv",
        PARTNER_BRAND_HEADER,
        [
            ["P-SEG1", "B-SPORT", "2025-01-01T00:00:00Z", "active", ""],
            ["P-SEG2", "B-SPORT", "2025-01-01T00:00:00Z", "active", ""],
            ["P-SEG3", "B-SPORT", "2026-09-15T09:00:00Z", "active", ""],
        ],
    )
    deals = [
        {
            "deal_id": "D-SEG1",
            "version": 1,
            "partner_id": "P-SEG1",
            "brand_id": "B-SPORT",
            "effective_from": "2026-01-01",
            "currency": "GBP",
            "created_at": "2025-12-20T10:00:00Z",
            "created_by": "test",
            "reason": "segments test",
            "terms": {
                "revshare": {
                    "basis": "ngr",
                    "tier_metric": "ngr",
                    "tier_mode": "whole",
                    "negative_carryover": False,
                    "tiers": [
                        {"from": 0, "rate": 0.25},
                        {"from": 10000, "rate": 0.30},
                        {"from": 50000, "rate": 0.35},
                    ],
                }
            },
        }
    ]
    write_deals(ops / "deals_segments.yaml", deals)
    write_csv(
        brand / "customers_segments.csv",
        CUSTOMER_HEADER,
        [
            [
                "SEG-C1",
                "B-SPORT",
                "2026-07-01T10:00:00Z",
                "GB",
                "verified",
                "2026-07-01T11:00:00Z",
                "P-SEG1",
                "",
                "false",
            ],
            [
                "SEG-C2",
                "B-SPORT",
                "2026-07-01T10:00:00Z",
                "GB",
                "verified",
                "2026-07-01T11:00:00Z",
                "P-SEG2",
                "",
                "false",
            ],
        ],
    )
    write_csv(
        brand / "casino_activity_segments.csv",
        CASINO_ACTIVITY_HEADER,
        [
            [
                "2026-07-15",
                "SEG-C1",
                "B-SPORT",
                "casino",
                "GBP",
                "30000",
                "10000",
                "0",
                "0",
                "0",
                "0",
            ],
            [
                "2026-08-15",
                "SEG-C1",
                "B-SPORT",
                "casino",
                "GBP",
                "30000",
                "10000",
                "0",
                "0",
                "0",
                "0",
            ],
            [
                "2026-09-15",
                "SEG-C1",
                "B-SPORT",
                "casino",
                "GBP",
                "30000",
                "10000",
                "0",
                "0",
                "0",
                "0",
            ],
            [
                "2026-10-31",
                "SEG-C1",
                "B-SPORT",
                "casino",
                "GBP",
                "6000",
                "1000",
                "0",
                "0",
                "0",
                "0",
            ],
            ["2026-07-20", "SEG-C2", "B-SPORT", "casino", "GBP", "100", "50", "0", "0", "0", "0"],
        ],
    )
