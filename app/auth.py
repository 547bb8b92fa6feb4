"""Who is looking at the app: a demo "login" kept in Streamlit's session state.

Real authentication is OUT OF SCOPE for this demo. The sidebar lets anyone pick a role
(manager, finance, partner) and, for the partner role, one partner id; every page then
narrows what it shows to that choice. Nothing here proves identity: in production put the app
behind an identity provider (e.g. OIDC via `st.login`) and derive the role and partner id from
the verified token instead of a selectbox.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

ROLES: tuple[str, ...] = ("manager", "finance", "partner")
ROLE_KEY = "role"  # session-state keys shared by the sidebar and every page
PARTNER_KEY = "partner_id"

# Who may decide a payout of each route (RULES.md "Payout approval"): finance-routed payouts
# need finance; finance may also decide the smaller routes, managers only auto and manager.
DECIDERS_BY_ROUTE: dict[str, frozenset[str]] = {
    "auto": frozenset({"manager", "finance"}),
    "manager": frozenset({"manager", "finance"}),
    "finance": frozenset({"finance"}),
}


@dataclass(frozen=True)
class Viewer:
    """The role chosen in the sidebar and, for partners, the one partner they see."""

    role: str | None
    partner_id: str | None = None

    @property
    def actor(self) -> str:
        """Name written to the ops store's audit log for decisions made in this session."""
        return f"app:{self.role}" if self.role != "partner" else f"app:partner:{self.partner_id}"


def current_viewer() -> Viewer:
    """The viewer of this session; role None until one is chosen in the sidebar."""
    role = st.session_state.get(ROLE_KEY)
    if role not in ROLES:
        return Viewer(role=None)
    partner_id = st.session_state.get(PARTNER_KEY) if role == "partner" else None
    return Viewer(role=role, partner_id=partner_id or None)


def may_decide(role: str | None, route: str) -> bool:
    """True if this role may approve, reject, hold or release a payout of this route."""
    return role in DECIDERS_BY_ROUTE.get(route, frozenset())
