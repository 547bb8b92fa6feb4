"""Payout decisions: the app's only writes, through the operational store of partnerledger.

`partnerledger.ops_store` keeps the append-only, hash-chained decision log and the one policy
of who may decide what (ops_store.policy): the app offers a role only the payouts it may
decide, and record_decision refuses the rest with the same message as the command line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd

from app.auth import Viewer
from partnerledger import ops_store, paths

ACTIONS = ops_store.ACTIONS
# who may approve (or reject, hold, release) which payout: the ops store's one policy
may_decide = ops_store.may_decide
# batch_approve: every pending payout shown that the role may decide, except those picked.
ACTION_LABELS = {
    "batch_approve": "batch approve: all pending shown, except the picked ones",
}


class DecisionRefused(Exception):
    """The ops store refused a decision (e.g. a finance-routed payout held by a manager)."""


def record(viewer: Viewer, action: str, payout_ids: Sequence[str], reason: str) -> list[dict]:
    """Append one decision on these payouts to the ops store, with who decided and why."""
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
    rows = ops_store.decisions_for(paths.home().root, partner_id, month)
    keep = ["at", "actor", "role", "action", "payout_id", "reason"]
    return pd.DataFrame(rows, columns=keep) if rows else pd.DataFrame(columns=keep)
