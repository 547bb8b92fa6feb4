"""Payout decisions: who decided what on which payout, and why (the one writer of decisions,
used by the app and the command line; who may decide what: ops_store.policy)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain, policy
from partnerledger.ops_store.policy import ACTIONS, ROLES
from partnerledger.ops_store.published import current_payouts


def decided_amount(decision: dict[str, Any]) -> Decimal | None:
    """The payout amount a decision was taken on (record_decision keeps it in the payload)."""
    amount = json.loads(decision.get("payload_json") or "{}").get("amount")
    return None if amount is None else Decimal(str(amount))


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
    and whatever the policy refuses (ops_store.policy.refusal: a role deciding a route it may
    not, approving a payout below the partner's payout threshold).
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
    rows = {r["payout_id"]: r for r in current_payouts(home, payout_ids=ids)}
    unknown = [i for i in ids if i not in rows]
    if unknown:
        raise chain.OpsStoreError(
            f"unknown payout id(s): {', '.join(unknown)} (see `partnerledger payouts list`)"
        )
    problems = [p for p in (policy.refusal(role, action, rows[pid]) for pid in ids) if p]
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
