"""Events generated in one month that happen in a later one (a refund 20 days after a
purchase, a trade closed next month). They wait here and are written with the month they
happen in, so every monthly file holds that month's events, like a source system's export.
"""

from __future__ import annotations

import numpy as np


class Spill:
    def __init__(self) -> None:
        self.pending: dict[str, np.ndarray] = {}

    def add(self, rows: dict[str, np.ndarray]) -> None:
        """rows must have a 't' (epoch seconds) array; all arrays the same length."""
        if not self.pending:
            self.pending = {k: np.asarray(v) for k, v in rows.items()}
        else:
            self.pending = {k: np.concatenate([self.pending[k], rows[k]]) for k in self.pending}

    def due(self, before: int) -> dict[str, np.ndarray]:
        """Remove and return the pending rows that happen before `before`."""
        if not self.pending:
            return {}
        now = self.pending["t"] < before
        out = {k: v[now] for k, v in self.pending.items()}
        self.pending = {k: v[~now] for k, v in self.pending.items()}
        return out
