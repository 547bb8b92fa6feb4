"""PartnerLedger app entrypoint: page config, the shared sidebar, role-based navigation.

Served by `partnerledger app [--home DIR]` (streamlit run with PARTNERLEDGER_HOME set).
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts app/ on sys.path, not the repository root: make `import app` work from
# any working directory even where the package is not (or stale-ly) installed.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from app import data
from app.auth import PARTNER_KEY, ROLE_KEY, ROLES, current_viewer

PAGES_DIR = Path(__file__).parent / "app_pages"

st.set_page_config(page_title="PartnerLedger", page_icon=":material/handshake:", layout="wide")

# Which sections each role gets; each page checks the role again on its own.
SECTIONS: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {
    "Manager": (
        ("overview.py", "Overview", ":material/monitoring:", ("manager", "finance")),
        ("partner_360.py", "Partner 360", ":material/person_search:", ("manager", "finance")),
    ),
    "Finance": (("payouts.py", "Payouts", ":material/payments:", ("manager", "finance")),),
    "Partner portal": (
        ("my_statement.py", "My statement", ":material/receipt_long:", ("partner",)),
    ),
}


def sidebar() -> None:
    """Home, publish time and the demo login (role, and the partner id for partners)."""
    with st.sidebar:
        st.caption(f"Home: `{data.serving_file().parent}`")
        published = data.published_at()
        st.caption(f"Published: {published:%Y-%m-%d %H:%M %Z}" if published else "Published: never")
        st.selectbox("Role (demo login)", ROLES, key=ROLE_KEY)
        if st.session_state.get(ROLE_KEY) == "partner":
            ids = list(data.partners()["partner_id"]) if data.is_published() else []
            st.selectbox(
                "Partner id", ids, key=PARTNER_KEY, index=None, placeholder="choose your partner id"
            )
        st.caption("Demo only: no real authentication (see app/auth.py).")


sidebar()
role = current_viewer().role
pages = {
    section: [
        st.Page(PAGES_DIR / file, title=title, icon=icon)
        for file, title, icon, roles in entries
        if role in roles
    ]
    for section, entries in SECTIONS.items()
}
st.navigation({s: p for s, p in pages.items() if p}).run()
