"""Brand back-office facts: payments (all depositing verticals) and casino activity.

Activity is one row per customer, day and product. The house wins on average, but payouts
have a heavy tail (rare big wins), so some partner-months come out with negative NGR, which
exercises negative carryover. Customers churn: their activity decays month by month.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from landing_generator import formats as F
from landing_generator.customers import Population, deposit_amounts

DAY = 86400
PRODUCTS = ("casino", "sportsbook", "poker")
PRODUCT_P = {"B-CASINO": np.array([0.75, 0.15, 0.10]), "B-SPORT": np.array([0.25, 0.75, 0.0])}
RTP = np.array([0.955, 0.93, 0.975])  # expected payout share of stakes per product


def _range_sample(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return lo + (rng.random(len(lo)) * np.maximum(hi - lo, 1)).astype(np.int64)


def payments(
    rng: np.random.Generator,
    pop: Population,
    month: tuple[int, int],
    currency: str,
    alt_currency: str = "EUR",
    deposit_rate: float = 1.2,
    median: float = 60,
) -> tuple:
    """Deposits and withdrawals of the month.

    Returns (columns, occurred_at epochs, population rows, kind 0/1, status 0/1/2, amount cents).
    """
    m0, m1 = month
    ftd_t, no = pop["ftd_t"], pop["no"]
    rows_c, rows_t, rows_kind, rows_status, rows_amt = [], [], [], [], []

    def add(c, t, kind, status, amt):
        (
            rows_c.append(c),
            rows_t.append(t),
            rows_kind.append(np.full(len(c), kind)),
            rows_status.append(status),
            rows_amt.append(amt),
        )

    # First approved deposits, some after a declined attempt.
    f = np.flatnonzero((ftd_t >= m0) & (ftd_t < m1))
    add(f, ftd_t[f], 0, np.zeros(len(f), dtype=np.int64), pop["ftd_amt"][f])
    d = f[rng.random(len(f)) < 0.15]
    add(
        d,
        np.maximum(m0, ftd_t[d] - rng.integers(60, 3600, len(d))),
        0,
        np.ones(len(d), dtype=np.int64),
        pop["ftd_amt"][d],
    )
    # Bonus abusers withdraw their first deposit within the day and never play.
    a = np.flatnonzero(pop["abuser"] & (ftd_t < m1))
    w_t = ftd_t[a] + 3600 * (1 + no[a] % 20)
    a, w_t = a[(w_t >= m0) & (w_t < m1)], w_t[(w_t >= m0) & (w_t < m1)]
    add(a, w_t, 1, np.zeros(len(a), dtype=np.int64), pop["ftd_amt"][a])
    # Repeat deposits and withdrawals of active depositors, fading with churn.
    live = np.flatnonzero((ftd_t < m1) & ~pop["abuser"])
    level = pop.activity_level(live, m0)
    for kind, rate in ((0, deposit_rate), (1, deposit_rate / 3)):
        k = rng.poisson(rate * level * np.sqrt(pop["value"][live]))
        c = np.repeat(live, k)
        t = _range_sample(rng, np.maximum(m0, ftd_t[c] + 60), np.full(len(c), m1))
        status = rng.choice(
            3, size=len(c), p=[0.90, 0.08, 0.02] if kind == 0 else [0.95, 0.05, 0.0]
        )
        amt = (deposit_amounts(rng, len(c), median) * np.minimum(pop["value"][c], 20)).astype(
            np.int64
        )
        add(c, t, kind, status, np.maximum(amt, 500))

    c, t = np.concatenate(rows_c), np.concatenate(rows_t)
    kind, status, amt = (
        np.concatenate(rows_kind),
        np.concatenate(rows_status),
        np.concatenate(rows_amt),
    )
    order = np.lexsort((c, t))
    c, t, kind, status, amt = c[order], t[order], kind[order], status[order], amt[order]
    n = len(c)
    cols = {
        "transaction_id": F.const("", n),  # numbered by the caller, globally per brand
        "customer_id": pop.customer_ids(c),
        "brand_id": F.const(pop.brand_id, n),
        "kind": F.pick(("deposit", "withdrawal"), kind),
        "status": F.pick(("approved", "declined", "reversed"), status),
        "amount": F.decimal_str(amt),
        "currency": F.pick((currency, alt_currency), pop["alt_ccy"][c].astype(np.int64)),
        "occurred_at": F.ts_str(t),
    }
    return cols, t, c, kind, status, amt


def casino_activity(
    rng: np.random.Generator,
    pop: Population,
    month: tuple[int, int],
    currency: str,
    tax_rate: float,
) -> dict[str, pa.Array]:
    """One row per active customer, day and product of the month."""
    m0, m1 = month
    ftd_t = pop["ftd_t"]
    live = np.flatnonzero((ftd_t < m1) & ~pop["abuser"])
    first_day = (np.maximum(m0, ftd_t[live]) - m0) // DAY
    n_days = (m1 - m0) // DAY
    span = n_days - first_day
    k = rng.binomial(np.maximum(span, 0), np.clip(0.3 * pop.activity_level(live, m0), 0, 1))
    cust = np.repeat(live, k)
    day = first_day.repeat(k) + (rng.random(len(cust)) * span.repeat(k)).astype(np.int64)
    product = rng.choice(3, size=len(cust), p=PRODUCT_P[pop.brand_id])
    key = np.unique((day * len(pop) + cust) * 4 + product)  # one row per customer, day, product
    product, cust, day = key % 4, (key // 4) % len(pop), key // 4 // len(pop)
    n = len(key)
    stakes = (
        np.round(rng.lognormal(np.log(3000), 1.1, n) * pop["value"][cust]).astype(np.int64) + 100
    )
    # Payout share: the product's RTP with daily noise, plus rare big wins (5x-40x the stakes).
    share = np.clip(RTP[product] + rng.normal(0, 0.25, n), 0, None)
    big = rng.random(n) < 0.0005
    share = np.where(big, rng.uniform(5, 40, n), share)
    payouts = np.round(stakes * share).astype(np.int64)
    ggr = stakes - payouts
    bonus = np.where(rng.random(n) < 0.2, np.round(stakes * rng.uniform(0, 0.08, n)), 0).astype(
        np.int64
    )
    jackpot = np.where(product == 0, stakes // 200, 0)
    tax = np.where(ggr > 0, np.round(ggr * tax_rate), 0).astype(np.int64)
    chargeback = np.where(rng.random(n) < 0.002, rng.integers(1000, 50000, n), 0)
    return {
        "activity_date": F.date_str(m0 + day * DAY),
        "customer_id": pop.customer_ids(cust),
        "brand_id": F.const(pop.brand_id, n),
        "product": F.pick(PRODUCTS, product),
        "currency": F.const(currency, n),
        "stakes": F.decimal_str(stakes),
        "payouts": F.decimal_str(payouts),
        "bonus_cost": F.decimal_str(bonus),
        "jackpot_contribution": F.decimal_str(jackpot),
        "gaming_tax": F.decimal_str(tax),
        "chargebacks": F.decimal_str(chargeback),
    }
