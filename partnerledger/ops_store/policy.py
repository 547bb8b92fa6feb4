"""Who may decide a payout: the one policy the app and the command line both apply.

Who may approve (or reject, hold, release) a payout depends on its route (RULES.md "Payout
approval", routes from mart_payouts' payout routing): finance-routed payouts are decided only
by finance; auto- and manager-routed ones by a manager or finance. Approving a payout that is
below the partner's payout threshold is refused whoever asks: there is nothing to pay, the
balance carries to the next month. The app shows a role only the payouts `may_decide` allows,
and `record_decision` (the one writer, used by the app and the command line) refuses with
`refusal`'s message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ACTIONS = ("approve", "reject", "hold", "release", "batch_approve")
ROLES = ("manager", "finance")
APPROVALS = ("approve", "batch_approve")
# who may export payment files and record settlements (ops_store.payments): paying is finance's
FINANCE_ROLES = ("finance", "admin")

# who may approve, reject, hold or release a payout of each route
DECIDERS_BY_ROUTE: dict[str, tuple[str, ...]] = {
    "auto": ("manager", "finance"),
    "manager": ("manager", "finance"),
    "finance": ("finance",),
}


def may_decide(role: str | None, action: str, route: str | None) -> bool:
    """True when `role` may take `action` on a payout routed to `route`."""
    return action in ACTIONS and role in DECIDERS_BY_ROUTE.get(route or "", ())


def refusal(role: str | None, action: str, payout: Mapping[str, Any]) -> str | None:
    """Why `role` may not take `action` on this payout (a row of current_payouts), else None."""
    pid, route = payout["payout_id"], payout["route"]
    if not may_decide(role, action, route):
        deciders = DECIDERS_BY_ROUTE.get(route or "", ())
        return (
            f"{pid} is routed to {route} (amount {payout['amount']} {payout['payout_currency']}): "
            f"role {role} cannot {action} it, only {' or '.join(deciders) or 'nobody'} can"
            + (f" (--role {deciders[-1]})" if deciders else "")
        )
    # below threshold as built (a later hold does not make it payable) or as it shows now
    below = "below_threshold" in (payout["published_status"], payout["status"])
    if action in APPROVALS and below:
        return (
            f"{pid} is below the partner's payout threshold: nothing to pay, "
            "it carries to the next month"
        )
    return None
