"""The broker's trading servers: accounts, the MT4 trades table and the MT5 deals table.

One MT4 server and one MT5 server whose logins overlap on purpose (logins are unique per
platform and server only). Positions are generated once and written as each platform
records them: MT4 one row per ticket (open at export time -> CLOSE_TIME 1970, re-exported
when it closes with a later MODIFY_TIME), MT5 an entry deal and an exit deal sharing a
PositionID, each in the month it happened.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from landing_generator import formats as F
from landing_generator.customers import Population
from landing_generator.spill import Spill
from landing_generator.world import TRADED_SYMBOLS, World

MT4_SERVER, MT5_SERVER = "MeridianFX-Live", "MeridianFX-MT5"
LOTS_HUNDREDTHS = np.array([1, 2, 5, 10, 20, 50, 100, 200, 500])
LOTS_P = np.array([0.20, 0.12, 0.15, 0.20, 0.12, 0.10, 0.07, 0.03, 0.01])
SYM_NAMES = [s[0] for s in TRADED_SYMBOLS]
SYM_P = np.array([s[1] for s in TRADED_SYMBOLS], dtype=float) / sum(s[1] for s in TRADED_SYMBOLS)
SYM_DIGITS = np.array([s[2] for s in TRADED_SYMBOLS])
SYM_PRICE = np.array([s[3] for s in TRADED_SYMBOLS])


def price_str(price: np.ndarray, digits: np.ndarray) -> pa.Array:
    """Prices written with each symbol's own number of digits."""
    out = F.empty(len(price))
    for d in np.unique(digits):
        units = np.round(price * 10.0**d).astype(np.int64)
        out = F.pick_where(digits == d, F.decimal_str(units, int(d)), out)
    return out


