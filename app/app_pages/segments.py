"""Segments: cross-brand segment performance, drill-down to partners, tier recommendations.

The first page a partner manager opens. Every figure is aggregated in DuckDB from the
published marts (app/data.py: mart_partner_brand_monthly with the segment of
mart_partner_segments); tier reviews are written to the ops store (app/tier_reviews.py).
"""

from datetime import date

import streamlit as st

from app import charts, data, filters, tier_reviews
from app.guards import require, table_config
from partnerledger import csv_safety

WINDOWS = {1: "1 month", 3: "3 months", 6: "6 months", 12: "12 months"}


def table(df, name: str, key: str) -> None:
    """A table with human labels and its CSV export (formula-safe, exact Decimals)."""
    st.dataframe(df, hide_index=True, column_config=table_config(df.columns))
    st.download_button(
        "Export CSV",
        csv_safety.safe_csv(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon=":material/download:",
    )


viewer = require({"manager", "finance"})
st.title("Segments")

brands = data.brands()
choices = data.workspace_choices()
months = data.workspace_months()
if not months:
    st.info("No partner activity published yet.")
    st.stop()

c1, c2, c3 = st.columns(3)
vertical, brand_id = filters.vertical_and_brand(brands, c1, c2, "seg")
partner_type = c3.selectbox(
    "Partner type",
    choices["partner_type"],
    index=None,
    key="seg_type",
    placeholder="all partner types",
)
c4, c5, c6, c7 = st.columns(4)
segment = c4.selectbox(
    "Segment", choices["segment"], index=None, key="seg_segment", placeholder="all segments"
)
country = c5.selectbox(
    "Country", choices["country"], index=None, key="seg_country", placeholder="all countries"
)
until = c6.selectbox(
    "Window ending", months, index=0, key="seg_until", format_func=lambda m: f"{m:%Y-%m}"
)
window = c7.selectbox("Window", list(WINDOWS), index=0, key="seg_window", format_func=WINDOWS.get)
filters = {
    "vertical": vertical,
    "brand_id": brand_id,
    "partner_type": partner_type,
    "segment": segment,
    "country": country,
}
prev_from, cur_from, _ = data.window_bounds(until, window)
st.caption(
    f"{data.add_months(cur_from, 1):%Y-%m} to {until:%Y-%m} against "
    f"{data.add_months(prev_from, 1):%Y-%m} to {cur_from:%Y-%m}. Attributed revenue = NGR + "
    "trading revenue (broker markup on lots) + challenge fees, USD; cost ratio = commission "
    "cost / attributed revenue."
)

by_segment = data.segment_performance("segment", until, window, **filters)
if by_segment.empty:
    st.info("No partner activity under these filters.")
    st.stop()

st.subheader("By segment")
st.plotly_chart(charts.amount_by(by_segment, "segment", "revenue_usd"), key="seg_chart")
table(by_segment, "segments", "segment")

st.subheader("Segments by vertical and brand")
table(
    data.segment_performance("segment_brand", until, window, **filters),
    "segments_brands",
    "segment_brand",
)

st.subheader("Drill down")
drill = st.selectbox(
    "Segment to open",
    list(by_segment["segment"]),
    index=None,
    key="seg_drill",
    placeholder="choose a segment",
)
if drill is not None:
    partners = data.segment_performance("partner", until, window, **{**filters, "segment": drill})
    table(partners, f"segment_{drill}_partners", "partners")
    names = dict(zip(partners["partner_id"], partners["display_name"]))
    chosen = st.selectbox(
        "Partner",
        list(names),
        index=None,
        key="seg_partner",
        format_func=lambda p: f"{p} — {names[p]}",
        placeholder="choose a partner",
    )
    if chosen is not None:
        # Partner 360 opens on the partner named in its query string.
        st.link_button(
            "Open in Partner 360", f"/partner_360?partner={chosen}", icon=":material/person_search:"
        )

st.subheader("Tier recommendations")
recs = tier_reviews.open_only(data.tier_recommendations(**filters))
if recs.empty:
    st.info("No open tier recommendations under these filters.")
    st.stop()
table(
    recs[
        [
            "partner_id",
            "display_name",
            "brand_id",
            "deal_id",
            "deal_version",
            "recommendation",
            "current_tier",
            "recommended_tier",
            "metric_label",
            "current_metric_value",
            "average_metric_value",
            "reasons",
        ]
    ],
    "tier_recommendations",
    "tiers",
)
if not tier_reviews.may_review(viewer):
    st.caption("Managers accept or dismiss tier recommendations.")
    st.stop()

labels = {
    i: f"{r.partner_id} {r.brand_id} {r.deal_id} v{r.deal_version}: {r.recommendation} "
    f"to band {r.recommended_tier}"
    for i, r in recs.iterrows()
}
picked = st.selectbox("Review", list(labels), key="tier_pick", format_func=labels.get)
rec = recs.loc[picked].to_dict()
st.markdown(f"**Why:** {rec['reasons']}")
terms = tier_reviews.proposed_terms(rec)
if terms is not None:
    st.caption("Accepting records this new deal version (the amendment flow), from:")
    st.code(tier_reviews.terms_yaml(terms), language="yaml")
else:
    st.caption("A volume tier has no rate to lock: dismiss it, or amend the deal on Partner 360.")
today = date.today()
with st.form("tier_review"):
    effective_from = st.date_input(
        "Effective from", data.add_months(today.replace(day=1), 1), key="tier_from"
    )
    reason = st.text_input("Reason (kept in the audit log)", key="tier_reason")
    a, d = st.columns(2)
    accepted = a.form_submit_button("Accept", type="primary", disabled=terms is None)
    dismissed = d.form_submit_button("Dismiss")
try:
    if accepted:
        entry = tier_reviews.accept(viewer, rec, effective_from=effective_from, reason=reason)
        st.success(
            f"Accepted: version {entry['version']} of {rec['deal_id']} recorded from "
            f"{effective_from:%Y-%m-%d}; the next build prices with it."
        )
    elif dismissed:
        tier_reviews.dismiss(viewer, rec, reason)
        st.success(f"Dismissed the recommendation for {rec['partner_id']} on {rec['brand_id']}.")
except tier_reviews.ReviewRefused as exc:
    st.error(f"Not recorded: {exc}")
