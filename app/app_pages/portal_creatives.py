"""Creatives and rules (partner portal): what the program offers the partner to promote its
brands with, and the rules it must keep (partnerledger.ops_store.creatives).

Only the partner's own brands (its deals and statements) and creatives meant for its country
are shown. Every text is the operator's: drawn as plain text, never as markdown or HTML.
"""

import streamlit as st

from app import i18n
from app import portal_self_service as portal
from app.guards import require
from partnerledger import paths
from partnerledger.ops_store import creatives

viewer = require({"partner"})
t = i18n.words_for(viewer)
i18n.language_switch(viewer, t)
st.title(t("creatives.title"))

brands = portal.partner_brands(viewer)
country = (portal.partner_profile(viewer).get("country") or "").upper()
home = paths.home().root
offered = creatives.creatives_for_partner(home, brands, country)
rules = creatives.program_rules(home, brands)

for brand_id, brand_name in brands.items():
    st.subheader(brand_name or brand_id)
    mine = [c for c in offered if c["brand_id"] == brand_id]
    if not mine:
        st.caption(t("creatives.none"))
    for c in mine:
        where = ", ".join(c["countries"]) or t("creatives.countries_all")
        with st.container(border=True):
            st.markdown(f"**{t('creatives.kind.' + c['kind'])}**")
            st.text(c["title"])
            st.caption(t("creatives.for_countries", countries=where))
            if c["notes"]:
                st.text(c["notes"])
            st.link_button(t("creatives.open"), c["url"])
    st.markdown(f"**{t('creatives.rules')}**")
    brand_rules = rules.get(brand_id)
    if brand_rules is None:
        st.caption(t("creatives.no_rules"))
        continue
    if brand_rules["rules"]:
        st.text(brand_rules["rules"])
    if brand_rules["prohibited_keywords"]:
        st.caption(t("creatives.keywords"))
        st.text(", ".join(brand_rules["prohibited_keywords"]))
    if brand_rules["disclosures"]:
        st.caption(t("creatives.disclosures"))
        st.text(brand_rules["disclosures"])
if not brands:
    st.info(t("creatives.none"))
