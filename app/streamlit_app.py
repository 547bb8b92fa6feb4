"""PartnerLedger app entrypoint: page config, sign-in, the shared sidebar, role-based navigation.

Served by `partnerledger app [--home DIR]` (streamlit run with PARTNERLEDGER_HOME set; the
options in app/.streamlit/config.toml hide the developer toolbar and tracebacks). Until a
user is signed in the navigation holds the sign-in page only.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts app/ on sys.path, not the repository root: make `import app` work from
# any working directory even where the package is not (or stale-ly) installed.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from app import auth, data
from app.auth import Viewer, current_viewer

PAGES_DIR = Path(__file__).parent / "app_pages"
LOG = logging.getLogger("partnerledger.app")
ERROR_NOTICE = (
    "Something went wrong while drawing this page. The details were logged for the "
    "administrator; try again, or tell your PartnerLedger contact if it persists."
)

st.set_page_config(page_title="PartnerLedger", page_icon=":material/handshake:", layout="wide")

# Which sections each role gets; each page checks the role again on its own.
SECTIONS: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], ...]] = {
    "Manager": (
        ("segments.py", "Segments", ":material/donut_small:", ("manager", "finance")),
        ("overview.py", "Overview", ":material/monitoring:", ("manager", "finance")),
        ("partner_360.py", "Partner 360", ":material/person_search:", ("manager", "finance")),
        ("onboarding.py", "Onboarding", ":material/how_to_reg:", ("manager", "finance")),
        ("creatives_admin.py", "Creatives", ":material/photo_library:", ("manager", "admin")),
    ),
    "Finance": (("payouts.py", "Payouts", ":material/payments:", ("manager", "finance")),),
    "Partner portal": (
        ("portal_dashboard.py", "Dashboard", ":material/dashboard:", ("partner",)),
        ("portal_reports.py", "Reports", ":material/query_stats:", ("partner",)),
        ("portal_commissions.py", "Commissions", ":material/receipt_long:", ("partner",)),
        ("portal_sub_partners.py", "Sub-partners", ":material/account_tree:", ("partner",)),
        ("portal_payments.py", "Payments", ":material/account_balance_wallet:", ("partner",)),
        ("portal_links.py", "Links and coupons", ":material/link:", ("partner",)),
        ("portal_notices.py", "Notices", ":material/campaign:", ("partner",)),
        ("portal_creatives.py", "Creatives and rules", ":material/photo_library:", ("partner",)),
    ),
    "Administration": (
        ("users.py", "Users", ":material/group:", ("admin",)),
        (
            "data_quality.py",
            "Data quality",
            ":material/rule:",
            ("manager", "finance", "admin"),
        ),
    ),
    "Account": (
        (
            "change_password.py",
            "Change password",
            ":material/password:",
            ("admin", "manager", "finance", "partner"),
        ),
    ),
}


def sidebar(viewer: Viewer) -> None:
    """Who is signed in, when the data was published, and the way out."""
    with st.sidebar:
        partner = f", partner {viewer.partner_id}" if viewer.partner_id else ""
        st.caption(f"Signed in as **{viewer.display_name}** ({viewer.role}{partner})")
        published = data.published_at()
        st.caption(f"Published: {published:%Y-%m-%d %H:%M %Z}" if published else "Published: never")
        if st.button("Sign out", key="sign_out", icon=":material/logout:"):
            auth.sign_out()
            st.rerun()


def navigation(viewer: Viewer) -> st.navigation:
    if viewer.role is None:
        sign_in = st.Page(PAGES_DIR / "sign_in.py", title="Sign in", icon=":material/login:")
        # the application form needs no sign-in; hidden navigation: reached at /apply
        apply = st.Page(PAGES_DIR / "apply.py", title="Apply", url_path="apply")
        return st.navigation([sign_in, apply], position="hidden")
    sidebar(viewer)
    if viewer.must_change_password:
        # its own url: once the password is changed the rerun lands on the role's first page
        change = st.Page(
            PAGES_DIR / "change_password.py", title="Change password", url_path="set-password"
        )
        return st.navigation([change], position="hidden")
    pages = {
        section: [
            st.Page(PAGES_DIR / file, title=title, icon=icon)
            for file, title, icon, roles in entries
            if viewer.role in roles
        ]
        for section, entries in SECTIONS.items()
    }
    return st.navigation({s: p for s, p in pages.items() if p})


try:
    navigation(current_viewer()).run()
except Exception:  # st.stop and st.rerun are BaseExceptions: they pass through
    # The detail goes to the server's log, never to the browser (client.showErrorDetails).
    LOG.exception("uncaught error in a page of the app")
    st.error(ERROR_NOTICE)
