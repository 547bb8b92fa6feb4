"""The operational store: what people record (decisions, period closes, deal amendments),
append-only and hash-chained in `<home>/ops.sqlite`.

Modules, each named for what it holds:
- `chain`: the hash chain every table is part of, its verification, the low-level writes;
- `decisions`: payout decisions and the amount each stood for;
- `policy`: who may decide which payout (`may_decide`, `refusal`), for the app and the CLI;
- `published`: the published payouts (serving.duckdb) with their current status;
- `amendments`: deal versions recorded in the app;
- `periods`: period close and the frozen rows of closed months;
- `mirror`: the store copied into `warehouse.ops_snapshot.*` before dbt runs;
- `users`: users, their sign-ins, failures and lock-outs (argon2 hashes only);
- `partner_requests`: payout details partners maintain, review flags, payout requests;
- `notices`: announcements and their read state; `applications`: partner applications;
- `payments`: payment files of approved payouts and the settlements that mark them paid.
- `tier_reviews`: tier recommendations accepted (with the proposed deal version) or dismissed.

This package re-exports the public names so callers write `ops_store.record_decision(...)`.
"""

from partnerledger.ops_store.amendments import (
    AMENDING_ROLES,
    deal_amendments,
    record_deal_amendment,
)
from partnerledger.ops_store.chain import (
    GENESIS,
    TABLES,
    OpsStoreError,
    canonical_json,
    connect,
    entry_hash,
    verify_chain,
)
from partnerledger.ops_store.decisions import decisions_for, record_decision
from partnerledger.ops_store.mirror import mirror_to_warehouse
from partnerledger.ops_store.periods import close_period, closed_rows, period_closes
from partnerledger.ops_store.policy import ACTIONS, FINANCE_ROLES, ROLES, may_decide, refusal
from partnerledger.ops_store.published import current_payouts
from partnerledger.ops_store.tier_reviews import record_tier_review, tier_reviews

__all__ = [
    "ACTIONS",
    "AMENDING_ROLES",
    "FINANCE_ROLES",
    "GENESIS",
    "ROLES",
    "TABLES",
    "OpsStoreError",
    "canonical_json",
    "close_period",
    "closed_rows",
    "connect",
    "current_payouts",
    "deal_amendments",
    "decisions_for",
    "entry_hash",
    "may_decide",
    "mirror_to_warehouse",
    "period_closes",
    "record_deal_amendment",
    "record_decision",
    "record_tier_review",
    "refusal",
    "tier_reviews",
    "verify_chain",
]
