"""Notices (partner portal): announcements, payout-details notices and deal amendments.

Amendment notices are derived at read time from the ops store's deal amendments and the
published previous version (app.portal_self_service.amendment_notices). Opening a notice
marks it read for the signed-in user (an entry of the ops store's chain).
"""

import json

import streamlit as st

from app import portal_self_service as portal
from app.guards import require

TEXT = {
    "title": "Notices",
    "none": "No notices yet.",
    "unread": "{count} unread",
    "new": "NEW",
    "before": "Terms before",
    "after": "Terms after",
    "no_before": "No earlier version is published.",
    "mark_read": "Mark as read",
}

viewer = require({"partner"})
st.title(TEXT["title"])

every = portal.partner_notices(viewer)
if not every:
    st.info(TEXT["none"])
    st.stop()
st.caption(TEXT["unread"].format(count=sum(not n["read"] for n in every)))

for n in every:
    badge = "" if n["read"] else f"{TEXT['new']} · "
    with st.expander(f"{badge}{n['at'][:16]} · {n['title']}", expanded=not n["read"]):
        # the text is the operator's: shown as plain text, never as markdown or HTML
        st.text(n["body"] or "")
        if n["after"] is not None:
            st.caption(TEXT["before"])
            if n["before"] is None:
                st.text(TEXT["no_before"])
            else:
                st.code(json.dumps(n["before"], indent=2, default=str), language="json")
            st.caption(TEXT["after"])
            st.code(json.dumps(n["after"], indent=2, default=str), language="json")
        if not n["read"] and st.button(TEXT["mark_read"], key=f"notice_read_{n['key']}"):
            portal.mark_read(viewer, n["key"])
            st.rerun()
