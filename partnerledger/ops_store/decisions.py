"""Payout decisions: who decided what on which payout, and why."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain

ACTIONS = ("approve", "reject", "hold", "release", "batch_approve")
ROLES = ("manager", "finance")
# What the latest decision on a payout makes its status (mart_payouts uses the same map).
STATUS_AFTER = {
    "approve": "approved",
    "batch_approve": "approved",
    "reject": "rejected",
    "hold": "held",
    "release": "pending",
}


def decided_amount(decision: dict[str, Any]) -> Decimal | None:
    """The payout amount a decision was taken on (record_decision keeps it in the payload)."""
    amount = json.loads(decision.get("payload_json") or "{}").get("amount")
    return None if amount is None else Decimal(str(amount))


def approval_is_stale(decision: dict[str, Any], amount: Decimal | None) -> bool:
    """An approval of another amount than the payout's current one no longer stands: late data
    changed the payout after it was approved, so it needs approving again (mart_payouts
    holds it with the reason)."""
    decided = decided_amount(decision)
    return (
        STATUS_AFTER[decision["action"]] == "approved"
        and decided is not None
        and amount is not None
        and decided != amount
    )


def record_decision(
    home: Path | str,
    actor: str,
    role: str,
    action: str,
    payout_ids: Sequence[str],
    reason: str,
) -> list[dict[str, Any]]:
    """Record one decision per payout, all or none; returns the recorded entries.

    Refused (OpsStoreError, nothing written): an unknown payout id, an empty actor or reason,
    approving a payout routed to `finance` with role `manager`, approving a payout whose
    amount is below the partner's payout threshold (nothing to pay).
    """
    if action not in ACTIONS:
        raise chain.OpsStoreError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    if role not in ROLES:
        raise chain.OpsStoreError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not actor or not actor.strip():
        raise chain.OpsStoreError("a decision needs an actor (--actor NAME)")
    if not reason or not reason.strip():
        raise chain.OpsStoreError("a decision needs a reason (--reason TEXT)")
    ids = list(dict.fromkeys(payout_ids))
    if not ids:
        raise chain.OpsStoreError("no payout ids given")
    from partnerledger.ops_store.published import published_payouts

    rows = {r["payout_id"]: r for r in published_payouts(home, ids)}
    unknown = [i for i in ids if i not in rows]
    if unknown:
        raise chain.OpsStoreError(
            f"unknown payout id(s): {', '.join(unknown)} (see `partnerledger payouts list`)"
        )
    problems = []
    for pid in ids:
        r = rows[pid]
        if action in ("approve", "batch_approve"):
            if r["route"] == "finance" and role != "finance":
                problems.append(
                    f"{pid} is routed to finance (amount {r['amount']} {r['payout_currency']}): "
                    f"role {role} cannot approve it, a finance approver must (--role finance)"
                )
            if r["published_status"] == "below_threshold":
                problems.append(
                    f"{pid} is below the partner's payout threshold: nothing to pay, it carries to the next month"
                )
    if problems:
        raise chain.OpsStoreError("; ".join(problems))
    at = chain.now()
    entries = [
        {
            "at": at,
            "actor": actor.strip(),
            "role": role,
            "action": action,
            "payout_id": pid,
            "partner_id": rows[pid]["partner_id"],
            "period_month": str(rows[pid]["period_month"]),
            "reason": reason.strip(),
            "payload_json": chain.canonical_json(
                {
                    "amount": rows[pid]["amount"],
                    "payout_currency": rows[pid]["payout_currency"],
                    "route": rows[pid]["route"],
                    "status_before": rows[pid]["status"],
                }
            ),
        }
        for pid in ids
    ]
    chain.transaction(home, "decisions", entries)
    return entries


def decisions_for(home: Path | str, partner_id: str, month: str | date) -> list[dict[str, Any]]:
    """Every decision on the partner's payout of `month`, oldest first (for `explain`)."""
    if not chain.store_path(home).exists():
        return []
    con = chain.connect(home)
    try:
        rows = con.execute(
            "select * from decisions where partner_id = ? and period_month = ? order by seq",
            (partner_id, chain.month_start(month).isoformat()),
        ).fetchall()
        return [dict(r) for r in rows]
    finally:
        con.close()
