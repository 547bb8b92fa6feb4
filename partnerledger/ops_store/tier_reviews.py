"""Tier reviews: what a manager did with a tier recommendation, chained like every decision.

One entry per review of one recommendation (partner, brand, deal, reference month):
`accepted` names the deal version the acceptance proposed (recorded just before through the
deal amendment flow, ops_store.amendments), `dismissed` carries the manager's reason. A
recommendation with an entry for its reference month is no longer open.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain
from partnerledger.ops_store.amendments import AMENDING_ROLES

EVENTS = ("accepted", "dismissed")
# Accepting proposes a deal amendment, so the roles that may amend deals review tiers.
REVIEWING_ROLES = AMENDING_ROLES


def review_key(rec: Mapping[str, Any]) -> tuple[str, str, str, str]:
    """What identifies one recommendation across builds: partner, brand, deal, month."""
    return (
        str(rec["partner_id"]),
        str(rec["brand_id"]),
        str(rec["deal_id"]),
        str(rec["as_of_month"])[:10],
    )


def record_tier_review(
    home: Path | str,
    actor: str,
    role: str,
    event: str,
    recommendation: Mapping[str, Any],
    reason: str,
    *,
    amendment_version: int | None = None,
) -> dict[str, Any]:
    """Append one review of `recommendation` (a mart_tier_recommendations row)."""
    if role not in REVIEWING_ROLES:
        raise chain.OpsStoreError(
            f"role {role!r} cannot review tiers: only {', '.join(REVIEWING_ROLES)} can"
        )
    if event not in EVENTS:
        raise chain.OpsStoreError(f"tier review event {event!r} is not one of {', '.join(EVENTS)}")
    if not reason or not reason.strip():
        raise chain.OpsStoreError("a tier review needs a reason: it is kept in the audit log")
    if event == "accepted" and amendment_version is None:
        raise chain.OpsStoreError("an accepted tier review names the deal version it proposed")
    partner_id, brand_id, deal_id, as_of_month = review_key(recommendation)
    entry = {
        "at": chain.now(),
        "actor": actor,
        "role": role,
        "event": event,
        "partner_id": partner_id,
        "brand_id": brand_id,
        "deal_id": deal_id,
        "deal_version": int(recommendation["deal_version"]),
        "as_of_month": as_of_month,
        "recommendation": str(recommendation["recommendation"]),
        "recommended_tier": int(recommendation["recommended_tier"]),
        "amendment_version": amendment_version,
        "reason": reason.strip(),
    }
    seq = chain.transaction(home, "tier_reviews", [entry])[0]
    return {**entry, "seq": seq}


def tier_reviews(home: Path | str) -> list[dict[str, Any]]:
    """Every tier review, oldest first (with its chain `seq`)."""
    return chain.entries(home, "tier_reviews")


def reviewed_keys(home: Path | str) -> set[tuple[str, str, str, str]]:
    """The recommendations already accepted or dismissed (review_key of each)."""
    return {review_key(r) for r in tier_reviews(home)}
