"""The operational store: what people record (decisions, period closes, deal amendments),
append-only and hash-chained in `<home>/ops.sqlite`.

Modules, each named for what it holds:
- `chain`: the hash chain every table is part of, its verification, the low-level writes;
- `decisions`: payout decisions and the amount each stood for;
- `published`: the published payouts (serving.duckdb) as decisions see them;
- `amendments`: deal versions recorded in the app;
- `periods`: period close and the frozen rows of closed months;
- `mirror`: the store copied into `warehouse.ops_snapshot.*` before dbt runs.

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
from partnerledger.ops_store.decisions import (
    ACTIONS,
    ROLES,
    STATUS_AFTER,
    approval_is_stale,
    decisions_for,
    record_decision,
)
from partnerledger.ops_store.mirror import mirror_to_warehouse
from partnerledger.ops_store.periods import close_period, closed_rows, period_closes
from partnerledger.ops_store.published import published_payouts

__all__ = [
    "ACTIONS",
    "AMENDING_ROLES",
    "GENESIS",
    "ROLES",
    "STATUS_AFTER",
    "TABLES",
    "OpsStoreError",
    "approval_is_stale",
    "canonical_json",
    "close_period",
    "closed_rows",
    "connect",
    "deal_amendments",
    "decisions_for",
    "entry_hash",
    "mirror_to_warehouse",
    "period_closes",
    "published_payouts",
    "record_deal_amendment",
    "record_decision",
    "verify_chain",
]
