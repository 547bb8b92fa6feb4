"""Deal amendments from the Partner 360 page, through partnerledger.deal_amendments.

Like payout decisions, an amendment is written to the operational store only (never to the
published file); the next build loads it as a new deal version and prices with it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import yaml

from app.auth import Viewer
from partnerledger import deal_amendments, ops_store, paths
from partnerledger.deal_amendments import AmendmentRefused, Check

AMENDING_ROLES = ops_store.AMENDING_ROLES
PENDING_COLUMNS = ["at", "actor", "deal_id", "version", "effective_from", "brand_id", "reason"]

__all__ = ["AMENDING_ROLES", "AmendmentRefused", "pending", "submit", "terms_text"]


def may_amend(viewer: Viewer) -> bool:
    return viewer.role in AMENDING_ROLES


def terms_text(terms_json: str | None) -> str:
    """A version's terms as the YAML a manager edits (LANDING.md's `terms` shape)."""
    terms = json.loads(terms_json) if terms_json else {}
    return yaml.safe_dump(terms, sort_keys=False, default_flow_style=None)


def pending(deal_ids: list[str], published: pd.DataFrame) -> pd.DataFrame:
    """Amendments of these deals recorded in the app and not yet in the published marts."""
    have = set(zip(published.get("deal_id", []), map(int, published.get("deal_version", []))))
    rows = []
    for a in ops_store.deal_amendments(paths.home().root):
        version = json.loads(a["payload_json"])
        if a["deal_id"] in deal_ids and (a["deal_id"], int(a["version"])) not in have:
            rows.append(
                {
                    **{k: a[k] for k in ("at", "actor", "deal_id", "reason")},
                    "version": int(a["version"]),
                    "effective_from": version["effective_from"],
                    "brand_id": version["brand_id"] or "all brands",
                }
            )
    return pd.DataFrame(rows, columns=PENDING_COLUMNS)


def submit(
    viewer: Viewer,
    base: Mapping[str, Any],
    published_versions: list[int],
    *,
    effective_from: date,
    effective_to: date | None,
    brand_id: str | None,
    currency: str,
    terms: str,
    reason: str,
) -> tuple[dict[str, Any], Check]:
    """Record the new version of `base`'s deal; AmendmentRefused says why it was not (the
    ops store refuses a role that may not amend)."""
    home = paths.home().root
    version = deal_amendments.draft(
        base,
        version=deal_amendments.next_version(home, str(base["deal_id"]), published_versions),
        effective_from=effective_from,
        effective_to=effective_to,
        brand_id=brand_id,
        currency=currency,
        terms=deal_amendments.parse_terms(terms),
        actor=viewer.actor,
        reason=reason,
    )
    return deal_amendments.record(home, viewer.actor, str(viewer.role), version)
