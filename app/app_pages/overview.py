"""Overview: the month's KPIs against the month before; cross-brand commissions by vertical,
brand, month and component; top partners."""

import pandas as pd
import streamlit as st

from app import charts, data, filters
from app.guards import require, table_config

# (column of data.month_kpis, label, kind): money, count or ratio
KPIS = (
    ("ngr_usd", "NGR (USD)", "money"),
    ("ftds", "FTDs", "count"),
    ("cpas", "CPAs", "count"),
    ("active_partners", "Active partners", "count"),
    ("cost_per_ftd_usd", "Cost per FTD (USD)", "money"),
    ("commission_to_ngr", "Commission / NGR", "ratio"),
)


def _missing(value) -> bool:
    return value is None or pd.isna(value)


def kpi_text(value, kind: str) -> str:
    """A KPI as shown: money with thousands separators, counts, ratios as percentages."""
    if _missing(value):
        return "—"
    if kind == "money":
        return f"{value:,.2f}"
    if kind == "ratio":
        return f"{value * 100:,.2f}%"
    return f"{int(value):,}"


def kpi_delta(now, prev, key: str, kind: str) -> str | None:
    """The change against the month before (ratios in percentage points); None unknown."""
    if prev is None or _missing(now[key]) or _missing(prev[key]):
        return None
    change = now[key] - prev[key]
    if kind == "money":
        return f"{change:+,.2f}"
    if kind == "ratio":
        return f"{change * 100:+,.2f} pp"
    return f"{int(change):+,}"


require({"manager", "finance"})
st.title("Overview")

brands = data.brands()
months = data.statement_months()
c1, c2, c3 = st.columns(3)
vertical, brand_id = filters.vertical_and_brand(brands, c1, c2, "ov")
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

# KPIs of one month (the chosen one, else the newest) against the month before.
kpi_month = month or max(data.workspace_months(), default=None)
if kpi_month is not None:
    before = data.add_months(kpi_month, -1)
    kpis = data.month_kpis([kpi_month, before], vertical, brand_id).set_index("period_month")
    now_ = kpis.loc[kpi_month] if kpi_month in kpis.index else None
    prev = kpis.loc[before] if before in kpis.index else None
    if now_ is not None:
        st.subheader(f"{kpi_month:%Y-%m} against {before:%Y-%m}")
        for col, (key, label, kind) in zip(st.columns(6), KPIS):
            col.metric(label, kpi_text(now_[key], kind), kpi_delta(now_, prev, key, kind))

st.subheader("Commissions by component (USD)")
st.plotly_chart(charts.components_by_month(by_component))

st.subheader("By vertical and brand")
by_brand = (
    by_component.groupby(["vertical", "brand_id", "brand_name"], as_index=False)
    .agg(amount_usd=("amount_usd", "sum"), lines=("lines", "sum"))
    .sort_values("amount_usd", ascending=False)
)
st.dataframe(by_brand, hide_index=True, column_config=table_config(by_brand.columns))

st.subheader("Top partners (USD)")
top = data.top_partners(vertical, brand_id, month)
left, right = st.columns(2)
left.dataframe(top, hide_index=True, column_config=table_config(top.columns))
right.plotly_chart(charts.amount_by(top, "partner_id"))
