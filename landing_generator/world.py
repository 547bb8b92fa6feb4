"""The master data of the generated operator: brands, partners, partner brands, deals, symbols,
FX rates and NGR rules, plus the calendar of the run.

A handful of hand-made "showcase" partners (P-0001 .. P-0017) exercise every rule of RULES.md
with fixed ids so tests and demos can point at them; the rest are drawn from templates with
the seeded random stream so bigger scales simply have more of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

UTC = dt.UTC
DATA_END = dt.datetime(2026, 11, 1, tzinfo=UTC)  # exclusive: the last generated month is 2026-10


@dataclass(frozen=True)
class Brand:
    brand_id: str
    name: str
    vertical: str
    currency: str
    restricted: tuple[str, ...]
    prefix: str  # customer id prefix


BRANDS = (
    Brand("B-CASINO", "Royal Spin Casino", "igaming", "EUR", ("US", "FR"), "CAS"),
    Brand("B-SPORT", "Kickoff Sportsbook", "igaming", "GBP", ("US",), "SPT"),
    Brand("B-FX", "Meridian FX", "forex", "USD", ("US", "CA"), "FX"),
    Brand("B-PROP", "Apex Funded Trader", "prop", "USD", (), "PRP"),
)
BRAND_BY_ID = {b.brand_id: b for b in BRANDS}

# Customer countries and their weights; US and FR are restricted somewhere on purpose.
COUNTRIES = (
    "GB",
    "DE",
    "SE",
    "FI",
    "NO",
    "IE",
    "AT",
    "ES",
    "IT",
    "NL",
    "PL",
    "CA",
    "AU",
    "BR",
    "MX",
    "ZA",
    "IN",
    "FR",
    "US",
)
COUNTRY_WEIGHTS = np.array([14, 12, 6, 5, 4, 3, 3, 6, 6, 5, 5, 5, 5, 5, 4, 3, 4, 2.5, 2.0])
COUNTRY_WEIGHTS = COUNTRY_WEIGHTS / COUNTRY_WEIGHTS.sum()
PARTNER_COUNTRIES = ("GB", "MT", "CY", "DE", "SE", "AE", "NL", "ES", "BR", "ZA")

# symbol, group, contract size, broker markup in USD per standard lot
SYMBOLS = (
    ("EURUSD", "fx_major", "100000", "7.00"),
    ("GBPUSD", "fx_major", "100000", "8.00"),
    ("USDJPY", "fx_major", "100000", "7.50"),
    ("USDCHF", "fx_major", "100000", "8.00"),
    ("AUDUSD", "fx_major", "100000", "7.50"),
    ("USDCAD", "fx_major", "100000", "8.00"),
    ("EURGBP", "fx_minor", "100000", "10.00"),
    ("EURJPY", "fx_minor", "100000", "11.00"),
    ("GBPJPY", "fx_minor", "100000", "14.00"),
    ("AUDNZD", "fx_minor", "100000", "12.00"),
    ("XAUUSD", "metals", "100", "15.00"),
    ("XAGUSD", "metals", "5000", "12.00"),
    ("US30", "indices", "1", "2.50"),
    ("NAS100", "indices", "1", "2.00"),
    ("GER40", "indices", "1", "2.00"),
    ("USOIL", "energies", "1000", "5.00"),
    ("UKOIL", "energies", "1000", "5.00"),
    ("BTCUSD", "crypto", "1", "20.00"),
    ("ETHUSD", "crypto", "1", "10.00"),
    ("AAPL", "stocks", "1", "0.50"),
    ("TSLA", "stocks", "1", "0.50"),
)
# What the servers report: listed symbols, broker suffixes, and SOLUSD which is not listed
# (it falls in `default` and is reported). Weights say how often each is traded.
TRADED_SYMBOLS = (
    ("EURUSD", 18, 5, 1.08),
    ("EURUSD.", 4, 5, 1.08),
    ("EURUSDm", 4, 5, 1.08),
    ("EURUSD.pro", 3, 5, 1.08),
    ("GBPUSD", 8, 5, 1.27),
    ("GBPUSD..", 2, 5, 1.27),
    ("USDJPY", 8, 3, 150.0),
    ("USDCHF", 3, 5, 0.88),
    ("AUDUSD", 4, 5, 0.66),
    ("USDCAD", 3, 5, 1.36),
    ("EURGBP", 3, 5, 0.85),
    ("EURJPY", 3, 3, 162.0),
    ("GBPJPY", 3, 3, 190.0),
    ("AUDNZD", 1, 5, 1.09),
    ("XAUUSD", 10, 2, 2350.0),
    ("XAUUSD.pro", 2, 2, 2350.0),
    ("XAGUSD", 2, 3, 28.0),
    ("US30", 4, 1, 39000.0),
    ("NAS100", 4, 1, 18000.0),
    ("GER40", 2, 1, 18500.0),
    ("USOIL", 3, 2, 78.0),
    ("UKOIL", 1, 2, 82.0),
    ("BTCUSD", 3, 2, 65000.0),
    ("ETHUSD", 2, 2, 3200.0),
    ("AAPL", 1, 2, 190.0),
    ("TSLA", 1, 2, 180.0),
    ("SOLUSD", 1, 2, 150.0),
)

FX_START = {"USD": 1.0, "EUR": 1.085, "GBP": 1.27, "AUD": 0.66}


@dataclass(frozen=True)
class Calendar:
    months: tuple[dt.date, ...]  # first days, oldest first

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.months[0], dt.time(), UTC)

    @property
    def end(self) -> dt.datetime:
        return DATA_END

    def month_bounds(self, i: int) -> tuple[int, int]:
        """Epoch seconds [start, end) of the i-th month."""
        start = dt.datetime.combine(self.months[i], dt.time(), UTC)
        end = (
            DATA_END
            if i + 1 == len(self.months)
            else dt.datetime.combine(self.months[i + 1], dt.time(), UTC)
        )
        return int(start.timestamp()), int(end.timestamp())


def calendar(months: int) -> Calendar:
    firsts = []
    y, m = DATA_END.year, DATA_END.month
    for _ in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        firsts.append(dt.date(y, m, 1))
    return Calendar(tuple(reversed(firsts)))


@dataclass
class Partner:
    partner_id: str
    display_name: str
    partner_type: str
    parent: str | None
    person_key: str
    country: str
    status: str
    kyc_status: str
    joined_at: dt.datetime
    payout_currency: str
    payout_threshold: str
    brands: dict[str, list[str]] = field(default_factory=dict)  # brand_id -> coupon codes
    weight: float = 1.0  # share of traffic (Pareto for generated partners)
    scalper: bool = False  # an IB whose clients scalp (exercises min_hold_seconds)


@dataclass
class World:
    cal: Calendar
    partners: list[Partner]
    deals: list[dict]
    fx_days: list[dt.date]
    fx: dict[str, list[str]]  # currency -> 6-decimal strings per day

    @cached_property
    def index(self) -> dict[str, int]:
        return {p.partner_id: i for i, p in enumerate(self.partners)}

    def brand_partners(self, brand_id: str) -> tuple[list[Partner], np.ndarray]:
        """Partners who can send traffic to a brand, and their normalised traffic weights."""
        ps = [
            p for p in self.partners if brand_id in p.brands and p.status in ("active", "suspended")
        ]
        w = np.array([p.weight for p in ps], dtype=float)
        return ps, w / w.sum()


# ---- deal terms ------------------------------------------------------------------------------
def revshare_whole() -> dict:
    return {
        "basis": "ngr",
        "tier_metric": "ngr",
        "tiers": [
            {"from": 0, "rate": 0.25},
            {"from": 10000, "rate": 0.30},
            {"from": 50000, "rate": 0.35},
        ],
        "tier_mode": "whole",
        "negative_carryover": True,
    }


def revshare_progressive() -> dict:
    return {
        "basis": "ngr",
        "tier_metric": "ngr",
        "tiers": [
            {"from": 0, "rate": 0.20},
            {"from": 5000, "rate": 0.30},
            {"from": 20000, "rate": 0.40},
        ],
        "tier_mode": "progressive",
        "negative_carryover": False,
    }


def revshare_ftd_count() -> dict:
    return {
        "basis": "ngr",
        "tier_metric": "ftd_count",
        "tiers": [
            {"from": 0, "rate": 0.25},
            {"from": 11, "rate": 0.30},
            {"from": 21, "rate": 0.35},
        ],
        "tier_mode": "whole",
        "negative_carryover": True,
    }


def cpa(
    amount: int, geo: list[str] | None = None, min_lots: float = 0, min_wagered: int = 200
) -> dict:
    terms = {
        "amount": amount,
        "min_first_deposit": 50,
        "min_deposits_total": 0,
        "min_wagered": min_wagered,
        "min_lots": min_lots,
        "require_kyc": True,
        "window_days": 30,
    }
    if geo:
        terms["geo_allowlist"] = geo
    return terms


def challenge() -> dict:
    return {"rate": 0.15, "repeat_rate": 0.10, "clawback_days": 14}


def _pid(i: int) -> str:
    return f"P-{i:04d}"


def _date(d: dt.datetime) -> str:
    return d.date().isoformat()


def build_world(rng: np.random.Generator, months: int, n_partners: int) -> World:
    cal = calendar(months)
    start = cal.start
    long_ago = start - dt.timedelta(days=400)
    partners: list[Partner] = []
    deals: list[dict] = []

    def partner(
        i,
        name,
        ptype,
        parent=None,
        brands=(),
        person=None,
        weight=5.0,
        threshold="100",
        cur="EUR",
        **kw,
    ):
        p = Partner(
            _pid(i),
            name,
            ptype,
            parent,
            person or f"PK-{i * 7919 % 100000:05d}",
            PARTNER_COUNTRIES[i % len(PARTNER_COUNTRIES)],
            kw.get("status", "active"),
            kw.get("kyc", "verified"),
            long_ago + dt.timedelta(days=i % 300, hours=9),
            cur,
            threshold,
        )
        p.brands = {
            b: [f"{b.split('-')[1][:3]}{i:04d}{s}" for s in kw.get("coupons", "")] for b in brands
        }
        p.weight = weight
        p.scalper = kw.get("scalper", False)
        partners.append(p)
        return p

    def deal(deal_no, p, brand, currency, terms, frm=None, amend=None):
        """Version 1 from `frm` (default: the partner's join month); `amend` = (date, terms, reason)."""
        frm = frm or p.joined_at.date().replace(day=1)
        base = {
            "deal_id": f"D-{deal_no:04d}",
            "version": 1,
            "partner_id": p.partner_id,
            "brand_id": brand,
            "effective_from": frm.isoformat(),
            "effective_to": None,
            "currency": currency,
            "created_at": f"{(frm - dt.timedelta(days=10)).isoformat()}T10:00:00Z",
            "created_by": "onboarding",
            "reason": "Initial agreement",
            "terms": terms,
        }
        deals.append(base)
        if amend:
            when, new_terms, reason = amend
            base["effective_to"] = when.isoformat()
            deals.append(
                {
                    **base,
                    "version": 2,
                    "effective_from": when.isoformat(),
                    "effective_to": None,
                    "created_at": f"{(when - dt.timedelta(days=7)).isoformat()}T14:30:00Z",
                    "created_by": "account.manager",
                    "reason": reason,
                    "terms": new_terms,
                }
            )

    # An amendment date in the middle of the run: the 15th of its middle month.
    mid = cal.months[len(cal.months) // 2].replace(day=15)
    late = cal.months[-1].replace(day=15) if len(cal.months) > 1 else mid

    # ---- showcase partners: one of each rule --------------------------------------------------
    p1 = partner(
        1, "Northstar Media", "affiliate", brands=("B-CASINO", "B-SPORT"), coupons="AB", weight=12
    )
    deal(
        1,
        p1,
        None,
        "EUR",
        {"revshare": revshare_whole(), "sub_partner": {"rate": 0.05}},
        amend=(
            mid,
            {"cpa": cpa(50), "revshare": revshare_whole(), "sub_partner": {"rate": 0.05}},
            "Upgrade to hybrid after quarterly review",
        ),
    )
    p2 = partner(2, "Spinfluence Sub", "affiliate", "P-0001", ("B-CASINO",), weight=6)
    deal(2, p2, "B-CASINO", "EUR", {"revshare": revshare_progressive()})
    p3 = partner(
        3, "Terrace Tips", "affiliate", "P-0001", ("B-SPORT",), weight=5, cur="GBP", threshold="0"
    )
    deal(3, p3, "B-SPORT", "GBP", {"cpa": cpa(100, ["GB", "IE"])})
    p4 = partner(
        4,
        "ClickForge Ltd",
        "media_buyer",
        brands=("B-CASINO",),
        weight=8,
        person="PK-SHARED-A",
        threshold="500",
    )
    deal(
        4,
        p4,
        "B-CASINO",
        "EUR",
        {"cpa": cpa(150, ["DE", "AT", "SE", "FI"])},
        amend=(late, {"cpa": {**cpa(175, ["DE", "AT", "SE", "FI"])}}, "CPA raised for Q4 volume"),
    )
    p5 = partner(
        5,
        "Lena Plays",
        "influencer",
        brands=("B-CASINO", "B-PROP"),
        coupons="L",
        weight=5,
        cur="USD",
    )
    deal(5, p5, "B-CASINO", "EUR", {"revshare": revshare_ftd_count()})
    deal(6, p5, "B-PROP", "USD", {"challenge": challenge()})
    p6 = partner(6, "BetBuddy Referrals", "referral", brands=("B-SPORT",), weight=4)
    deal(
        7,
        p6,
        "B-SPORT",
        "EUR",
        {"cpa": cpa(80), "revshare": {**revshare_whole(), "tiers": [{"from": 0, "rate": 0.20}]}},
    )
    p7 = partner(
        7,
        "FundedFam",
        "ambassador",
        brands=("B-PROP",),
        coupons="F",
        weight=6,
        cur="USD",
        threshold="0",
    )
    deal(
        8,
        p7,
        "B-PROP",
        "USD",
        {"challenge": challenge()},
        amend=(
            mid,
            {"challenge": {"rate": 0.20, "clawback_days": 14}},
            "Flat 20% from mid-quarter",
        ),
    )
    partner(
        8, "No Deal Yet Media", "affiliate", brands=("B-CASINO",), coupons="N", weight=3
    )  # works a brand, no deal
    p9 = partner(
        9, "ClickForge Alt", "affiliate", brands=("B-CASINO",), weight=2, person="PK-SHARED-A"
    )
    deal(9, p9, "B-CASINO", "EUR", {"cpa": cpa(150)})
    p10 = partner(
        10, "Atlas Capital IB", "ib", brands=("B-FX",), weight=6, cur="USD", threshold="500"
    )
    deal(
        10,
        p10,
        "B-FX",
        "USD",
        {
            "lot_rebate": {
                "rates": {"fx_major": 9.0, "metals": 10.0, "default": 4.0},
                "override": "difference",
            },
            "spread_share": {"rate": 0.20},
        },
    )
    p11 = partner(11, "Atlas Sub Desk", "ib", "P-0010", ("B-FX",), weight=4, cur="USD")
    deal(
        11,
        p11,
        "B-FX",
        "USD",
        {"lot_rebate": {"rates": {"fx_major": 6.0, "default": 4.0}, "override": "difference"}},
    )
    p12 = partner(
        12,
        "Atlas Street Trader",
        "ib",
        "P-0011",
        ("B-FX",),
        weight=4,
        cur="USD",
        scalper=True,
        person="PK-SHARED-B",
    )
    deal(
        12, p12, "B-FX", "USD", {"lot_rebate": {"rates": {"fx_major": 5.0}, "min_hold_seconds": 60}}
    )
    p13 = partner(13, "Gulf Markets IB", "ib", brands=("B-FX",), weight=5, cur="USD")
    deal(
        13,
        p13,
        "B-FX",
        "USD",
        {
            "lot_rebate": {
                "rates": {"fx_major": 7.0, "default": 3.0},
                "override": "fixed",
                "override_rates": {"fx_major": 1.5, "default": 1.0},
            }
        },
        amend=(
            mid,
            {
                "lot_rebate": {
                    "rates": {"fx_major": 8.0, "default": 3.0},
                    "override": "fixed",
                    "override_rates": {"fx_major": 2.0, "default": 1.0},
                }
            },
            "Rebate review",
        ),
    )
    p14 = partner(14, "Gulf Retail IB", "ib", "P-0013", ("B-FX",), weight=4, cur="USD")
    deal(
        14,
        p14,
        "B-FX",
        "USD",
        {
            "lot_rebate": {"rates": {"fx_major": 6.0, "crypto": 5.0, "default": 3.0}},
            "cpa": cpa(200, min_lots=1, min_wagered=0),
        },
    )
    partner(
        15,
        "Shadow Leads",
        "media_buyer",
        brands=("B-CASINO",),
        weight=1,
        person="PK-SHARED-B",
        kyc="pending",
        status="suspended",
    )
    p16 = partner(16, "Scalp School", "ib", "P-0011", ("B-FX",), weight=1, cur="USD", scalper=True)
    deal(16, p16, "B-FX", "USD", {"lot_rebate": {"rates": {"fx_major": 3.0, "default": 1.0}}})
    p17 = partner(17, "Pitchside Affiliates", "affiliate", brands=("B-SPORT",), weight=3, cur="GBP")
    deal(
        17, p17, "B-SPORT", "GBP", {"revshare": revshare_progressive()}, frm=mid.replace(day=1)
    )  # signed mid-run

    # ---- generated partners -------------------------------------------------------------------
    types = np.array(["affiliate", "ib", "referral", "influencer", "ambassador", "media_buyer"])
    type_w = np.array([0.40, 0.20, 0.10, 0.12, 0.08, 0.10])
    depth: dict[str, int] = {p.partner_id: 0 for p in partners}
    depth.update({"P-0002": 1, "P-0003": 1, "P-0011": 1, "P-0012": 2, "P-0014": 1, "P-0016": 2})
    deal_no = 100
    for i in range(100, 100 + max(0, n_partners - len(partners))):
        ptype = str(rng.choice(types, p=type_w))
        r = rng.random()
        if ptype == "ib":
            brands = ("B-FX",)
        elif ptype in ("influencer", "ambassador"):
            brands = (
                ("B-PROP",) if r < 0.5 else ("B-CASINO", "B-PROP") if r < 0.7 else ("B-CASINO",)
            )
        else:
            brands = (
                ("B-CASINO",) if r < 0.4 else ("B-SPORT",) if r < 0.7 else ("B-CASINO", "B-SPORT")
            )
        # Sub-partners: affiliates under affiliate masters, IBs under IBs up to 3 levels.
        parent = None
        pool = [
            p.partner_id
            for p in partners
            if p.partner_type == ptype and depth[p.partner_id] < (2 if ptype == "ib" else 1)
        ]
        if ptype in ("affiliate", "ib") and pool and rng.random() < (0.4 if ptype == "ib" else 0.2):
            parent = pool[int(rng.integers(len(pool)))]
        status = str(
            rng.choice(
                [
                    "active",
                    "active",
                    "active",
                    "active",
                    "active",
                    "active",
                    "suspended",
                    "terminated",
                    "applied",
                    "kyc_pending",
                ]
            )
        )
        kyc = {
            "active": "verified",
            "suspended": "verified",
            "terminated": "verified",
            "applied": "none",
            "kyc_pending": "pending",
        }[status]
        cur = (
            "USD"
            if "B-FX" in brands or brands == ("B-PROP",)
            else str(rng.choice(["EUR", "EUR", "GBP", "USD"]))
        )
        p = partner(
            i,
            f"Partner {i:04d} {ptype.replace('_', ' ').title()}",
            ptype,
            parent,
            brands,
            weight=float(rng.pareto(1.16) + 0.05),
            threshold=str(rng.choice(["0", "100", "100", "500"])),
            cur=cur,
            status=status,
            kyc=kyc,
            coupons="ABC"[: int(rng.integers(0, 3))],
            scalper=bool(rng.random() < 0.05),
        )
        depth[p.partner_id] = depth[parent] + 1 if parent else 0
        if rng.random() < 0.04 or status in ("applied", "kyc_pending"):
            continue  # a partner without any deal: its traffic earns nothing
        amend_roll = rng.random()
        for brand in (
            [None] if len(brands) == 2 and "B-SPORT" in brands and rng.random() < 0.5 else brands
        ):
            b = BRAND_BY_ID[brand] if brand else BRAND_BY_ID["B-CASINO"]
            currency = b.currency if rng.random() < 0.85 else cur
            if b.vertical == "igaming":
                kind = rng.choice(
                    ["rs", "rsp", "rsf", "cpa", "hybrid"], p=[0.3, 0.15, 0.1, 0.25, 0.2]
                )
                terms = {
                    "rs": lambda: {"revshare": revshare_whole()},
                    "rsp": lambda: {"revshare": revshare_progressive()},
                    "rsf": lambda: {"revshare": revshare_ftd_count()},
                    "cpa": lambda: {
                        "cpa": cpa(
                            int(rng.choice([50, 100, 150, 250])),
                            ["GB", "DE"] if rng.random() < 0.2 else None,
                        )
                    },
                    "hybrid": lambda: {
                        "cpa": cpa(50),
                        "revshare": {**revshare_whole(), "tiers": [{"from": 0, "rate": 0.20}]},
                    },
                }[kind]()
                if ptype == "affiliate" and not parent:
                    terms["sub_partner"] = {"rate": 0.05}
            elif b.vertical == "forex":
                rates = {"fx_major": float(rng.choice([4, 5, 6, 8])), "metals": 8.0}
                if rng.random() < 0.7:
                    rates["default"] = 3.0
                terms = {"lot_rebate": {"rates": rates}}
                if not parent:
                    terms["lot_rebate"]["override"] = "difference"
                if rng.random() < 0.2:
                    terms["spread_share"] = {"rate": 0.15}
            else:
                terms = {"challenge": challenge()}
            amend = None
            if amend_roll < 0.25:
                new = {k: dict(v) for k, v in terms.items()}
                if "cpa" in new:
                    new["cpa"]["amount"] = new["cpa"]["amount"] + 25
                elif "challenge" in new:
                    new["challenge"]["rate"] = 0.18
                elif "lot_rebate" in new:
                    new["lot_rebate"]["rates"] = {
                        **new["lot_rebate"]["rates"],
                        "fx_major": new["lot_rebate"]["rates"]["fx_major"] + 1,
                    }
                else:
                    new["cpa"] = cpa(40)
                amend = (mid, new, "Commercial review")
            deal_no += 1
            deal(deal_no, p, brand, currency, terms, amend=amend)

    fx_days, fx = fx_rates(
        rng, start.date() - dt.timedelta(days=62), (DATA_END - dt.timedelta(days=1)).date()
    )
    return World(cal, partners, deals, fx_days, fx)


def fx_rates(
    rng: np.random.Generator, first: dt.date, last: dt.date
) -> tuple[list[dt.date], dict[str, list[str]]]:
    """Daily USD-per-unit rates as a gentle random walk, 6 decimals, USD fixed at 1."""
    n = (last - first).days + 1
    days = [first + dt.timedelta(days=i) for i in range(n)]
    out: dict[str, list[str]] = {}
    for cur, s0 in FX_START.items():
        if cur == "USD":
            out[cur] = ["1.000000"] * n
            continue
        walk = s0 * np.exp(np.cumsum(rng.normal(0, 0.003, n)))
        micro = np.round(walk * 1e6).astype(np.int64)  # exact 6-decimal strings, no float printing
        out[cur] = [f"{m // 1000000}.{m % 1000000:06d}" for m in micro.tolist()]
    return days, out
