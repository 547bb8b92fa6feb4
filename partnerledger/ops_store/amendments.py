"""Deal amendments made in the app: new deal versions, chained like every decision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain

# Deal terms are commercial: managers amend them; finance approves the payouts they produce
# (segregation of duties, docs/decisions/009-deal-amendments-in-the-app.md).
AMENDING_ROLES = ("manager",)


def record_deal_amendment(
    home: Path | str, actor: str, role: str, version: dict[str, Any], reason: str
) -> dict[str, Any]:
    """Append a new deal version (`version`, every LANDING.md deal field) to the chain.

    The caller has validated the version (partnerledger.deal_amendments.check); this
    refuses only what would make the entry unusable or unaccountable.
    """
    if role not in AMENDING_ROLES:
        raise chain.OpsStoreError(
            f"role {role!r} cannot amend deals: only {', '.join(AMENDING_ROLES)} can"
        )
    if not actor or not actor.strip():
        raise chain.OpsStoreError("a deal amendment needs an actor")
    if not reason or not reason.strip():
        raise chain.OpsStoreError("a deal amendment needs a reason: it is kept in the audit log")
    if not version.get("deal_id") or not isinstance(version.get("version"), int):
        raise chain.OpsStoreError("a deal amendment needs the deal id and the new version number")
    taken = {
        (a["deal_id"], int(a["version"]))
        for a in deal_amendments(home)
        if a["deal_id"] == version["deal_id"]
    }
    if (version["deal_id"], version["version"]) in taken:
        raise chain.OpsStoreError(
            f"version {version['version']} of {version['deal_id']} is already recorded: "
            "reload the deal and amend its newest version"
        )
    entry = {
        "at": chain.now(),
        "actor": actor.strip(),
        "role": role,
        "deal_id": version["deal_id"],
        "version": version["version"],
        "reason": reason.strip(),
        "payload_json": chain.canonical_json(version),
    }
    seq = chain.transaction(home, "deal_amendments", [entry])[0]
    return {**entry, "seq": seq}


def deal_amendments(home: Path | str) -> list[dict[str, Any]]:
    """Every recorded deal amendment, oldest first (with its chain `seq`)."""
    return chain.entries(home, "deal_amendments")