class Trading:
    def __init__(self) -> None:
        self.next_login = {"mt4": 100001, "mt5": 100001}  # same numbers on both servers on purpose
        self.next_ticket = 50000001
        self.next_position = 7000001
        self.next_deal = 90000001
        self.mt4_later = Spill()  # closed versions of tickets that were still open at export
        self.mt5_later = Spill()  # exit deals of positions closed in a later month

    # ---- accounts --------------------------------------------------------------------------
    def open_accounts(
        self, rng: np.random.Generator, pop: Population, new: np.ndarray
    ) -> dict[str, pa.Array]:
        """Accounts for the population rows `new` (just registered); stores logins on the population."""
        n = len(new)
        r = rng.random(n)
        has4, has5 = r < 0.8, r >= 0.7  # 70% MT4 only, 20% MT5 only, 10% both
        for platform, has in (("mt4", has4), ("mt5", has5)):
            login = np.full(n, -1, dtype=np.int64)
            login[has] = np.arange(self.next_login[platform], self.next_login[platform] + has.sum())
            self.next_login[platform] += int(has.sum())
            pop.arrays[f"{platform}_login"][new] = login
        rows, plat = [], []
        for p, has in ((0, has4), (1, has5)):
            rows.append(new[has]), plat.append(np.full(has.sum(), p))
        rows, plat = np.concatenate(rows), np.concatenate(plat)
        login = np.where(plat == 0, pop["mt4_login"][rows], pop["mt5_login"][rows])
        opened = pop["reg_t"][rows] + rng.integers(300, 7200, len(rows))
        order = np.lexsort((login, plat, opened))
        rows, plat, login, opened = rows[order], plat[order], login[order], opened[order]
        m = len(rows)
        return {
            "platform": F.pick(("mt4", "mt5"), plat),
            "server": F.pick((MT4_SERVER, MT5_SERVER), plat),
            "login": F.int_str(login),
            "customer_id": pop.customer_ids(rows),
            "brand_id": F.const(pop.brand_id, m),
            "currency": F.pick(("USD", "EUR"), pop["alt_ccy"][rows].astype(np.int64)),
            "opened_at": F.ts_str(opened),
        }

    # ---- positions -------------------------------------------------------------------------
    def positions(
        self,
        rng: np.random.Generator,
        pop: Population,
        world: World,
        month: tuple[int, int],
        rate: float,
    ) -> dict:
        m0, m1 = month
        live = np.flatnonzero((pop["ftd_t"] < m1) & ~pop["abuser"])
        k = rng.poisson(rate * pop.activity_level(live, m0) * pop["value"][live])
        cust = np.repeat(live, k)
        n = len(cust)
        start = np.maximum(m0, pop["ftd_t"][cust] + 600)
        open_t = start + (rng.random(n) * np.maximum(m1 - start, 1)).astype(np.int64)
        scalper_partner = np.array([p.scalper for p in world.partners] + [False])
        scalper = scalper_partner[pop["partner"][cust]] & (pop["no"][cust] % 2 == 0)
        hold = np.where(
            scalper,
            rng.integers(3, 90, n),
            np.minimum(rng.lognormal(np.log(7200), 1.6, n), 20 * 86400),
        ).astype(np.int64)
        both = (pop["mt4_login"][cust] >= 0) & (pop["mt5_login"][cust] >= 0)
        mt5 = np.where(both, rng.random(n) < 0.5, pop["mt4_login"][cust] < 0)
        sym = rng.choice(len(SYM_NAMES), size=n, p=SYM_P)
        lots = rng.choice(LOTS_HUNDREDTHS, size=n, p=LOTS_P)
        side = rng.integers(0, 2, n)
        open_px = SYM_PRICE[sym] * (1 + rng.normal(0, 0.01, n))
        move = rng.normal(0, 0.002, n) * np.sqrt(1 + hold / 3600)
        close_px = open_px * (1 + move)
        profit = np.round((np.where(side == 0, 1, -1) * move) * lots * 1000 * 100).astype(
            np.int64
        )  # cents
        return {
            "cust": cust,
            "open_t": open_t,
            "close_t": open_t + hold,
            "mt5": mt5,
            "sym": sym,
            "lots": lots,
            "side": side,
            "open_px": open_px,
            "close_px": close_px,
            "profit": profit,
        }

    def mt4_trades(
        self,
        rng: np.random.Generator,
        pop: Population,
        pos: dict,
        pays: tuple,
        month: tuple[int, int],
    ) -> dict[str, pa.Array]:
        m1 = month[1]
        sel = ~pos["mt5"]
        p = {k: v[sel] for k, v in pos.items()}
        n = len(p["cust"])
        ticket = np.arange(self.next_ticket, self.next_ticket + n)
        self.next_ticket += n
        login = pop["mt4_login"][p["cust"]]
        comm = -(p["lots"] * 7)  # 7.00 per lot -> lots/100 * 700 cents
        base = {
            "ticket": ticket,
            "login": login,
            "sym": p["sym"],
            "cmd": p["side"],
            "lots": p["lots"],
            "open_t": p["open_t"],
            "open_px": p["open_px"],
            "close_px": p["close_px"],
            "comm": comm,
            "swaps": np.zeros(n, dtype=np.int64),
            "profit": p["profit"],
            "comment": np.zeros(n, dtype=np.int64),
        }
        still_open = p["close_t"] >= m1
        # Open at export: CLOSE_TIME 1970, modified when opened; the closed version comes later.
        rows = {k: v.copy() for k, v in base.items()}
        rows["close_t"] = np.where(still_open, 0, p["close_t"])
        rows["modify_t"] = np.where(still_open, p["open_t"], p["close_t"])
        rows["close_px"] = np.where(still_open, 0.0, p["close_px"])
        later = {k: v[still_open] for k, v in base.items()}
        later["close_t"] = p["close_t"][still_open]
        later["modify_t"] = later["close_t"]
        later["t"] = later["close_t"]
        if still_open.any():
            self.mt4_later.add(later)
        due = self.mt4_later.due(m1)
        due.pop("t", None)
        parts = [rows]
        if due:
            parts.append(due)
        # ~1% of closed tickets re-exported after a manual swap adjustment (later MODIFY_TIME).
        closed = np.flatnonzero(~still_open)
        again = closed[rng.random(len(closed)) < 0.01]
        if len(again):
            re = {k: v[again] for k, v in rows.items()}
            re["modify_t"] = np.minimum(
                re["close_t"] + rng.integers(3600, 3 * 86400, len(again)), m1 - 1
            )
            re["swaps"] = -rng.integers(10, 500, len(again))
            re["comment"] = np.ones(len(again), dtype=np.int64)
            parts.append(re)
        # Pending orders (CMD 2-5): some still pending, some cancelled; never lots.
        npend = max(1, n // 30) if n else 0
        src = rng.integers(0, max(n, 1), npend)
        if n:
            pend = {k: v[src].copy() for k, v in rows.items()}
            pend["ticket"] = np.arange(self.next_ticket, self.next_ticket + npend)
            self.next_ticket += npend
            pend["cmd"] = rng.integers(2, 6, npend)
            cancelled = rng.random(npend) < 0.5
            pend["close_t"] = np.where(cancelled, np.minimum(pend["open_t"] + 3600, m1 - 1), 0)
            pend["modify_t"] = np.where(cancelled, pend["close_t"], pend["open_t"])
            pend["profit"] = np.zeros(npend, dtype=np.int64)
            pend["comm"] = np.zeros(npend, dtype=np.int64)
            pend["close_px"] = np.zeros(npend)
            pend["comment"] = np.full(npend, 2)
            parts.append(pend)
        # Balance (CMD 6) rows for approved deposits/withdrawals; credit (CMD 7) bonuses.
        _, pay_t, pay_c, pay_kind, pay_status, pay_amt = pays
        ok = (pay_status == 0) & (pop["mt4_login"][pay_c] >= 0)
        bonus = ok & (pay_kind == 0) & (rng.random(len(ok)) < 0.1)
        for cmd, mask, sign, note in (
            (6, ok, np.where(pay_kind == 0, 1, -1), 3),
            (7, bonus, np.ones(len(ok), dtype=np.int64), 4),
        ):
            m = int(mask.sum())
            bal = {
                "ticket": np.arange(self.next_ticket, self.next_ticket + m),
                "login": pop["mt4_login"][pay_c[mask]],
                "sym": np.full(m, -1),
                "cmd": np.full(m, cmd),
                "lots": np.zeros(m, dtype=np.int64),
                "open_t": pay_t[mask],
                "open_px": np.zeros(m),
                "close_px": np.zeros(m),
                "comm": np.zeros(m, dtype=np.int64),
                "swaps": np.zeros(m, dtype=np.int64),
                "profit": (sign[mask] * pay_amt[mask]) // (1 if cmd == 6 else 5),
                "comment": np.full(m, note),
                "close_t": pay_t[mask],
                "modify_t": pay_t[mask],
            }
            self.next_ticket += m
            parts.append(bal)
        allr = {k: np.concatenate([part[k] for part in parts]) for k in parts[0]}
        order = np.lexsort((allr["modify_t"], allr["ticket"], allr["open_t"]))
        r = {k: v[order] for k, v in allr.items()}
        sym_idx = r["sym"]
        digits = np.where(sym_idx >= 0, SYM_DIGITS[np.maximum(sym_idx, 0)], 0)
        has_sym = sym_idx >= 0
        close_txt = F.pick_where(
            r["close_t"] == 0, F.const(F.EPOCH_1970, len(order)), F.ts_str(r["close_t"])
        )
        return {
            "TICKET": F.int_str(r["ticket"]),
            "LOGIN": F.int_str(r["login"]),
            "SYMBOL": F.pick(SYM_NAMES, sym_idx),
            "DIGITS": F.int_str(digits),
            "CMD": F.int_str(r["cmd"]),
            "VOLUME": F.int_str(r["lots"]),
            "OPEN_TIME": F.ts_str(r["open_t"]),
            "OPEN_PRICE": F.pick_where(
                has_sym, price_str(r["open_px"], digits), F.const("0", len(order))
            ),
            "CLOSE_TIME": close_txt,
            "CLOSE_PRICE": F.pick_where(
                has_sym, price_str(r["close_px"], digits), F.const("0", len(order))
            ),
            "COMMISSION": F.decimal_str(r["comm"]),
            "SWAPS": F.decimal_str(r["swaps"]),
            "PROFIT": F.decimal_str(r["profit"]),
            "COMMENT": F.pick(
                ("", "swap adj", "cancelled", "Deposit", "Bonus credit"), r["comment"]
            ),
            "MODIFY_TIME": F.ts_str(r["modify_t"]),
            "SERVER": F.const(MT4_SERVER, len(order)),
        }

    def mt5_deals(
        self,
        rng: np.random.Generator,
        pop: Population,
        pos: dict,
        pays: tuple,
        month: tuple[int, int],
        epoch_format: bool,
    ) -> dict[str, pa.Array]:
        m1 = month[1]
        sel = pos["mt5"]
        p = {k: v[sel] for k, v in pos.items()}
        n = len(p["cust"])
        posid = np.arange(self.next_position, self.next_position + n)
        self.next_position += n
        login = pop["mt5_login"][p["cust"]]
        vol = p["lots"] * 100  # hundredths of a lot -> ten-thousandths
        entry = {
            "t": p["open_t"],
            "login": login,
            "sym": p["sym"],
            "action": p["side"],
            "entry": np.zeros(n, dtype=np.int64),
            "vol": vol,
            "volclosed": np.zeros(n, dtype=np.int64),
            "price": p["open_px"],
            "profit": np.zeros(n, dtype=np.int64),
            "comm": -(p["lots"] * 350 // 100),
            "pos": posid,
        }
        outby = rng.random(n) < 0.03
        exit_ = {
            "t": p["close_t"],
            "login": login,
            "sym": p["sym"],
            "action": 1 - p["side"],
            "entry": np.where(outby, 3, 1),
            "vol": vol,
            "volclosed": vol,
            "price": p["close_px"],
            "profit": p["profit"],
            "comm": -(p["lots"] * 350 // 100),
            "pos": posid,
        }
        self.mt5_later.add(exit_)
        due = self.mt5_later.due(m1)
        _, pay_t, pay_c, pay_kind, pay_status, pay_amt = pays
        ok = (pay_status == 0) & (pop["mt5_login"][pay_c] >= 0)
        m = int(ok.sum())
        bal = {
            "t": pay_t[ok],
            "login": pop["mt5_login"][pay_c[ok]],
            "sym": np.full(m, -1),
            "action": np.full(m, 2),
            "entry": np.zeros(m, dtype=np.int64),
            "vol": np.zeros(m, dtype=np.int64),
            "volclosed": np.zeros(m, dtype=np.int64),
            "price": np.zeros(m),
            "profit": np.where(pay_kind[ok] == 0, 1, -1) * pay_amt[ok],
            "comm": np.zeros(m, dtype=np.int64),
            "pos": np.zeros(m, dtype=np.int64),
        }
        parts = [entry, bal] + ([due] if due else [])
        r = {k: np.concatenate([part[k] for part in parts]) for k in entry}
        order = np.lexsort((r["entry"], r["pos"], r["t"]))
        r = {k: v[order] for k, v in r.items()}
        nn = len(order)
        deal = np.arange(self.next_deal, self.next_deal + nn)
        self.next_deal += nn
        msc = r["t"] * 1000 + rng.integers(0, 1000, nn)
        digits = np.where(r["sym"] >= 0, SYM_DIGITS[np.maximum(r["sym"], 0)], 0)
        cols = {
            "Deal": F.int_str(deal),
            "Login": F.int_str(r["login"]),
            "Time": F.int_str(r["t"]) if epoch_format else F.ts_str(r["t"]),
            "TimeMsc": F.int_str(msc) if epoch_format else F.ts_msc_str(msc),
            "Symbol": F.pick(SYM_NAMES, r["sym"]),
            "Action": F.int_str(r["action"]),
            "Entry": F.int_str(r["entry"]),
            "Volume": F.int_str(r["vol"]),
            "VolumeExt": F.int_str(r["vol"] * 10000),
            "VolumeClosed": F.int_str(r["volclosed"]),
            "VolumeClosedExt": F.int_str(r["volclosed"] * 10000),
            "Price": F.pick_where(r["sym"] >= 0, price_str(r["price"], digits), F.const("0", nn)),
            "Profit": F.decimal_str(r["profit"]),
            "Commission": F.decimal_str(r["comm"]),
            "Fee": F.const("0", nn),
            "Storage": F.const("0", nn),
            "PositionID": F.int_str(r["pos"]),
            "Comment": F.pick(
                ("", "deposit", "withdrawal"),
                np.where(r["action"] == 2, np.where(r["profit"] >= 0, 1, 2), 0),
            ),
            "Server": F.const(MT5_SERVER, nn),
            # Columns of the gateway the contract does not name: kept as extras by ingestion.
            "Reason": F.int_str(np.where(r["action"] == 2, 2, 0)),
            "ExpertID": F.const("0", nn),
        }
        if epoch_format:
            # This export omits the optional columns: lots then come from VolumeClosed alone.
            for c in ("VolumeExt", "VolumeClosedExt", "Fee", "ExpertID"):
                del cols[c]
        return cols
