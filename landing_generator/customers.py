"""Customers of every brand: who registers when, from where, through which partner, and the
state later months need (first deposit, value, churn).

Attribution is generated the way LANDING.md decides it, so the warehouse can find it back:
most attributed customers come with a registration postback carrying a click of their
partner within 30 days; some only with a btag (a click id or a partner id); some only with a
partner's coupon code; the rest are organic. A few clicks are older than 30 days on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from landing_generator import formats as F
from landing_generator.world import BRAND_BY_ID, COUNTRIES, COUNTRY_WEIGHTS, World

NEVER = np.iinfo(np.int64).max // 4  # "no first deposit" as a time far after every month

# Attribution channels.
CH_CLICK, CH_BTAG_CLICK, CH_BTAG_PARTNER, CH_COUPON, CH_ORGANIC = 0, 1, 2, 3, 4
CHANNEL_P = np.array([0.55, 0.08, 0.05, 0.07, 0.25])
KYC = ("none", "pending", "verified", "rejected")
KYC_P = np.array([0.15, 0.15, 0.60, 0.10])

# Round amounts dominate real deposits; the rest are arbitrary cents.
ROUND_DEPOSITS = np.array([10, 20, 25, 50, 100, 200, 500]) * 100
ROUND_DEPOSITS_P = np.array([0.10, 0.20, 0.12, 0.25, 0.20, 0.09, 0.04])


def deposit_amounts(rng: np.random.Generator, n: int, median_units: float) -> np.ndarray:
    """Deposit amounts in cents."""
    rounded = rng.choice(ROUND_DEPOSITS, size=n, p=ROUND_DEPOSITS_P)
    free = np.round(rng.lognormal(np.log(median_units * 100), 0.8, n)).astype(np.int64)
    return np.maximum(np.where(rng.random(n) < 0.7, rounded, free), 500)


@dataclass
class Population:
    """Every customer of one brand so far, as parallel arrays (appended month by month)."""

    brand_id: str
    arrays: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.arrays.get("no", ()))

    def append(self, new: dict[str, np.ndarray]) -> None:
        for k, v in new.items():
            self.arrays[k] = np.concatenate([self.arrays[k], v]) if k in self.arrays else v

    def __getitem__(self, k: str) -> np.ndarray:
        return self.arrays[k]

    def customer_ids(self, idx: np.ndarray) -> pa.Array:
        return F.ids(f"{BRAND_BY_ID[self.brand_id].prefix}-", self.arrays["no"][idx], 7)

    def activity_level(self, idx: np.ndarray, month_start: int) -> np.ndarray:
        """How active a customer still is this month: 1 at registration, decaying with age."""
        age_months = np.maximum(0, month_start - self.arrays["reg_t"][idx]) / (30 * 86400)
        return np.exp(-age_months / self.arrays["tau"][idx])


@dataclass
class ClickRequest:
    """Clicks customers' registrations need; the tracking module gives them ids."""

    partner: np.ndarray  # index into World.partners
    brand_id: str
    t: np.ndarray
    country: np.ndarray  # index into COUNTRIES
    ids: np.ndarray | None = None  # click numbers, filled by tracking.assign_clicks


