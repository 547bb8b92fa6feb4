"""Creatives and program rules (managers): what each brand offers its partners, and the rules
they must keep. Every change is an entry of the ops store's chain
(partnerledger.ops_store.creatives); partners see them on their portal's Creatives page.
"""

import pandas as pd
import streamlit as st

from app import data
from app.guards import require
from partnerledger import paths
from partnerledger.ops_store import OpsStoreError, creatives

viewer = require({"manager", "admin"})
st.title("Creatives and program rules")
home = paths.home().root
brand_rows = data.brands()
brands = dict(zip(brand_rows["brand_id"], brand_rows["brand_name"]))
if not brands:
    st.info("No brand is published yet.")
    st.stop()

offered = creatives.creatives(home)
st.subheader("Creatives offered")
if offered:
    table = pd.DataFrame(
        [
            {
                "Creative": c["creative_id"],
                "Brand": brands.get(c["brand_id"], c["brand_id"]),
                "Kind": c["kind"].replace("_", " "),
                "Title": c["title"],
                "Countries": ", ".join(c["countries"]) or "every country",
                "Address": c["url"],
                "Published": str(c["at"])[:16],
                "By": c["actor"],
            }
            for c in offered
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    with st.form("retire_creative", clear_on_submit=True):
        retired = st.selectbox("Retire a creative", [c["creative_id"] for c in offered])
        if st.form_submit_button("Retire"):
            creatives.retire_creative(home, retired, actor=viewer.actor, role=viewer.role)
            st.rerun()
else:
    st.caption("No creative is offered yet.")

st.subheader("Offer a creative")
with st.form("publish_creative", clear_on_submit=True):
    brand_id = st.selectbox("Brand", list(brands), format_func=lambda b: brands[b])
    kind = st.selectbox(
        "Kind", creatives.KINDS, format_func=lambda k: k.replace("_", " ").capitalize()
    )
    title = st.text_input("Title", max_chars=creatives.MAX_TITLE)
    url = st.text_input("Address (https)")
    countries = st.text_input("Countries (ISO codes, comma-separated; empty: every country)")
    notes = st.text_area("Notes for partners (size, language, how to use it)")
    if st.form_submit_button("Offer it"):
        try:
            made = creatives.publish_creative(
                home,
                brand_id,
                title,
                kind,
                url,
                countries=countries.split(","),
                notes=notes,
                actor=viewer.actor,
                role=viewer.role,
            )
        except OpsStoreError as problem:
            st.error(str(problem))
        else:
            st.success(f"{made['creative_id']} is offered to the partners of {brands[brand_id]}.")

st.subheader("Program rules of a brand")
rules_brand = st.selectbox(
    "Brand ", list(brands), format_func=lambda b: brands[b], key="rules_brand"
)
current = creatives.program_rules(home, [rules_brand]).get(rules_brand, {})
with st.form("program_rules"):
    rules = st.text_area("Rules", value=current.get("rules", ""))
    keywords = st.text_area(
        "Prohibited keywords (one a line)", value="\n".join(current.get("prohibited_keywords", []))
    )
    disclosures = st.text_area("Required disclosures", value=current.get("disclosures", ""))
    if st.form_submit_button("Record the rules"):
        try:
            creatives.set_program_rules(
                home,
                rules_brand,
                rules=rules,
                prohibited_keywords=keywords.splitlines(),
                disclosures=disclosures,
                actor=viewer.actor,
                role=viewer.role,
            )
        except OpsStoreError as problem:
            st.error(str(problem))
        else:
            st.success(f"The rules of {brands[rules_brand]} are recorded.")
