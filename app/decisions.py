"""Payout decisions: the app's only writes, through the operational store of partnerledger.

`partnerledger.ops_store` keeps the append-only, hash-chained decision log. When it cannot be
imported (an older checkout), the Payouts page stays read-only and says so instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from app.auth import Viewer
from partnerledger import paths

try:  # guarded: the ops store is another package's module and may be absent
    from partnerledger import ops_store
except ImportError:  # pragma: no cover - depends on the checkout
    ops_store = None

ACTIONS: tuple[str, ...] = ("approve", "reject", "hold", "release", "batch_approve")
# batch_approve: every pending payout shown that the role may decide, except those picked.
ACTION_LABELS = {
    "batch_approve": "batch approve: all pending shown, except the picked ones",
}
READ_ONLY_MESSAGE = (
    "The operational store (partnerledger.ops_store) is not available: payouts are shown "
    "read-only and no decision can be recorded."
)


class DecisionRefused(Exception):
    """The ops store refused a decision (e.g. a finance-routed payout approved by a manager)."""


def available() -> bool:
    return ops_store is not None


def record(viewer: Viewer, action: str, payout_ids: Sequence[str], reason: str) -> list[dict]:
    """Append one decision on these payouts to the ops store, with who decided and why."""
    if ops_store is None:
        raise DecisionRefused(READ_ONLY_MESSAGE)
    if action not in ACTIONS:
        raise DecisionRefused(f"unknown payout action {action!r}; expected one of {ACTIONS}")
    if not reason.strip():
        raise DecisionRefused("a decision needs a reason: it is kept in the audit log")
    if not payout_ids:
        raise DecisionRefused("pick at least one payout to decide on")
    try:
        return ops_store.record_decision(
            paths.home().root, viewer.actor, viewer.role, action, list(payout_ids), reason.strip()
        )
    except ops_store.OpsStoreError as exc:
        raise DecisionRefused(str(exc)) from exc


def history(partner_id: str, month: date) -> pd.DataFrame:
    """Decisions already recorded for a partner's month (empty without an ops store)."""
    if ops_store is None:
        return pd.DataFrame()
    rows = ops_store.decisions_for(paths.home().root, partner_id, month)
    keep = ["at", "actor", "role", "action", "payout_id", "reason"]
    return pd.DataFrame(rows, columns=keep) if rows else pd.DataFrame(columns=keep)


def current_statuses(month: date | None) -> dict[str, str]:
    """payout_id -> status after the latest recorded decision (payouts without one omitted).

    The published mart only learns about decisions at the next build; this overlay shows
    them at once.
    """
    if ops_store is None:
        return {}
    rows = ops_store.published_payouts(paths.home().root, month=month)
    return {r["payout_id"]: r["status"] for r in rows if "last_decision" in r}
