"""Overview: cross-brand commissions by vertical, brand, month and component; top partners."""

import streamlit as st

from app import charts, data
from app.guards import money_columns, require

require({"manager", "finance"})
st.title("Overview")

brands = data.brands()
months = data.statement_months()
c1, c2, c3 = st.columns(3)
vertical = c1.selectbox(
    "Vertical",
    sorted(brands["vertical"].unique()),
    index=None,
    key="ov_vertical",
    placeholder="all verticals",
)
brand_choices = brands if vertical is None else brands[brands["vertical"] == vertical]
brand_id = c2.selectbox(
    "Brand",
    list(brand_choices["brand_id"]),
    index=None,
    key="ov_brand",
    format_func=lambda b: f"{b} — {brands.set_index('brand_id').at[b, 'brand_name']}",
    placeholder="all brands",
)
month = c3.selectbox(
    "Month",
    months,
    index=None,
    key="ov_month",
    format_func=lambda m: f"{m:%Y-%m}",
    placeholder="all months",
)

by_component = data.commissions_by_component(vertical, brand_id, month)
if by_component.empty:
    st.info("No commission lines under these filters.")
    st.stop()

total_usd = sum(by_component["amount_usd"].dropna(), start=0)
m1, m2, m3 = st.columns(3)
m1.metric("Commissions (USD)", f"{total_usd:,.2f}")
m2.metric("Brands", by_component["brand_id"].nunique())
m3.metric("Commission lines", f"{int(by_component['lines'].sum()):,}")

st.subheader("Commissions by component (USD)")
st.plotly_chart(charts.components_by_month(by_component))

st.subheader("By vertical and brand")
by_brand = (
    by_component.groupby(["vertical", "brand_id", "brand_name"], as_index=False)
    .agg(amount_usd=("amount_usd", "sum"), lines=("lines", "sum"))
    .sort_values("amount_usd", ascending=False)
)
st.dataframe(by_brand, hide_index=True, column_config=money_columns(by_brand.columns))

st.subheader("Top partners (USD)")
top = data.top_partners(vertical, brand_id, month)
left, right = st.columns(2)
left.dataframe(top, hide_index=True, column_config=money_columns(top.columns))
right.plotly_chart(charts.amount_by(top, "partner_id"))
