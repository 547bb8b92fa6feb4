"""Partner 360: one partner's statements, components, lines, sub-partners and deals."""

from datetime import date

import pandas as pd
import streamlit as st

from app import amendments, charts, data
from app.guards import label, require, table_config


def amend_deal_form(deals) -> None:
    """A new version of one of the partner's deals, from its newest version's terms."""
    st.subheader("Amend a deal")
    deal_id = st.selectbox("Deal", sorted(set(deals["deal_id"])), key="amend_deal")
    versions = deals[deals["deal_id"] == deal_id].sort_values("deal_version")
    # Missing values arrive as NaN from pandas' string columns: make them None.
    base = {k: (None if pd.isna(v) else v) for k, v in versions.iloc[-1].to_dict().items()}
    today = date.today()
    next_month = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    brand_options = ["", *data.brands()["brand_id"]]
    with st.form(f"amend_form_{deal_id}"):
        st.caption(
            f"Version {int(base['deal_version']) + 1} or above of {deal_id}, from version "
            f"{int(base['deal_version'])}. Amendments are new versions, never edits."
        )
        c1, c2, c3, c4 = st.columns(4)
        effective_from = c1.date_input("Effective from", next_month, key="amend_from")
        effective_to = c2.date_input("Effective to (empty: open)", None, key="amend_to")
        brand_id = c3.selectbox(
            "Brand",
            brand_options,
            index=brand_options.index(base["brand_id"] or ""),
            format_func=lambda b: b or "all the partner's brands",
            key="amend_brand",
        )
        currency = c4.text_input("Currency", base["currency"], key="amend_currency")
        terms = st.text_area(
            "Terms (YAML, as in a deals file)",
            amendments.terms_text(base.get("terms_json")),
            height=220,
            key=f"amend_terms_{deal_id}",
        )
        reason = st.text_input("Reason (kept in the audit log)", key="amend_reason")
        submitted = st.form_submit_button("Record amendment", type="primary")
    if not submitted:
        return
    try:
        entry, found = amendments.submit(
            viewer,
            base,
            [int(v) for v in versions["deal_version"]],
            effective_from=effective_from,
            effective_to=effective_to,
            brand_id=brand_id or None,
            currency=currency,
            terms=terms,
            reason=reason,
        )
    except amendments.AmendmentRefused as exc:
        st.error(f"Amendment refused: {exc}")
        return
    st.success(
        f"Recorded version {entry['version']} of {deal_id} from {effective_from:%Y-%m-%d}; "
        "the next build prices with it."
    )
    for note in found.notes:
        st.warning(note)


viewer = require({"manager", "finance"})
st.title("Partner 360")

partners = data.partners()
names = dict(zip(partners["partner_id"], partners["display_name"]))
# The Segments page links here with ?partner=<id>: open on that partner.
linked = st.query_params.get("partner")
partner_id = st.selectbox(
    "Partner",
    list(names),
    index=list(names).index(linked) if linked in names else None,
    key="p360_partner",
    format_func=lambda p: f"{p} — {names[p]}",
    placeholder="choose a partner",
)
if partner_id is None:
    st.stop()

profile = data.partner(partner_id, profile=True) or {}
st.caption(
    # no `nan` for a missing value, no `100.00000000` for an amount
    " · ".join(
        f"{label(k)}: {f'{v:,.2f}' if k == 'payout_threshold' else v}"
        for k, v in profile.items()
        if not pd.isna(v) and k != "partner_id"
    )
)

statements = data.statements(partner_id)
tab_statements, tab_lines, tab_tree, tab_deals, tab_tier = st.tabs(
    ["Statements", "Commission lines", "Sub-partners", "Deals", "Tier & segment"]
)

with tab_statements:
    if statements.empty:
        st.info("No statements for this partner.")
    else:
        st.plotly_chart(charts.statement_components(statements, data.statement_components()))
        st.dataframe(statements, hide_index=True, column_config=table_config(statements.columns))

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
    st.dataframe(lines, hide_index=True, column_config=table_config(lines.columns))

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
        st.dataframe(tree, hide_index=True, column_config=table_config(tree.columns))

with tab_deals:
    deals = data.deal_history(partner_id)
    st.dataframe(deals, hide_index=True, column_config=table_config(deals.columns))
    if not deals.empty:
        waiting = amendments.pending(sorted(set(deals["deal_id"])), deals)
        if not waiting.empty:
            st.caption("Recorded in the app, priced from the next build:")
            st.dataframe(waiting, hide_index=True, column_config=table_config(waiting.columns))
        if amendments.may_amend(viewer):
            amend_deal_form(deals)

with tab_tier:
    tier = data.tier_recommendation(partner_id)
    if tier.empty:
        st.info("No tier recommendation for this partner.")
    else:
        st.dataframe(tier, hide_index=True, column_config=table_config(tier.columns))
    segment = data.partner_segment(partner_id)
    if not segment.empty:
        st.dataframe(segment, hide_index=True, column_config=table_config(segment.columns))
