"""One hand-made landing directory holding every acceptance scenario, in LANDING.md formats.

Each scenario has its own partner(s) (and, where it matters, its own brand), so one build
serves every test. The expected numbers are worked by hand in the tests
(tests/acceptance/test_*.py), from docs/reference/commission-rules.md and the contracts only.

Brands:
  B-CAS  igaming, EUR, restricted US, no ngr_rules row (defaults: deduct bonuses, jackpot,
         tax, chargebacks; admin fee 0).
  B-GBP  igaming, GBP (deals on it are in EUR: scenario 10).
  B-FX   forex, USD.          B-PROP prop, USD.
FX (USD per unit): USD 1 and EUR 1.25 from 2026-03-01 (never change);
  GBP 1.50 from 2026-03-01, 1.375 from 2026-05-20 (nothing after: forward filled).
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

CASINO = [
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
CUSTOMERS = [
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
PAYMENTS = [
    "transaction_id",
    "customer_id",
    "brand_id",
    "kind",
    "status",
    "amount",
    "currency",
    "occurred_at",
]
ORDERS = [
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
MT4 = [
    "TICKET",
    "LOGIN",
    "SYMBOL",
    "DIGITS",
    "CMD",
    "VOLUME",
    "OPEN_TIME",
    "OPEN_PRICE",
    "CLOSE_TIME",
    "CLOSE_PRICE",
    "COMMISSION",
    "SWAPS",
    "PROFIT",
    "COMMENT",
    "MODIFY_TIME",
    "SERVER",
]
MT5 = [
    "Deal",
    "Login",
    "Time",
    "TimeMsc",
    "Symbol",
    "Action",
    "Entry",
    "Volume",
    "VolumeClosed",
    "Price",
    "Profit",
    "Commission",
    "Storage",
    "PositionID",
    "Comment",
    "Server",
]


def _csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            assert len(r) == len(header), (path.name, r)
            w.writerow(["" if v is None else v for v in r])


def _deal(
    deal_id: str,
    version: int,
    partner: str,
    brand: str | None,
    terms: dict,
    *,
    currency: str = "EUR",
    start: str = "2026-03-01",
    end: str | None = None,
) -> dict:
    return {
        "deal_id": deal_id,
        "version": version,
        "partner_id": partner,
        "brand_id": brand,
        "effective_from": start,
        "effective_to": end,
        "currency": currency,
        "created_at": "2026-02-20T10:00:00Z",
        "created_by": "acceptance",
        "reason": "acceptance scenario",
        "terms": terms,
    }


def _revshare(
    rate: float | list, *, mode: str = "whole", metric: str = "ngr", carry: bool = False
) -> dict:
    tiers = rate if isinstance(rate, list) else [{"from": 0, "rate": rate}]
    return {
        "basis": "ngr",
        "tier_metric": metric,
        "tier_mode": mode,
        "negative_carryover": carry,
        "tiers": tiers,
    }


def _cpa(
    amount: int,
    *,
    min_ftd: int = 10,
    wagered: int = 0,
    kyc: bool = False,
    geo: list[str] | None = None,
) -> dict:
    terms = {
        "amount": amount,
        "min_first_deposit": min_ftd,
        "min_deposits_total": 0,
        "min_wagered": wagered,
        "min_lots": 0,
        "require_kyc": kyc,
        "window_days": 30,
    }
    if geo:
        terms["geo_allowlist"] = geo
    return terms


# (partner_id, type, parent) — every partner is active, verified, paid in EUR, threshold 0.
PARTNERS = [
    ("P-RS1", "affiliate", ""),
    ("P-PROG", "affiliate", ""),
    ("P-WHOLE", "affiliate", ""),
    ("P-FTD", "affiliate", ""),
    ("P-CPA", "affiliate", ""),
    ("P-HYB", "affiliate", ""),
    ("P-AMD", "affiliate", ""),
    ("P-MST", "affiliate", ""),
    ("P-SUB", "affiliate", "P-MST"),
    ("P-SUB2", "affiliate", "P-MST"),
    ("IB-M", "ib", ""),
    ("IB-S", "ib", "IB-M"),
    ("IB-SS", "ib", "IB-S"),
    ("IB-R", "ib", ""),
    ("P-PROP", "affiliate", ""),
    ("P-PROP14", "affiliate", ""),
    ("P-GBP", "affiliate", ""),
    ("P-ATT", "affiliate", ""),
    ("P-OTH", "affiliate", ""),
    # edge scenarios (write_edges)
    ("IB-E", "ib", ""),
    ("IB-F", "ib", ""),
    ("IB-F2", "ib", "IB-F"),
    ("IB-A", "ib", ""),
    ("P-NGR", "affiliate", ""),
    ("P-RND", "affiliate", ""),
    ("P-ALL", "affiliate", ""),
    ("P-GBPCPA", "affiliate", ""),
    ("P-CPA2", "affiliate", ""),
    ("P-MSTU", "affiliate", ""),
    ("P-SUBU", "affiliate", "P-MSTU"),
    ("P-SUBSUB", "affiliate", "P-SUB"),
    ("IB-X", "ib", ""),
    ("P-GBPT", "affiliate", ""),
    ("IB-C", "ib", ""),
    ("IB-H", "ib", ""),
    ("IB-H2", "ib", "IB-H"),
    ("IB-H3", "ib", "IB-H2"),
    ("IB-H4", "ib", "IB-H"),
    ("P-GAP", "affiliate", ""),
    ("P-LATE", "affiliate", ""),
    ("P-GBPD", "affiliate", ""),
    ("P-EDGE", "affiliate", ""),
]
PARTNER_BRANDS = {
    "B-CAS": [
        "P-RS1",
        "P-PROG",
        "P-WHOLE",
        "P-FTD",
        "P-CPA",
        "P-HYB",
        "P-AMD",
        "P-MST",
        "P-SUB",
        "P-SUB2",
        "P-ATT",
        "P-OTH",
        "P-RND",
        "P-ALL",
        "P-CPA2",
        "P-SUBSUB",
        "P-GAP",
        "P-LATE",
        "P-EDGE",
    ],
    "B-GBP": ["P-GBP", "P-GBPCPA", "P-GBPT", "P-GBPD"],
    "B-FX": [
        "IB-M",
        "IB-S",
        "IB-SS",
        "IB-R",
        "IB-E",
        "IB-F",
        "IB-F2",
        "IB-A",
        "IB-X",
        "IB-C",
        "IB-H",
        "IB-H2",
        "IB-H3",
        "IB-H4",
    ],
    "B-PROP": ["P-PROP", "P-PROP14", "P-MSTU", "P-SUBU"],
    "B-NGR": ["P-NGR"],
}
COUPONS = {
    ("P-ATT", "B-CAS"): "ATTCODE;ATT2",
    ("P-PROP", "B-PROP"): "PROPCODE",
    ("P-PROP14", "B-PROP"): "P14",
    ("P-SUBU", "B-PROP"): "SUBU",
}

DEALS = [
    # 1 carryover (RULES.md example)
    _deal("D-RS1", 1, "P-RS1", "B-CAS", {"revshare": _revshare(0.25, carry=True)}),
    # 2 progressive vs whole tiers
    _deal(
        "D-PROG",
        1,
        "P-PROG",
        "B-CAS",
        {
            "revshare": _revshare(
                [
                    {"from": 0, "rate": 0.20},
                    {"from": 5000, "rate": 0.30},
                    {"from": 20000, "rate": 0.40},
                ],
                mode="progressive",
            )
        },
    ),
    _deal(
        "D-WHOLE",
        1,
        "P-WHOLE",
        "B-CAS",
        {
            "revshare": _revshare(
                [
                    {"from": 0, "rate": 0.20},
                    {"from": 5000, "rate": 0.30},
                    {"from": 20000, "rate": 0.40},
                ],
                mode="whole",
            )
        },
    ),
    # 3 FTD-count tiers
    _deal(
        "D-FTD",
        1,
        "P-FTD",
        "B-CAS",
        {
            "revshare": _revshare(
                [{"from": 0, "rate": 0.20}, {"from": 2, "rate": 0.30}], metric="ftd_count"
            )
        },
    ),
    # 4 CPA
    _deal(
        "D-CPA",
        1,
        "P-CPA",
        "B-CAS",
        {"cpa": _cpa(150, min_ftd=25, wagered=200, kyc=True, geo=["DE", "GB"])},
    ),
    # 5 hybrid
    _deal(
        "D-HYB", 1, "P-HYB", "B-CAS", {"cpa": _cpa(100), "revshare": _revshare(0.30, carry=True)}
    ),
    # 6 mid-month amendment: v1 until 16 May (exclusive), v2 from 16 May
    _deal(
        "D-AMD",
        1,
        "P-AMD",
        "B-CAS",
        {"cpa": _cpa(100), "revshare": _revshare(0.20)},
        end="2026-05-16",
    ),
    _deal(
        "D-AMD",
        2,
        "P-AMD",
        "B-CAS",
        {"cpa": _cpa(200), "revshare": _revshare(0.30)},
        start="2026-05-16",
    ),
    # 7 sub-affiliates: the master's deal names no brand (every brand it works: B-CAS)
    _deal("D-MST", 1, "P-MST", None, {"sub_partner": {"rate": 0.10}}),
    _deal("D-SUB", 1, "P-SUB", "B-CAS", {"revshare": _revshare(0.25)}),
    _deal("D-SUB2", 1, "P-SUB2", "B-CAS", {"revshare": _revshare(0.25, carry=True)}),
    # 8 forex IB tree (USD deals) and the rounding / spread-share IB
    _deal(
        "D-IBM",
        1,
        "IB-M",
        "B-FX",
        {
            "lot_rebate": {
                "rates": {"fx_major": 9, "default": 4},
                "override": "difference",
                "min_hold_seconds": 0,
            }
        },
        currency="USD",
    ),
    _deal(
        "D-IBS",
        1,
        "IB-S",
        "B-FX",
        {
            "lot_rebate": {
                "rates": {"fx_major": 6, "default": 4},
                "override": "difference",
                "min_hold_seconds": 0,
            }
        },
        currency="USD",
    ),
    _deal(
        "D-IBSS",
        1,
        "IB-SS",
        "B-FX",
        {"lot_rebate": {"rates": {"fx_major": 5}, "min_hold_seconds": 0}},
        currency="USD",
    ),
    _deal(
        "D-IBR",
        1,
        "IB-R",
        "B-FX",
        {
            "lot_rebate": {"rates": {"fx_major": 3.50}, "min_hold_seconds": 0},
            "spread_share": {"rate": 0.20},
        },
        currency="USD",
    ),
    # 9 prop
    _deal(
        "D-PROP",
        1,
        "P-PROP",
        "B-PROP",
        {"challenge": {"rate": 0.20, "repeat_rate": 0.10, "clawback_days": 30}},
        currency="USD",
    ),
    _deal(
        "D-PROP14",
        1,
        "P-PROP14",
        "B-PROP",
        {"challenge": {"rate": 0.15, "clawback_days": 14}},
        currency="USD",
    ),
    # 10 multi-currency: GBP brand, EUR deal
    _deal("D-GBP", 1, "P-GBP", "B-GBP", {"revshare": _revshare(0.10)}),
    # 11 attribution (CPA lines name the customer)
    _deal("D-ATT", 1, "P-ATT", "B-CAS", {"cpa": _cpa(50), "revshare": _revshare(0.10)}),
    _deal("D-OTH", 1, "P-OTH", "B-CAS", {"cpa": _cpa(50)}),
    # ---- edges (write_edges) ----
    _deal(
        "D-IBE",
        1,
        "IB-E",
        "B-FX",
        {
            "lot_rebate": {
                "rates": {"fx_major": 10, "metals": 20, "default": 2},
                "min_hold_seconds": 60,
            }
        },
        currency="USD",
    ),
    _deal(
        "D-IBF",
        1,
        "IB-F",
        "B-FX",
        {
            "lot_rebate": {
                "rates": {"fx_major": 8},
                "override": "fixed",
                "override_rates": {"fx_major": 1.5, "default": 1.0},
            }
        },
        currency="USD",
    ),
    _deal("D-IBF2", 1, "IB-F2", "B-FX", {"lot_rebate": {"rates": {"fx_major": 7}}}, currency="USD"),
    _deal(
        "D-IBA",
        1,
        "IB-A",
        "B-FX",
        {"lot_rebate": {"rates": {"fx_major": 5}}},
        currency="USD",
        end="2026-06-15",
    ),
    _deal(
        "D-IBA",
        2,
        "IB-A",
        "B-FX",
        {"lot_rebate": {"rates": {"fx_major": 7}}},
        currency="USD",
        start="2026-06-15",
    ),
    _deal("D-IBX", 1, "IB-X", "B-FX", {"spread_share": {"rate": 0.50}}),
    _deal(
        "D-GBPT",
        1,
        "P-GBPT",
        "B-GBP",
        {
            "revshare": _revshare(
                [{"from": 0, "rate": 0.10}, {"from": 1000, "rate": 0.20}], mode="progressive"
            )
        },
    ),
    # forex CPA: min_wagered (casino stakes) is ignored on a forex brand; min_lots 1
    _deal(
        "D-IBC",
        1,
        "IB-C",
        "B-FX",
        {"cpa": {**_cpa(200, min_ftd=50, wagered=200), "min_lots": 1}},
        currency="USD",
    ),
    _deal(
        "D-IBH",
        1,
        "IB-H",
        "B-FX",
        {"lot_rebate": {"rates": {"fx_major": 10}, "override": "difference"}},
        currency="USD",
    ),
    _deal("D-IBH2", 1, "IB-H2", "B-FX", {"lot_rebate": {"rates": {"fx_major": 6}}}, currency="USD"),
    _deal("D-IBH3", 1, "IB-H3", "B-FX", {"lot_rebate": {"rates": {"fx_major": 5}}}, currency="USD"),
    _deal(
        "D-IBH4", 1, "IB-H4", "B-FX", {"lot_rebate": {"rates": {"fx_major": 12}}}, currency="USD"
    ),
    _deal("D-GBPD", 1, "P-GBPD", "B-GBP", {"revshare": _revshare(0.10)}, currency="GBP"),
    _deal(
        "D-EDGE",
        1,
        "P-EDGE",
        "B-CAS",
        {"revshare": _revshare([{"from": 0, "rate": 0.20}, {"from": 5000, "rate": 0.30}])},
    ),
    _deal("D-GAP", 1, "P-GAP", "B-CAS", {"revshare": _revshare(0.25, carry=True)}),
    _deal("D-LATE", 1, "P-LATE", "B-CAS", {"revshare": _revshare(0.20)}, start="2026-05-15"),
    _deal("D-NGR", 1, "P-NGR", "B-NGR", {"revshare": _revshare(0.50)}),
    _deal("D-RND", 1, "P-RND", "B-CAS", {"revshare": _revshare(0.50)}),
    _deal("D-ALL", 1, "P-ALL", None, {"revshare": _revshare(0.10)}),
    _deal(
        "D-ALLC",
        1,
        "P-ALL",
        "B-CAS",
        {"revshare": _revshare(0.40)},
        start="2026-05-15",
        end="2026-06-01",
    ),
    _deal("D-GBPCPA", 1, "P-GBPCPA", "B-GBP", {"cpa": _cpa(80, min_ftd=25)}),
    _deal(
        "D-CPA2", 1, "P-CPA2", "B-CAS", {"cpa": {**_cpa(60, min_ftd=25), "min_deposits_total": 100}}
    ),
    _deal("D-MSTU", 1, "P-MSTU", "B-PROP", {"sub_partner": {"rate": 0.10}}),
    _deal(
        "D-SUBU",
        1,
        "P-SUBU",
        "B-PROP",
        {"challenge": {"rate": 0.20, "clawback_days": 30}},
        currency="USD",
    ),
    _deal("D-SUBSUB", 1, "P-SUBSUB", "B-CAS", {"revshare": _revshare(0.25)}),
]


def _cust(
    cid: str,
    brand: str,
    reg: str,
    *,
    country: str = "DE",
    kyc: str = "verified",
    kyc_at: str = "",
    btag: str = "",
    coupon: str = "",
    test: str = "false",
) -> list[object]:
    return [cid, brand, reg, country, kyc, kyc_at, btag, coupon, test]


def _act(
    day: str,
    cid: str,
    stakes: int,
    payouts: int,
    *,
    brand: str = "B-CAS",
    cur: str = "EUR",
    bonus: int = 0,
    jackpot: int = 0,
    tax: int = 0,
    cb: int = 0,
) -> list[object]:
    return [day, cid, brand, "casino", cur, stakes, payouts, bonus, jackpot, tax, cb]


def _dep(
    tid: str,
    cid: str,
    amount: int,
    at: str,
    status: str = "approved",
    brand: str = "B-CAS",
    cur: str = "EUR",
) -> list[object]:
    return [tid, cid, brand, "deposit", status, amount, cur, at]


def write_landing(landing: Path, *, edges: bool = True) -> None:
    """Every scenario; `edges=False` leaves out the files of write_edges (a first drop)."""
    ops, tracking, brand, trading = (landing / s for s in ("ops", "tracking", "brand", "trading"))
    _csv(
        ops / "brands.csv",
        ["brand_id", "brand_name", "vertical", "currency", "restricted_countries"],
        [
            ["B-CAS", "Casino", "igaming", "EUR", "US"],
            ["B-GBP", "Casino UK", "igaming", "GBP", ""],
            ["B-FX", "Broker", "forex", "USD", ""],
            ["B-PROP", "Prop Firm", "prop", "USD", ""],
            ["B-NGR", "Casino Net", "igaming", "EUR", ""],
        ],
    )
    _csv(
        ops / "partners.csv",
        [
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
        ],
        [
            [
                p,
                f"Partner {p}",
                t,
                parent,
                f"key-{p}",
                "GB",
                f"{p.lower()}@example.com",
                "active",
                "verified",
                "2026-01-01T00:00:00Z",
                "EUR",
                "0",
            ]
            for p, t, parent in PARTNERS
        ],
    )
    _csv(
        ops / "partner_brands.csv",
        ["partner_id", "brand_id", "joined_at", "status", "coupon_codes"],
        [
            [p, b, "2026-01-01T00:00:00Z", "active", COUPONS.get((p, b), "")]
            for b, ps in PARTNER_BRANDS.items()
            for p in ps
        ],
    )
    (ops / "deals.yaml").write_text(yaml.safe_dump(DEALS, sort_keys=False), encoding="utf-8")
    _csv(
        ops / "fx_rates.csv",
        ["rate_date", "currency", "usd_per_unit"],
        [
            ["2026-03-01", "USD", "1"],
            ["2026-03-01", "EUR", "1.25"],
            ["2026-03-01", "GBP", "1.50"],
            ["2026-05-20", "GBP", "1.375"],
        ],
    )
    _csv(
        ops / "symbols.csv",
        ["symbol", "symbol_group", "contract_size", "markup_per_lot_usd"],
        [
            ["EURUSD", "fx_major", "100000", "7"],
            ["BTCUSD", "crypto", "1", "0"],
            ["XAUUSD", "metals", "100", "0"],
        ],
    )

    # ---- tracking (scenario 11) -------------------------------------------------------------
    _csv(
        tracking / "clicks.csv",
        ["click_id", "partner_id", "brand_id", "clicked_at", "country"],
        [
            ["K-A1", "P-ATT", "B-CAS", "2026-04-30T09:00:00Z", "DE"],  # 10 days before A1 registers
            [
                "K-OLD",
                "P-ATT",
                "B-CAS",
                "2026-03-31T09:00:00Z",
                "DE",
            ],  # 40 days before A1B registers
            ["K-A2", "P-OTH", "B-CAS", "2026-05-01T09:00:00Z", "DE"],
            ["K-X", "P-ATT", "B-GBP", "2026-05-05T09:00:00Z", "DE"],  # another brand's click
            ["K-LATE", "P-ATT", "B-CAS", "2026-05-11T09:00:00Z", "DE"],  # after A9 registered
        ],
    )
    _csv(
        tracking / "conversions.csv",
        [
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
        ],
        [
            [
                "E-A1",
                "K-A1",
                "",
                "A1",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-05-10T10:00:00Z",
                "2026-05-10T10:00:01Z",
            ],
            [
                "E-A1B",
                "K-OLD",
                "",
                "A1B",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-05-10T10:00:00Z",
                "2026-05-10T10:00:01Z",
            ],
            [
                "E-A8",
                "K-X",
                "",
                "A8",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-05-10T10:00:00Z",
                "2026-05-10T10:00:01Z",
            ],
            [
                "E-A9",
                "K-LATE",
                "",
                "A9",
                "B-CAS",
                "registration",
                "",
                "",
                "2026-05-10T10:00:00Z",
                "2026-05-10T10:00:01Z",
            ],
        ],
    )

    customers = [
        # 1, 2, 3, 5, 6, 7: attributed by btag = partner id
        _cust("C-RS1", "B-CAS", "2026-03-20T10:00:00Z", btag="P-RS1"),
        _cust("C-PROG", "B-CAS", "2026-05-01T10:00:00Z", btag="P-PROG"),
        _cust("C-WHOLE", "B-CAS", "2026-05-01T10:00:00Z", btag="P-WHOLE"),
        _cust("C-FTD1", "B-CAS", "2026-04-20T10:00:00Z", btag="P-FTD"),
        _cust("C-FTD2", "B-CAS", "2026-04-20T10:00:00Z", btag="P-FTD"),
        _cust("C-FTD3", "B-CAS", "2026-04-20T10:00:00Z", btag="P-FTD"),
        # 4 CPA (D-CPA: 150, min FTD 25, min wagered 200, window 30, KYC, DE/GB)
        _cust("C-CPA1", "B-CAS", "2026-05-03T10:00:00Z", btag="P-CPA"),  # verified, no timestamp
        _cust("C-CPA2", "B-CAS", "2026-05-03T10:00:00Z", btag="P-CPA"),
        _cust("C-CPA3", "B-CAS", "2026-05-01T10:00:00Z", btag="P-CPA"),
        _cust("C-CPA4", "B-CAS", "2026-05-01T10:00:00Z", btag="P-CPA"),
        _cust(
            "C-CPA5", "B-CAS", "2026-05-03T10:00:00Z", kyc_at="2026-05-10T12:00:00Z", btag="P-CPA"
        ),
        _cust("C-CPA6", "B-CAS", "2026-05-03T10:00:00Z", country="FR", btag="P-CPA"),
        _cust("C-CPA7", "B-CAS", "2026-05-03T10:00:00Z", btag="P-CPA"),
        _cust("C-CPA8", "B-CAS", "2026-05-03T10:00:00Z", btag="P-CPA"),
        _cust("C-CPA9", "B-CAS", "2026-05-03T10:00:00Z", kyc="pending", btag="P-CPA"),
        _cust("C-HYB", "B-CAS", "2026-05-02T10:00:00Z", btag="P-HYB"),
        _cust("C-AMD", "B-CAS", "2026-05-01T10:00:00Z", btag="P-AMD"),
        _cust("C-AMD2", "B-CAS", "2026-05-10T10:00:00Z", btag="P-AMD"),
        _cust("C-SUB", "B-CAS", "2026-05-01T10:00:00Z", btag="P-SUB"),
        _cust("C-SUB2", "B-CAS", "2026-05-01T10:00:00Z", btag="P-SUB2"),
        # 10
        _cust("G1", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBP"),
        # 11 attribution (every one deposits 20 on its registration day: qualifies for CPA 50 at once)
        _cust("A1", "B-CAS", "2026-05-10T10:00:00Z", btag="P-OTH", coupon="ATTCODE"),
        _cust("A1B", "B-CAS", "2026-05-10T10:00:00Z", btag="P-OTH"),
        _cust("A2", "B-CAS", "2026-05-10T10:00:00Z", btag="K-A2"),
        _cust("A3", "B-CAS", "2026-05-10T10:00:00Z", btag="P-ATT"),
        _cust("A4", "B-CAS", "2026-05-10T10:00:00Z", coupon="ATT2"),
        _cust("A5", "B-CAS", "2026-05-10T10:00:00Z"),
        _cust("A6", "B-CAS", "2026-05-10T10:00:00Z", btag="P-ATT", test="true"),
        _cust("A7", "B-CAS", "2026-05-10T10:00:00Z", country="US", btag="P-ATT"),
        _cust("A8", "B-CAS", "2026-05-10T10:00:00Z", btag="P-OTH"),
        _cust("A9", "B-CAS", "2026-05-10T10:00:00Z", btag="P-OTH"),
        # 8 forex
        _cust("T-SS", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-SS"),
        _cust("T-R", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-R"),
        # 9 prop (coupon attribution)
        _cust("X-P1", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="PROPCODE"),
        _cust("X-P2", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="P14"),
    ]
    _csv(brand / "customers.csv", CUSTOMERS, customers)

    payments = [
        # 3 FTD count: C-FTD1 FTD 2 May; C-FTD2 declined 28 Apr, FTD 3 May; C-FTD3 FTD 5 Jun;
        # C-FTD1's June deposit is not a first deposit.
        _dep("T-F1", "C-FTD1", 50, "2026-05-02T10:00:00Z"),
        _dep("T-F2a", "C-FTD2", 50, "2026-04-28T10:00:00Z", "declined"),
        _dep("T-F2b", "C-FTD2", 50, "2026-05-03T10:00:00Z"),
        _dep("T-F3", "C-FTD3", 50, "2026-06-05T10:00:00Z"),
        _dep("T-F1b", "C-FTD1", 50, "2026-06-06T10:00:00Z"),
        # 4 CPA
        _dep("T-C1", "C-CPA1", 30, "2026-05-04T10:00:00Z"),
        _dep("T-C2", "C-CPA2", 30, "2026-05-04T10:00:00Z"),
        _dep("T-C3", "C-CPA3", 30, "2026-05-01T12:00:00Z"),
        _dep("T-C4", "C-CPA4", 30, "2026-05-01T12:00:00Z"),
        _dep("T-C5", "C-CPA5", 30, "2026-05-04T10:00:00Z"),
        _dep("T-C6", "C-CPA6", 30, "2026-05-04T10:00:00Z"),
        _dep("T-C7a", "C-CPA7", 100, "2026-05-04T10:00:00Z", "declined"),
        _dep("T-C7b", "C-CPA7", 20, "2026-05-06T10:00:00Z"),
        _dep("T-C7c", "C-CPA7", 50, "2026-05-07T10:00:00Z"),
        _dep("T-C8a", "C-CPA8", 10, "2026-05-04T10:00:00Z", "declined"),
        _dep("T-C8b", "C-CPA8", 30, "2026-05-06T10:00:00Z"),
        _dep("T-C9", "C-CPA9", 30, "2026-05-04T10:00:00Z"),
        # 5, 6
        _dep("T-H", "C-HYB", 50, "2026-05-02T12:00:00Z"),
        _dep("T-AMD", "C-AMD", 20, "2026-05-01T12:00:00Z"),
        _dep("T-AMD2", "C-AMD2", 20, "2026-05-20T12:00:00Z"),
        # 11
        *[
            _dep(f"T-{c}", c, 20, "2026-05-10T12:00:00Z")
            for c in ("A1", "A1B", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9")
        ],
    ]
    _csv(brand / "payments.csv", PAYMENTS, payments)

    activity = [
        # 1 carryover: Apr NGR -2,000; May 1,200; Jun 5,000 - 500 - 300 bonus - 100 jackpot - 100 tax = 4,000
        _act("2026-04-10", "C-RS1", 1000, 3000),
        _act("2026-05-10", "C-RS1", 2000, 800),
        _act("2026-06-10", "C-RS1", 5000, 500, bonus=300, jackpot=100, tax=100),
        # 2 NGR 26,000 each (June)
        _act("2026-06-05", "C-PROG", 30000, 4000),
        _act("2026-06-05", "C-WHOLE", 30000, 4000),
        # 3 FTD tiers: May NGR 1,000; June NGR 500
        _act("2026-05-10", "C-FTD1", 1500, 500),
        _act("2026-06-10", "C-FTD1", 800, 300),
        # 4 CPA stakes (payouts 0: the deal has no revshare)
        _act("2026-05-20", "C-CPA1", 100, 0),
        _act("2026-06-01", "C-CPA1", 100, 0),  # 200 reached 1 Jun
        _act("2026-06-09", "C-CPA2", 200, 0),  # 200 reached 9 Jun (day 37)
        _act("2026-05-31", "C-CPA3", 200, 0),  # day 30 of 30
        _act("2026-06-01", "C-CPA4", 200, 0),  # day 31
        _act("2026-05-05", "C-CPA5", 250, 0),  # KYC 10 May is the last condition
        _act("2026-05-05", "C-CPA6", 250, 0),  # FR: not in the allowlist
        _act("2026-05-08", "C-CPA7", 300, 0),  # FTD 20 < 25
        _act("2026-05-05", "C-CPA8", 250, 0),  # FTD 30 on 6 May (the declined 10 is no FTD)
        _act("2026-05-05", "C-CPA9", 250, 0),  # KYC pending
        # 5 hybrid: May NGR -500, June 1,000
        _act("2026-05-10", "C-HYB", 1000, 1500),
        _act("2026-06-10", "C-HYB", 1500, 500),
        # 6 amendment: 10 May NGR 1,000 (v1); 20 May NGR 2,000 (v2)
        _act("2026-05-10", "C-AMD", 1500, 500),
        _act("2026-05-20", "C-AMD", 3000, 1000),
        # 7 sub-affiliates: P-SUB May NGR 1,600; P-SUB2 May -800, June 2,000
        _act("2026-05-10", "C-SUB", 2000, 400),
        _act("2026-05-10", "C-SUB2", 200, 1000),
        _act("2026-06-10", "C-SUB2", 2500, 500),
        # 10 GBP: 10 May NGR 1,000 GBP (rate 1.50); 25 May NGR 500 GBP (rate of 20 May: 1.375)
        _act("2026-05-10", "G1", 1500, 500, brand="B-GBP", cur="GBP"),
        _act("2026-05-25", "G1", 800, 300, brand="B-GBP", cur="GBP"),
    ]
    _csv(brand / "casino_activity.csv", CASINO, activity)

    _csv(
        brand / "prop_orders.csv",
        ORDERS,
        [
            [
                "O-1",
                "X-P1",
                "B-PROP",
                "purchase",
                "challenge-50k",
                "300",
                "USD",
                "PROPCODE",
                "",
                "2026-05-02T10:00:00Z",
            ],
            [
                "O-2",
                "X-P1",
                "B-PROP",
                "reset",
                "challenge-50k",
                "80",
                "USD",
                "",
                "",
                "2026-05-20T10:00:00Z",
            ],
            [
                "O-3",
                "X-P1",
                "B-PROP",
                "refund",
                "challenge-50k",
                "300",
                "USD",
                "",
                "O-1",
                "2026-05-25T10:00:00Z",
            ],
            [
                "O-4",
                "X-P1",
                "B-PROP",
                "refund",
                "challenge-50k",
                "80",
                "USD",
                "",
                "O-2",
                "2026-06-28T10:00:00Z",
            ],
            [
                "O-5",
                "X-P2",
                "B-PROP",
                "purchase",
                "challenge-25k",
                "200",
                "USD",
                "P14",
                "",
                "2026-05-01T10:00:00Z",
            ],
            [
                "O-6",
                "X-P2",
                "B-PROP",
                "purchase",
                "challenge-10k",
                "100",
                "USD",
                "",
                "",
                "2026-05-03T10:00:00Z",
            ],
            [
                "O-7",
                "X-P2",
                "B-PROP",
                "refund",
                "challenge-25k",
                "200",
                "USD",
                "",
                "O-5",
                "2026-05-15T10:00:00Z",
            ],
            [
                "O-8",
                "X-P2",
                "B-PROP",
                "chargeback",
                "challenge-10k",
                "100",
                "USD",
                "",
                "O-6",
                "2026-05-18T10:00:00Z",
            ],
        ],
    )

    # ---- trading (scenario 8) -----------------------------------------------------------------
    _csv(
        trading / "trading_accounts.csv",
        ["platform", "server", "login", "customer_id", "brand_id", "currency", "opened_at"],
        [
            ["mt4", "MT4-LIVE", "1001", "T-SS", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt5", "MT5-LIVE", "2001", "T-SS", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt5", "MT5-LIVE", "2002", "T-R", "B-FX", "USD", "2026-05-01T10:00:00Z"],
        ],
    )
    epoch = "1970-01-01 00:00:00"
    _csv(
        trading / "mt4_trades_open.csv",
        MT4,
        [
            # ticket 5001 exported while open (2 lots), re-exported below once closed: the latest wins
            [
                "5001",
                "1001",
                "EURUSD",
                "5",
                "0",
                "200",
                "2026-06-02 10:00:00",
                "1.1",
                epoch,
                "0",
                "0",
                "0",
                "0",
                "",
                "2026-06-02 10:00:00",
                "MT4-LIVE",
            ],
        ],
    )
    _csv(
        trading / "mt4_trades_closed.csv",
        MT4,
        [
            [
                "5001",
                "1001",
                "EURUSD",
                "5",
                "0",
                "200",
                "2026-06-02 10:00:00",
                "1.1",
                "2026-06-03 10:00:00",
                "1.2",
                "0",
                "0",
                "100",
                "",
                "2026-06-03 10:00:00",
                "MT4-LIVE",
            ],
            # a deleted pending order (CMD 2) and a balance row (CMD 6): no lots
            [
                "5002",
                "1001",
                "EURUSD",
                "5",
                "2",
                "500",
                "2026-06-02 11:00:00",
                "1.0",
                "2026-06-04 11:00:00",
                "0",
                "0",
                "0",
                "0",
                "cancelled",
                "2026-06-04 11:00:00",
                "MT4-LIVE",
            ],
            [
                "5003",
                "1001",
                "",
                "0",
                "6",
                "0",
                "2026-06-01 09:00:00",
                "0",
                "2026-06-01 09:00:00",
                "0",
                "0",
                "0",
                "1000",
                "deposit",
                "2026-06-01 09:00:00",
                "MT4-LIVE",
            ],
        ],
    )
    t0 = 1780646400  # 2026-06-05 08:00:00 UTC (epoch seconds)
    mt5 = [
        # T-SS: 1 BTCUSD lot, entry (Entry 0) + exit (Entry 1): 1 lot counted once, at the exit
        [
            "9001",
            "2001",
            t0,
            t0 * 1000,
            "BTCUSD",
            "0",
            "0",
            "10000",
            "0",
            "60000",
            "0",
            "0",
            "0",
            "700",
            "",
            "MT5-LIVE",
        ],
        [
            "9002",
            "2001",
            t0 + 3600,
            (t0 + 3600) * 1000,
            "BTCUSD",
            "1",
            "1",
            "10000",
            "10000",
            "60100",
            "100",
            "0",
            "0",
            "700",
            "",
            "MT5-LIVE",
        ],
        # a balance deal: money, not volume
        [
            "9003",
            "2001",
            t0 - 60,
            (t0 - 60) * 1000,
            "",
            "2",
            "0",
            "0",
            "0",
            "0",
            "5000",
            "0",
            "0",
            "0",
            "deposit",
            "MT5-LIVE",
        ],
    ]
    # T-R: 30 round turns of 0.01 lot (Volume 100) EURUSD: an entry and an exit deal each
    for i in range(30):
        t = t0 + 86400 + i * 600  # 2026-06-06 from 08:00, every 10 minutes
        pos = 800 + i
        mt5.append(
            [
                str(10000 + 2 * i),
                "2002",
                t,
                t * 1000,
                "EURUSD",
                "0",
                "0",
                "100",
                "0",
                "1.1",
                "0",
                "0",
                "0",
                pos,
                "",
                "MT5-LIVE",
            ]
        )
        mt5.append(
            [
                str(10001 + 2 * i),
                "2002",
                t + 300,
                (t + 300) * 1000,
                "EURUSD",
                "1",
                "1",
                "100",
                "100",
                "1.1",
                "1",
                "0",
                "0",
                pos,
                "",
                "MT5-LIVE",
            ]
        )
    _csv(trading / "mt5_deals.csv", MT5, mt5)
    if edges:
        write_edges(landing)


def _jsonl(path: Path, rows: list[dict]) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def write_edges(landing: Path) -> None:
    """Harder cases in their own files (other formats, sub-folders, copies, re-exports)."""
    ops, brand, trading = landing / "ops", landing / "brand", landing / "trading"
    # B-NGR: admin fee 10%, bonuses and tax deducted, jackpot and chargebacks NOT deducted
    _csv(
        ops / "ngr_rules.csv",
        [
            "brand_id",
            "admin_fee_rate",
            "deduct_bonuses",
            "deduct_jackpot",
            "deduct_tax",
            "deduct_chargebacks",
        ],
        [["B-NGR", "0.10", "yes", "FALSE", "1", "no"]],
    )
    _csv(
        brand / "customers_edges.csv",
        CUSTOMERS,
        [
            _cust("N1", "B-NGR", "2026-05-01T10:00:00Z", btag="P-NGR"),
            _cust("C-RND", "B-CAS", "2026-05-01T10:00:00Z", btag="P-RND"),
            _cust("C-ALL", "B-CAS", "2026-05-01T10:00:00Z", btag="P-ALL"),
            _cust("G2", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBPCPA"),
            _cust("G3", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBPCPA"),
            _cust("G4", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBPCPA"),
            _cust("C-CPT1", "B-CAS", "2026-05-03T10:00:00Z", btag="P-CPA2"),
            _cust("X-U1", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="SUBU"),
            _cust("X-P3", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="P14"),
            _cust("C-SUBSUB", "B-CAS", "2026-05-01T10:00:00Z", btag="P-SUBSUB"),
            _cust("T-E", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-E"),
            _cust("T-F", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-F2"),
            _cust("T-A", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-A"),
            _cust("T-X", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag="IB-X"),
            # registered 2 May 01:00 at +03:00 = 1 May 22:00 UTC: registration date 1 May
            _cust("C-OFF", "B-CAS", "2026-05-02T01:00:00+03:00", btag="P-CPA2"),
            _cust("X-P4", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="P14"),
            _cust("X-P5", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="PROPCODE"),
            _cust("G5", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBPT"),
            _cust("T-C", "B-FX", "2026-06-01T10:00:00Z", country="GB", btag="IB-C"),
            _cust("T-C2", "B-FX", "2026-06-01T10:00:00Z", country="GB", btag="IB-C"),
            *[
                _cust(f"T-{p}", "B-FX", "2026-05-01T10:00:00Z", country="GB", btag=p)
                for p in ("IB-H", "IB-H2", "IB-H3", "IB-H4")
            ],
            _cust("C-EDGE", "B-CAS", "2026-05-01T10:00:00Z", btag="P-EDGE"),
            # one customer id on two brands: two customers, one partner each
            _cust("DUAL", "B-CAS", "2026-05-01T10:00:00Z", btag="P-LATE"),
            _cust("DUAL", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBP"),
            # FTDs of a test customer and of a restricted-country customer count for no tier
            _cust("C-FTD4", "B-CAS", "2026-04-20T10:00:00Z", btag="P-FTD", test="yes"),
            _cust("C-FTD5", "B-CAS", "2026-04-20T10:00:00Z", country="US", btag="P-FTD"),
            _cust("G6", "B-GBP", "2026-05-01T10:00:00Z", country="GB", btag="P-GBPD"),
            _cust("C-GAP", "B-CAS", "2026-03-20T10:00:00Z", btag="P-GAP"),
            _cust("C-LATE", "B-CAS", "2026-05-01T10:00:00Z", btag="P-LATE"),
            _cust("X-P6", "B-PROP", "2026-05-01T10:00:00Z", country="GB", coupon="PROPCODE"),
        ],
    )
    _csv(
        brand / "payments_edges.csv",
        PAYMENTS,
        [
            _dep("T-G2", "G2", 21, "2026-05-10T10:00:00Z", brand="B-GBP", cur="GBP"),
            _dep("T-G3", "G3", 22, "2026-05-22T10:00:00Z", brand="B-GBP", cur="GBP"),
            _dep("T-G4a", "G4", 30, "2026-05-10T10:00:00Z", "reversed", brand="B-GBP", cur="GBP"),
            _dep("T-G4b", "G4", 10, "2026-05-11T10:00:00Z", brand="B-GBP", cur="GBP"),
            _dep("T-P1", "C-CPT1", 30, "2026-05-04T10:00:00Z"),
            [
                "T-P2",
                "C-CPT1",
                "B-CAS",
                "withdrawal",
                "approved",
                "50",
                "EUR",
                "2026-05-05T10:00:00Z",
            ],
            _dep("T-P3", "C-CPT1", 40, "2026-05-08T10:00:00Z"),
            _dep("T-P4", "C-CPT1", 50, "2026-05-09T10:00:00Z", "reversed"),
            _dep("T-P5", "C-CPT1", 30, "2026-05-15T10:00:00Z"),
            _dep("T-OFF", "C-OFF", 100, "2026-06-01T10:00:00Z"),  # day 31 after 1 May
            _dep("T-FTD4", "C-FTD4", 50, "2026-06-10T10:00:00Z"),
            _dep("T-FTD5", "C-FTD5", 50, "2026-06-11T10:00:00Z"),
            _dep("T-TC", "T-C", 100, "2026-06-01T12:00:00Z", brand="B-FX", cur="USD"),
            _dep("T-TC2", "T-C2", 100, "2026-06-01T12:00:00Z", brand="B-FX", cur="USD"),
        ],
    )
    act = dict(zip(CASINO, [None] * len(CASINO)))
    _jsonl(
        brand / "casino" / "casino_activity_edges.jsonl",
        [
            {
                **act,
                "activity_date": "2026-05-05",
                "customer_id": "N1",
                "brand_id": "B-NGR",
                "product": "casino",
                "currency": "EUR",
                "stakes": "1000",
                "payouts": "400",
                "bonus_cost": "50",
                "jackpot_contribution": "30",
                "gaming_tax": "20",
                "chargebacks": "10",
            },
            {
                **act,
                "activity_date": "2026-05-05",
                "customer_id": "N1",
                "brand_id": "B-NGR",
                "product": "sportsbook",
                "currency": "EUR",
                "stakes": "100",
                "payouts": "300",
                "bonus_cost": "0",
                "jackpot_contribution": "0",
                "gaming_tax": "0",
                "chargebacks": "0",
            },
        ],
    )
    _csv(
        brand / "casino_activity_edges.csv",
        CASINO,
        [
            [*_act("2026-05-15", "C-RND", 0, 200)[:5], "300.01", "200", 0, 0, 0, 0],
            _act("2026-05-10", "C-ALL", 1500, 500),
            _act("2026-05-20", "C-ALL", 1500, 500),
            _act("2026-06-10", "C-ALL", 1500, 500),
            _act("2026-05-10", "C-SUBSUB", 600, 200),
            _act("2026-05-10", "G5", 1500, 500, brand="B-GBP", cur="GBP"),
            _act("2026-05-10", "G6", 1500, 500, brand="B-GBP", cur="GBP"),
            _act("2026-05-10", "C-EDGE", 6000, 1000),
            _act("2026-05-25", "DUAL", 300, 200),
            _act("2026-05-25", "DUAL", 300, 200, brand="B-GBP", cur="GBP"),
            _act("2026-04-10", "C-GAP", 100, 500),
            _act("2026-06-10", "C-GAP", 1500, 500),
            _act("2026-05-10", "C-LATE", 1500, 500),
            _act("2026-05-20", "C-LATE", 1000, 500),
            _act("2026-07-05", "C-PROG", 1000, 2000),
            _act("2026-07-05", "C-WHOLE", 1000, 2000),
            _act("2026-05-12", "A1", 300, 200),
            _act("2026-05-12", "A5", 5000, 0),
            _act("2026-05-12", "A6", 5000, 0),
            _act("2026-05-12", "A7", 5000, 0),
        ],
    )
    # a row breaking the contract (negative stakes): quarantined, the file's other rows load
    _csv(
        brand / "casino_activity_bad.csv",
        CASINO,
        [
            _act("2026-05-16", "A5", 100, 0),
            [*_act("2026-05-17", "C-RND", 0, 0)[:5], "-5", "0", 0, 0, 0, 0],
        ],
    )
    # an exact copy of a file already dropped, in a sub-folder under another name: loads nothing new
    copy = brand / "2026" / "06" / "casino_activity-copy.csv"
    copy.parent.mkdir(parents=True, exist_ok=True)
    copy.write_bytes((brand / "casino_activity.csv").read_bytes())
    _csv(
        brand / "prop_orders_edges.csv",
        ORDERS,
        [
            [
                "O-U1",
                "X-U1",
                "B-PROP",
                "purchase",
                "challenge-100k",
                "500",
                "USD",
                "SUBU",
                "",
                "2026-05-10T10:00:00Z",
            ],
            [
                "O-U2",
                "X-U1",
                "B-PROP",
                "refund",
                "challenge-100k",
                "500",
                "USD",
                "",
                "O-U1",
                "2026-06-05T10:00:00Z",
            ],
            [
                "O-9",
                "X-P3",
                "B-PROP",
                "purchase",
                "challenge-10k",
                "100",
                "EUR",
                "P14",
                "",
                "2026-05-12T10:00:00Z",
            ],
            [
                "O-12",
                "X-P5",
                "B-PROP",
                "purchase",
                "challenge-25k",
                "200",
                "USD",
                "PROPCODE",
                "",
                "2026-05-03T10:00:00Z",
            ],
            [
                "O-13",
                "X-P5",
                "B-PROP",
                "refund",
                "challenge-25k",
                "50",
                "USD",
                "",
                "O-12",
                "2026-05-10T10:00:00Z",
            ],
            [
                "O-15",
                "X-P6",
                "B-PROP",
                "purchase",
                "challenge-25k",
                "100",
                "GBP",
                "PROPCODE",
                "",
                "2026-05-15T10:00:00Z",
            ],
            [
                "O-16",
                "X-P6",
                "B-PROP",
                "refund",
                "challenge-25k",
                "100",
                "GBP",
                "",
                "O-15",
                "2026-05-25T10:00:00Z",
            ],
            [
                "O-10",
                "X-P4",
                "B-PROP",
                "purchase",
                "challenge-10k",
                "100",
                "USD",
                "P14",
                "",
                "2026-05-20T08:00:00Z",
            ],
            # 14 calendar days later, but 14.5 x 24 hours: day 14 is included
            [
                "O-11",
                "X-P4",
                "B-PROP",
                "refund",
                "challenge-10k",
                "100",
                "USD",
                "",
                "O-10",
                "2026-06-03T20:00:00Z",
            ],
        ],
    )
    # a re-export of order O-1 (same key, same values) in another format: counts once
    _jsonl(
        brand / "prop_orders_reexport.jsonl",
        [
            {
                "order_id": "O-1",
                "customer_id": "X-P1",
                "brand_id": "B-PROP",
                "kind": "purchase",
                "product": "challenge-50k",
                "amount": "300",
                "currency": "USD",
                "coupon_code": "PROPCODE",
                "refers_to_order_id": None,
                "occurred_at": "2026-05-02T10:00:00Z",
            },
        ],
    )

    _csv(
        trading / "trading_accounts_edges.csv",
        ["platform", "server", "login", "customer_id", "brand_id", "currency", "opened_at"],
        [
            ["mt4", "MT4-LIVE", "1002", "T-F", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1003", "T-A", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1004", "T-E", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt5", "MT5-LIVE", "3001", "T-E", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1005", "T-X", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1006", "T-C", "B-FX", "USD", "2026-06-01T10:00:00Z"],
            ["mt4", "MT4-B", "1001", "T-R", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1010", "T-IB-H", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1011", "T-IB-H2", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1012", "T-IB-H3", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1013", "T-IB-H4", "B-FX", "USD", "2026-05-01T10:00:00Z"],
            ["mt4", "MT4-LIVE", "1007", "T-C2", "B-FX", "USD", "2026-06-01T10:00:00Z"],
        ],
    )

    def mt4(
        ticket: int, login: int, symbol: str, volume: int, opened: str, closed: str
    ) -> list[object]:
        return [
            ticket,
            login,
            symbol,
            5,
            0,
            volume,
            opened,
            "1.1",
            closed,
            "1.2",
            0,
            0,
            10,
            "",
            closed,
            "MT4-LIVE",
        ]

    _csv(
        trading / "mt4" / "mt4_trades_edges.csv",
        MT4,
        [
            mt4(
                6001, 1004, "EURUSD.pro", 50, "2026-06-08 10:00:00", "2026-06-08 10:05:00"
            ),  # held 300 s
            mt4(
                6002, 1004, "EURUSD", 100, "2026-06-08 11:00:00", "2026-06-08 11:00:30"
            ),  # held 30 s < 60
            mt4(
                6003, 1004, "WEIRD1", 100, "2026-06-08 12:00:00", "2026-06-08 13:00:00"
            ),  # no symbol: default
            mt4(7001, 1002, "EURUSD", 300, "2026-06-09 10:00:00", "2026-06-09 12:00:00"),
            mt4(7002, 1002, "BTCUSD", 100, "2026-06-09 10:00:00", "2026-06-09 12:00:00"),
            mt4(
                8001, 1003, "EURUSD", 100, "2026-06-10 10:00:00", "2026-06-10 12:00:00"
            ),  # v1 (until 15 Jun)
            mt4(8002, 1003, "EURUSD", 100, "2026-06-20 10:00:00", "2026-06-20 12:00:00"),  # v2
            mt4(8101, 1005, "EURUSD", 100, "2026-06-11 10:00:00", "2026-06-11 12:00:00"),
            # ticket 8003 exported closed with VOLUME 300, re-exported with a later MODIFY_TIME and VOLUME 100
            [
                8003,
                1003,
                "EURUSD",
                5,
                1,
                300,
                "2026-06-21 10:00:00",
                "1.1",
                "2026-06-21 12:00:00",
                "1.2",
                0,
                0,
                10,
                "",
                "2026-06-21 12:00:00",
                "MT4-LIVE",
            ],
            [
                8003,
                1003,
                "EURUSD",
                5,
                1,
                100,
                "2026-06-21 10:00:00",
                "1.1",
                "2026-06-21 12:00:00",
                "1.2",
                0,
                0,
                10,
                "corrected",
                "2026-06-22 09:00:00",
                "MT4-LIVE",
            ],
            # IB-C's CPA clients: T-C closes 0.5 lot on 5 Jun and 0.5 on 10 Jun; T-C2 1 lot on 2 Jul (day 31)
            mt4(8201, 1006, "EURUSD", 50, "2026-06-05 10:00:00", "2026-06-05 12:00:00"),
            mt4(8202, 1006, "EURUSD", 50, "2026-06-10 10:00:00", "2026-06-10 12:00:00"),
            mt4(8203, 1007, "EURUSD", 100, "2026-07-02 10:00:00", "2026-07-02 12:00:00"),
            # server MT4-B: login 1001 and ticket 5001 again, but another account (T-R's)
            [
                5001,
                1001,
                "EURUSD",
                5,
                0,
                100,
                "2026-06-06 10:00:00",
                "1.1",
                "2026-06-06 12:00:00",
                "1.2",
                0,
                0,
                10,
                "",
                "2026-06-06 12:00:00",
                "MT4-B",
            ],
            *[
                mt4(8300 + i, login, "EURUSD", 100, "2026-06-15 10:00:00", "2026-06-15 12:00:00")
                for i, login in enumerate((1010, 1011, 1012, 1013))
            ],
        ],
    )

    def mt5(
        deal: int, time: str, action: int, entry: int, volume: int, closed: int
    ) -> list[object]:
        return [
            deal,
            3001,
            time,
            time + ".250",
            "XAUUSD",
            action,
            entry,
            volume,
            closed,
            "2300",
            0,
            0,
            0,
            950,
            "",
            "MT5-LIVE",
        ]

    # XAUUSD position 950 (Time as a datetime): in 2 lots; out 1; reversal in/out closing 1 (and
    # opening 2 the other way); out 2. Closed: 1 + 1 + 2 = 4 lots, each exit >= 60 s after the entry.
    _csv(
        trading / "mt5_deals_edges.csv",
        MT5,
        [
            mt5(20001, "2026-06-08 10:00:00", 0, 0, 20000, 0),
            mt5(20002, "2026-06-08 10:02:00", 1, 1, 10000, 10000),
            mt5(20003, "2026-06-08 10:04:00", 1, 2, 30000, 10000),
            mt5(20004, "2026-06-08 10:06:00", 0, 1, 20000, 20000),
        ],
    )

    # The gateway's ...Ext columns (hundred-millionths of a lot) win over Volume/VolumeClosed:
    # position 970 EURUSD 0.12345678 lot, closed by an out-by deal (Entry 3) 5 minutes later.
    _csv(
        trading / "mt5_deals_ext.csv",
        [
            "Deal",
            "Login",
            "Time",
            "Symbol",
            "Action",
            "Entry",
            "Volume",
            "VolumeExt",
            "VolumeClosed",
            "VolumeClosedExt",
            "PositionID",
            "Server",
        ],
        [
            [21001, 3001, 1780999200, "EURUSD", 0, 0, 1235, 12345678, 0, 0, 970, "MT5-LIVE"],
            [
                21002,
                3001,
                1780999500,
                "EURUSD",
                1,
                3,
                1235,
                12345678,
                1235,
                12345678,
                970,
                "MT5-LIVE",
            ],
        ],
    )

    # A gateway export without VolumeClosed columns: exits (Entry 1) count their Volume; a reversal
    # (Entry 2) cannot be read without them and is quarantined. Position 980 XAUUSD: in 1 lot, out
    # 1 lot 10 minutes later (counts); position 990 EURUSD: in and out 30 s apart (< min hold 60 s).
    _csv(
        trading / "mt5_deals_novc.csv",
        ["Deal", "Login", "Time", "Symbol", "Action", "Entry", "Volume", "PositionID", "Server"],
        [
            [22001, 3001, "2026-06-12 10:00:00", "XAUUSD", 0, 0, 10000, 980, "MT5-LIVE"],
            [22002, 3001, "2026-06-12 10:10:00", "XAUUSD", 1, 1, 10000, 980, "MT5-LIVE"],
            [22003, 3001, "2026-06-12 10:20:00", "XAUUSD", 1, 2, 20000, 981, "MT5-LIVE"],
            [22004, 3001, "2026-06-12 11:00:00", "EURUSD", 0, 0, 10000, 990, "MT5-LIVE"],
            [22005, 3001, "2026-06-12 11:00:30", "EURUSD", 1, 1, 10000, 990, "MT5-LIVE"],
        ],
    )
