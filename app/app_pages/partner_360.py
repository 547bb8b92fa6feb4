"""Partner 360: one partner's statements, components, lines, sub-partners and deals."""

import streamlit as st

from app import charts, data
from app.guards import money_columns, require

require({"manager", "finance"})
st.title("Partner 360")

partners = data.partners()
names = dict(zip(partners["partner_id"], partners.get("display_name", partners["partner_id"])))
partner_id = st.selectbox(
    "Partner",
    list(names),
    index=None,
    key="p360_partner",
    format_func=lambda p: f"{p} — {names[p]}",
    placeholder="choose a partner",
)
if partner_id is None:
    st.stop()

profile = data.partner(partner_id, profile=True) or {}
st.caption(
    " · ".join(f"{k}: {v}" for k, v in profile.items() if v is not None and k != "partner_id")
)

statements = data.statements(partner_id)
tab_statements, tab_lines, tab_tree, tab_deals, tab_tier = st.tabs(
    ["Statements", "Commission lines", "Sub-partners", "Deals", "Tier & segment"]
)

with tab_statements:
    if statements.empty:
        st.info("No statements for this partner.")
    else:
        st.plotly_chart(charts.statement_components(statements, data.STATEMENT_COMPONENTS))
        st.dataframe(statements, hide_index=True, column_config=money_columns(statements.columns))

with tab_lines:
    months = data.statement_months(partner_id)
    month = st.selectbox(  # newest month by default: all months of a big partner is a lot
        "Month",
        months,
        index=0 if months else None,
        key="p360_month",
        format_func=lambda m: f"{m:%Y-%m}",
        placeholder="all months",
    )
    lines = data.commission_lines(partner_id, month)
    st.dataframe(lines, hide_index=True, column_config=money_columns(lines.columns))

with tab_tree:
    tree = data.sub_partner_totals(partner_id)
    if tree.empty:
        st.info("No sub-partners.")
    else:
        # Indent by depth so the table reads as a tree.
        tree.insert(
            0,
            "sub-partner",
            ["↳ " * (d - 1) + p for d, p in zip(tree["depth"], tree["partner_id"])],
        )
        st.dataframe(tree, hide_index=True, column_config=money_columns(tree.columns))

with tab_deals:
    deals, source = data.deal_history(partner_id)
    if source == "fct_commission_lines":
        st.caption("No deals mart published: deal versions as seen on the commission lines.")
    st.dataframe(deals, hide_index=True)

with tab_tier:
    tier = data.tier_recommendation(partner_id)
    if tier is None:
        st.info("Tier recommendations are not published (mart_tier_recommendations is absent).")
    elif tier.empty:
        st.info("No tier recommendation for this partner.")
    else:
        st.dataframe(tier, hide_index=True)
    segment = data.partner_segment(partner_id)
    if segment is None:
        st.info("Partner segments are not published (mart_partner_segments is absent).")
    elif not segment.empty:
        st.dataframe(segment, hide_index=True)
