"""The tracking system's files: clicks and server-to-server conversion postbacks.

Click volume per partner is Pareto-distributed (the partners' weights), so a few partners
send most of the traffic. Most clicks never convert; the clicks registrations need are mixed
in and numbered together, in time order, so ids look like a real tracker's.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from landing_generator import formats as F
from landing_generator.customers import ClickRequest
from landing_generator.world import COUNTRIES, COUNTRY_WEIGHTS, World

USER_AGENTS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15",
)
SUB1 = ("google", "facebook", "tiktok", "email", "telegram", "youtube")
LANDING = {
    "B-CASINO": "https://royalspin.example/welcome",
    "B-SPORT": "https://kickoff.example/join",
    "B-FX": "https://meridianfx.example/open-account",
    "B-PROP": "https://apexfunded.example/challenge",
}


class ClickCounter:
    def __init__(self) -> None:
        self.next = 1


def clicks_table(
    rng: np.random.Generator,
    world: World,
    requests: list[ClickRequest],
    month: tuple[int, int],
    n_background: int,
    counter: ClickCounter,
) -> dict[str, pa.Array]:
    """This month's clicks file; fills each request's `ids` with its click numbers."""
    pairs = [
        (world.index[p.partner_id], b)
        for p in world.partners
        if p.status in ("active", "suspended")
        for b in p.brands
    ]
    brand_ids = sorted({b for _, b in pairs})
    w = np.array([world.partners[i].weight for i, _ in pairs])
    pick = rng.choice(len(pairs), size=n_background, p=w / w.sum())
    bg_partner = np.array([i for i, _ in pairs])[pick]
    bg_brand = np.array([brand_ids.index(b) for _, b in pairs])[pick]
    bg_t = rng.integers(month[0], month[1], n_background)
    bg_country = rng.choice(len(COUNTRIES), size=n_background, p=COUNTRY_WEIGHTS)

    partner = np.concatenate([bg_partner] + [r.partner for r in requests])
    brand = np.concatenate(
        [bg_brand] + [np.full(len(r.t), brand_ids.index(r.brand_id)) for r in requests]
    )
    t = np.concatenate([bg_t] + [r.t for r in requests])
    country = np.concatenate([bg_country] + [r.country for r in requests])
    order = np.argsort(t, kind="stable")
    numbers = np.empty(len(t), dtype=np.int64)
    numbers[order] = np.arange(counter.next, counter.next + len(t))
    counter.next += len(t)
    offset = n_background
    for r in requests:
        r.ids = numbers[offset : offset + len(r.t)]
        offset += len(r.t)

    partner, brand, t, country, numbers = (
        partner[order],
        brand[order],
        t[order],
        country[order],
        numbers[order],
    )
    n = len(t)
    link = rng.integers(1, 40, n)
    sub1 = rng.integers(-3, len(SUB1), n)  # negative: no sub id
    pid_txt = F.pick([p.partner_id for p in world.partners], partner)
    return {
        "click_id": F.ids("CK", numbers, 9),
        "partner_id": pid_txt,
        "brand_id": F.pick(brand_ids, brand),
        "link_id": F.ids("L-", link, 3),
        "sub1": F.pick(SUB1, sub1),
        "sub2": F.masked(F.ids("cmp", rng.integers(1, 300, n), 4), rng.random(n) < 0.4),
        "sub3": F.masked(F.ids("ad", rng.integers(1, 5000, n), 5), rng.random(n) < 0.2),
        "sub4": F.empty(n),
        "sub5": F.empty(n),
        "clicked_at": F.ts_iso_z(t),
        "country": F.pick(COUNTRIES, country),
        "ip_hash": F.ids("ip", rng.integers(0, 10**9, n), 10),
        "user_agent": F.pick(USER_AGENTS, rng.integers(0, len(USER_AGENTS), n)),
        "landing_url": F.pick([LANDING[b] for b in brand_ids], brand),
    }


class Conversions:
    """Postbacks collected over a month; written once, with ~1% re-sent duplicates."""

    def __init__(self) -> None:
        self.parts: list[dict] = []

    def add(
        self,
        event_type: str,
        brand_id: str,
        t: np.ndarray,
        customer: pa.Array,
        click: pa.Array | None = None,
        coupon: pa.Array | None = None,
        amount: pa.Array | None = None,
        currency: pa.Array | None = None,
    ) -> None:
        n = len(t)
        if n == 0:
            return
        none = F.empty(n)
        self.parts.append(
            {
                "click_id": click if click is not None else none,
                "coupon_code": coupon if coupon is not None else none,
                "customer_id": customer,
                "brand_id": F.const(brand_id, n),
                "event_type": F.const(event_type, n),
                "amount": amount if amount is not None else none,
                "currency": currency if currency is not None else none,
                "_t": t,
            }
        )

    def table(
        self, rng: np.random.Generator, counter: ClickCounter
    ) -> tuple[dict[str, pa.Array], np.ndarray]:
        """Columns and occurred_at epoch per row (for month routing)."""
        if not self.parts:
            return {}, np.array([], dtype=np.int64)
        t = np.concatenate([p["_t"] for p in self.parts])
        cols = {k: pa.concat_arrays([p[k] for p in self.parts]) for k in self.parts[0] if k != "_t"}
        order = np.argsort(t, kind="stable")
        t = t[order]
        cols = {k: v.take(pa.array(order)) for k, v in cols.items()}
        n = len(t)
        numbers = np.arange(counter.next, counter.next + n)
        counter.next += n
        received = t + rng.integers(1, 180, n)
        # The tracker re-sends ~1% of postbacks later with the same event_id: it must count once.
        dup = np.flatnonzero(rng.random(n) < 0.01)
        take = np.concatenate([np.arange(n), dup])
        received = np.concatenate([received, received[dup] + rng.integers(300, 7200, len(dup))])
        occurred = t[take]
        out = {"event_id": F.ids("EV", numbers[take], 9)}
        out.update({k: v.take(pa.array(take)) for k, v in cols.items()})
        out["occurred_at"] = F.ts_iso_z(occurred)
        out["received_at"] = F.ts_iso_z(received)
        order = [
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
        return {k: out[k] for k in order}, occurred