def register(
    rng: np.random.Generator,
    world: World,
    pop: Population,
    n: int,
    month: tuple[int, int],
    first_no: int,
    dep_prob: float,
    ftd_median: float,
) -> tuple[dict[str, np.ndarray], ClickRequest]:
    """New customers of one brand in one month; returns their arrays and the clicks they need."""
    m0, m1 = month
    brand = BRAND_BY_ID[pop.brand_id]
    partners, weights = world.brand_partners(pop.brand_id)
    global_idx = np.array([world.index[p.partner_id] for p in partners])
    reg_t = np.sort(rng.integers(m0, m1, n))
    country = rng.choice(len(COUNTRIES), size=n, p=COUNTRY_WEIGHTS)
    channel = rng.choice(5, size=n, p=CHANNEL_P)
    partner = np.where(
        channel == CH_ORGANIC, -1, global_idx[rng.choice(len(partners), size=n, p=weights)]
    )
    coupon_by_partner = np.array(
        [bool(p.brands.get(pop.brand_id)) for p in world.partners] + [False]
    )
    has_coupon = coupon_by_partner[partner]  # -1 (organic) reads the trailing False
    channel = np.where((channel == CH_COUPON) & ~has_coupon, CH_BTAG_PARTNER, channel)
    # Clicks for postback and btag-click customers; 3% of them are older than the 30-day window.
    needs_click = (channel == CH_CLICK) | (channel == CH_BTAG_CLICK)
    stale = needs_click & (rng.random(n) < 0.03)
    delta = np.where(
        stale, rng.integers(31 * 86400, 40 * 86400, n), rng.integers(60, 30 * 86400, n)
    )
    click_t = reg_t - delta
    # Most clicks come from the customer's own country; a few from elsewhere (VPNs, travel).
    click_country = np.where(
        rng.random(n) < 0.95, country, rng.choice(len(COUNTRIES), size=n, p=COUNTRY_WEIGHTS)
    )
    req_rows = np.flatnonzero(needs_click)
    clicks = ClickRequest(
        partner[req_rows], pop.brand_id, click_t[req_rows], click_country[req_rows]
    )
    click_of = np.full(n, -1, dtype=np.int64)
    click_of[req_rows] = np.arange(len(req_rows))  # position in the request, mapped to ids later

    kyc = rng.choice(4, size=n, p=KYC_P)
    kyc_t = reg_t + rng.exponential(3 * 86400, n).astype(np.int64)
    deposits = rng.random(n) < dep_prob
    ftd_t = np.where(
        deposits, reg_t + rng.exponential(1.5 * 86400, n).astype(np.int64) + 120, NEVER
    )
    new = {
        "no": np.arange(first_no, first_no + n, dtype=np.int64),
        "reg_t": reg_t,
        "country": country,
        "channel": channel,
        "partner": partner,
        "click_req": click_of,
        "kyc": kyc,
        "kyc_t": kyc_t,
        "kyc_has_t": rng.random(n) < 0.9,  # some verified customers come without kyc_verified_at
        "is_test": rng.random(n) < 0.01,
        "ftd_t": ftd_t,
        "ftd_amt": deposit_amounts(rng, n, ftd_median),
        "value": rng.lognormal(0, 1.0, n),  # spend multiplier (whales have a few x)
        "tau": 1.0 + rng.exponential(3.0, n),  # churn: months until activity falls to 1/e
        "abuser": deposits & (rng.random(n) < 0.03),  # deposit, withdraw, never play
        "alt_ccy": rng.random(n) < (0.15 if brand.vertical == "forex" else 0.0),
    }
    return new, clicks


def customers_table(
    pop: Population, idx: np.ndarray, click_ids: np.ndarray, world: World
) -> dict[str, pa.Array]:
    """The customers landing rows of the given population rows.

    click_ids: click number per row (-1 none), already resolved by the tracking module.
    """
    a = {k: v[idx] for k, v in pop.arrays.items()}
    n = len(idx)
    channel, partner = a["channel"], a["partner"]
    pids = F.pick([p.partner_id for p in world.partners], partner)
    click_txt = F.ids("CK", click_ids, 9)
    btag = F.masked(click_txt, channel == CH_BTAG_CLICK)
    btag = F.pick_where(channel == CH_BTAG_PARTNER, pids, btag)
    coupons = [(p.brands.get(pop.brand_id) or [None])[0] for p in world.partners]
    coupon = F.masked(
        F.pick([c or "" for c in coupons], np.where(channel == CH_COUPON, partner, -1)),
        channel == CH_COUPON,
    )
    verified = a["kyc"] == 2
    kyc_at = F.masked(
        F.ts_str(np.minimum(a["kyc_t"], world.cal.end.timestamp() - 1)), verified & a["kyc_has_t"]
    )
    return {
        "customer_id": pop.customer_ids(idx),
        "brand_id": F.const(pop.brand_id, n),
        "registered_at": F.ts_str(a["reg_t"]),
        "country": F.pick(COUNTRIES, a["country"]),
        "kyc_status": F.pick(KYC, a["kyc"]),
        "kyc_verified_at": kyc_at,
        "btag": btag,
        "coupon_code": coupon,
        "is_test": F.pick(("false", "true"), a["is_test"].astype(np.int64)),
    }
