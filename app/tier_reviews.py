"""Tier recommendations on the Segments page: accept (a proposed deal amendment through the
amendment flow of app.amendments) or dismiss with a reason; both chained in the ops store
(partnerledger.ops_store.tier_reviews).

Accepting locks the recommended band: the revshare ladder of the deal version reviewed becomes
one band from 0 at the recommended band's rate, from the chosen date. A volume tier (IB lots,
CPA counts) is a relationship level without a rate, so there is nothing in the terms to
change: it can be dismissed, or the deal amended by hand on Partner 360.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import yaml

from app import amendments, data
from app.auth import Viewer
from partnerledger import ops_store, paths

# the module, not ops_store.tier_reviews (the package re-exports a function of that name)
from partnerledger.ops_store.tier_reviews import (
    REVIEWING_ROLES,
    record_tier_review,
    review_key,
    reviewed_keys,
)


class ReviewRefused(Exception):
    """A tier review the amendment flow or the ops store refused; the message says why."""


def may_review(viewer: Viewer) -> bool:
    return viewer.role in REVIEWING_ROLES


def open_only(recommendations: pd.DataFrame) -> pd.DataFrame:
    """The recommendations nobody accepted or dismissed yet (for their reference month)."""
    done = reviewed_keys(paths.home().root)
    if recommendations.empty or not done:
        return recommendations
    keep = [review_key(r) not in done for r in recommendations.to_dict("records")]
    return recommendations[keep].reset_index(drop=True)


def proposed_terms(rec: Mapping[str, Any]) -> dict[str, Any] | None:
    """The reviewed version's terms with the recommended band locked, or None when the
    recommendation has no rate to lock (a volume tier)."""
    if not str(rec["tier_program"]).startswith("revshare") or pd.isna(rec["recommended_rate"]):
        return None
    base = data.deal_version(str(rec["deal_id"]), int(rec["deal_version"]))
    if base is None or not base.get("terms_json"):
        return None
    terms = copy.deepcopy(json.loads(base["terms_json"]))
    if "revshare" not in terms:
        return None
    # float only for YAML: the amendment flow parses the rate back as a decimal number
    terms["revshare"]["tiers"] = [{"from": 0, "rate": float(rec["recommended_rate"])}]
    return terms


def terms_yaml(terms: Mapping[str, Any]) -> str:
    return yaml.safe_dump(dict(terms), sort_keys=False, default_flow_style=None)


def accept(
    viewer: Viewer, rec: Mapping[str, Any], *, effective_from: date, reason: str
) -> dict[str, Any]:
    """Record the proposed deal version, then the acceptance naming it; the amendment entry."""
    if not may_review(viewer):
        raise ReviewRefused(f"role {viewer.role!r} cannot review tiers")
    if not reason.strip():
        raise ReviewRefused("a tier review needs a reason: it is kept in the audit log")
    terms = proposed_terms(rec)
    if terms is None:
        raise ReviewRefused(
            "this tier has no rate to lock (a volume tier): dismiss it, or amend the deal on "
            "Partner 360"
        )
    base = data.deal_version(str(rec["deal_id"]), int(rec["deal_version"]))
    history = data.deal_history(str(rec["partner_id"]))
    versions = [int(v) for v in history.loc[history["deal_id"] == rec["deal_id"], "deal_version"]]
    why = f"tier review {rec['recommendation']} to band {int(rec['recommended_tier'])}: {reason}"
    try:
        entry, _ = amendments.submit(
            viewer,
            base,
            versions,
            effective_from=effective_from,
            effective_to=None,
            brand_id=base.get("brand_id"),
            currency=str(base["currency"]),
            terms=terms_yaml(terms),
            reason=why,
        )
        record_tier_review(
            paths.home().root,
            viewer.actor,
            str(viewer.role),
            "accepted",
            rec,
            reason,
            amendment_version=int(entry["version"]),
        )
    except (amendments.AmendmentRefused, ops_store.OpsStoreError) as exc:
        raise ReviewRefused(str(exc)) from exc
    return entry


def dismiss(viewer: Viewer, rec: Mapping[str, Any], reason: str) -> dict[str, Any]:
    try:
        return record_tier_review(
            paths.home().root, viewer.actor, str(viewer.role), "dismissed", rec, reason
        )
    except ops_store.OpsStoreError as exc:
        raise ReviewRefused(str(exc)) from exc
