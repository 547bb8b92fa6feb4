"""Prop-firm orders: challenge purchases, repeat purchases, resets, refunds and chargebacks.

Refunds fall inside and outside the 14-day clawback window (day 14 itself on purpose), and
each refund or chargeback names the order it reverses in refers_to_order_id.
"""

from __future__ import annotations

import numpy as np

from landing_generator import formats as F
from landing_generator.customers import CH_COUPON, Population
from landing_generator.spill import Spill
from landing_generator.world import World

DAY = 86400
PRODUCTS = ("challenge-10k", "challenge-25k", "challenge-100k")
PRICE_USD = np.array([9900, 19900, 49900])
PRICE_EUR = np.array([8900, 17900, 44900])
RESET_USD, RESET_EUR = 7900, 6900
KINDS = ("purchase", "reset", "refund", "chargeback")


class PropOrders:
    def __init__(self) -> None:
        self.next_order = 1
        self.reversals = Spill()

    def month(
        self, rng: np.random.Generator, pop: Population, world: World, month: tuple[int, int]
    ) -> tuple:
        """Orders of the month. Returns (columns, occurred_at, pop rows, kind, amount cents, eur flag)."""
        m0, m1 = month
        first_t = pop["ftd_t"]  # a prop customer's "first deposit" is the first challenge purchase
        cust_parts, t_parts, kind_parts = [], [], []
        f = np.flatnonzero((first_t >= m0) & (first_t < m1))
        (
            cust_parts.append(f),
            t_parts.append(first_t[f]),
            kind_parts.append(np.zeros(len(f), dtype=np.int64)),
        )
        live = np.flatnonzero(first_t < m0)
        level = pop.activity_level(live, m0)
        for kind, rate in ((0, 0.25), (1, 0.35)):
            k = rng.poisson(rate * level)
            c = np.repeat(live, k)
            (
                cust_parts.append(c),
                t_parts.append(rng.integers(m0, m1, len(c))),
                kind_parts.append(np.full(len(c), kind)),
            )
        cust, t, kind = (
            np.concatenate(cust_parts),
            np.concatenate(t_parts),
            np.concatenate(kind_parts),
        )
        product = (pop["no"][cust] * 7 + 3) % 3  # a customer keeps to one challenge size
        eur = pop["no"][cust] % 10 == 0  # one customer in ten pays in EUR
        amount = np.where(
            kind == 0,
            np.where(eur, PRICE_EUR[product], PRICE_USD[product]),
            np.where(eur, RESET_EUR, RESET_USD),
        )
        order = np.lexsort((cust, t))
        cust, t, kind, product, eur, amount = (
            cust[order],
            t[order],
            kind[order],
            product[order],
            eur[order],
            amount[order],
        )
        numbers = np.arange(self.next_order, self.next_order + len(t))
        self.next_order += len(t)

        # Refunds (5%: 60% within 14 days, a few on day 14 exactly, 40% later) and chargebacks (1%).
        r = rng.random(len(t))
        refund = r < 0.05
        charge = (r >= 0.05) & (r < 0.06)
        within = rng.random(len(t)) < 0.6
        delay = np.where(
            within,
            rng.integers(1 * DAY, 14 * DAY, len(t)),
            rng.integers(15 * DAY, 45 * DAY, len(t)),
        )
        delay = np.where(within & (rng.random(len(t)) < 0.15), 14 * DAY, delay)
        delay = np.where(charge, rng.integers(3 * DAY, 60 * DAY, len(t)), delay)
        rev = refund | charge
        self.reversals.add(
            {
                "t": t[rev] + delay[rev],
                "cust": cust[rev],
                "kind": np.where(refund[rev], 2, 3),
                "product": product[rev],
                "eur": eur[rev],
                "amount": amount[rev],
                "ref": numbers[rev],
            }
        )
        due = self.reversals.due(m1)
        ref = np.concatenate([np.full(len(t), -1), due.get("ref", np.array([], dtype=np.int64))])
        rev_numbers = np.arange(self.next_order, self.next_order + len(due.get("t", ())))
        self.next_order += len(rev_numbers)
        numbers = np.concatenate([numbers, rev_numbers])
        if due:
            cust, t, kind = (
                np.concatenate([cust, due["cust"]]),
                np.concatenate([t, due["t"]]),
                np.concatenate([kind, due["kind"]]),
            )
            product, eur, amount = (
                np.concatenate([product, due["product"]]),
                np.concatenate([eur, due["eur"]]),
                np.concatenate([amount, due["amount"]]),
            )
        order = np.lexsort((numbers, t))
        cust, t, kind, product, eur, amount, numbers, ref = (
            x[order] for x in (cust, t, kind, product, eur, amount, numbers, ref)
        )
        n = len(t)
        coupons = [(p.brands.get(pop.brand_id) or [""])[0] for p in world.partners]
        by_coupon = (pop["channel"][cust] == CH_COUPON) & (kind <= 1)
        coupon = F.masked(F.pick(coupons, np.where(by_coupon, pop["partner"][cust], 0)), by_coupon)
        cols = {
            "order_id": F.ids("PO-", numbers, 8),
            "customer_id": pop.customer_ids(cust),
            "brand_id": F.const(pop.brand_id, n),
            "kind": F.pick(KINDS, kind),
            "product": F.pick(PRODUCTS, product),
            "amount": F.decimal_str(amount),
            "currency": F.pick(("USD", "EUR"), eur.astype(np.int64)),
            "coupon_code": coupon,
            "refers_to_order_id": F.masked(F.ids("PO-", np.maximum(ref, 0), 8), ref >= 0),
            "occurred_at": F.ts_str(t),
        }
        return cols, t, cust, kind, amount, eur
