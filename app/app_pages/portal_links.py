"""Links and coupons (partner portal): a tracking-link builder and the partner's coupons.

The link carries the signed-in partner's id as `btag` (never a widget's value) and is
built for the partner's own brands only (partnerledger.tracking_links,
docs/reference/tracking-links.md).
"""

import streamlit as st

from app import portal_self_service as portal
from app.guards import require
from partnerledger import tracking_links

TEXT = {
    "title": "Links and coupons",
    "builder": "Tracking-link builder",
    "no_brands": "You have no brands yet: links appear once a deal or statement is published.",
    "brand": "Brand",
    "target": "Landing page: a path (/promo) or an https address on the brand's site",
    "sub": "{name} (optional: letters, digits, _ and -, up to 64)",
    "build": "Build link",
    "link": "Your tracking link",
    "refused": "No link: {problem}",
    "coupons": "Coupon codes",
}

viewer = require({"partner"})
st.title(TEXT["title"])

st.subheader(TEXT["builder"])
brands = portal.partner_brands(viewer)
if not brands:
    st.info(TEXT["no_brands"])
else:
    with st.form("links_builder"):
        brand_id = st.selectbox(
            TEXT["brand"],
            list(brands),
            format_func=lambda b: f"{brands[b]} ({b})",
            key="links_brand",
        )
        target = st.text_input(
            TEXT["target"], max_chars=tracking_links.MAX_TARGET, key="links_target"
        )
        subs = {
            name: st.text_input(TEXT["sub"].format(name=name), max_chars=64, key=f"links_{name}")
            for name in tracking_links.SUB_IDS
        }
        build = st.form_submit_button(TEXT["build"])
    if build:
        try:
            url = portal.tracking_link(viewer, brand_id, target, subs)
        except tracking_links.LinkRefused as exc:
            st.error(TEXT["refused"].format(problem=exc))
        else:
            st.caption(TEXT["link"])
            st.code(url, language=None)

st.subheader(TEXT["coupons"])
coupons = portal.coupon_codes(viewer)
if coupons.empty:
    st.info(portal.COUPONS_NOTE)
else:
    st.dataframe(coupons, hide_index=True)
