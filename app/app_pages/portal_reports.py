"""Partner portal reports: the partner's traffic and what it turned into, broken down at will.

By brand, month, day, country, tracking link and sub-IDs (the click's sub1..sub5), from
marts.mart_partner_daily_activity through the partner's scope; choosing a month drills down
to its days. The filters offer only the partner's own values and reach SQL as bound values;
the CSV export is the table shown, made formula-safe by partnerledger/csv_safety.py.
"""

import streamlit as st

from app import charts, i18n, scope
from app.guards import require
from partnerledger import csv_safety

viewer = require({"partner"})
me = scope.partner_scope()
t = i18n.words_for(viewer)
i18n.language_switch(viewer, t)

st.title(t("reports.title"))
st.caption(t("reports.caption"))

values = me.filter_values()
months = list(me.activity(["month"])["period_month"])[::-1]
ALL = None
c1, c2, c3, c4 = st.columns(4)
month = c1.selectbox(
    t("portal.month"),
    [ALL, *months],
    format_func=lambda m: t("portal.all") if m is None else t.month(m),
    key="portal_reports_month",
)
brand = c2.selectbox(
    t("reports.brand"),
    [ALL, *values["brand_id"]],
    format_func=lambda v: t("portal.all") if v is None else v,
    key="portal_reports_brand",
)
country = c3.selectbox(
    t("reports.country"),
    [ALL, *values["country"]],
    format_func=lambda v: t("portal.all") if v is None else v,
    key="portal_reports_country",
)
link = c4.selectbox(
    t("reports.link"),
    [ALL, *values["link_id"]],
    format_func=lambda v: t("portal.all") if v is None else v,
    key="portal_reports_link",
)
# Drill-down: all months -> one row per month; one month -> one row per day.
by = st.multiselect(
    t("reports.by"),
    list(scope.DIMENSIONS),
    default=["day"] if month else ["month"],
    format_func=lambda d: t(f"dimension.{d}"),
    key=f"portal_reports_by_{'day' if month else 'month'}",
)
if not month:
    st.caption(t("reports.month_hint"))

report = me.activity(by, month=month, brand_id=brand, country=country, link_id=link)
if report.empty:
    st.info(t("reports.empty"))
    st.stop()
st.dataframe(t.table(report), hide_index=True)
st.download_button(
    t("portal.download"),
    csv_safety.safe_csv(report.rename(columns=t.columns(list(report.columns)))),
    file_name=f"activity-{me.partner_id}.csv",
    mime="text/csv",
    key="portal_reports_csv",
)
x = "activity_date" if "day" in by else "period_month" if "month" in by else None
if x:
    st.plotly_chart(
        charts.activity_trend(
            report.groupby(x, as_index=False)[["clicks", "registrations", "ftds"]].sum(),
            x,
            {m: t(f"measure.{m}") for m in ("clicks", "registrations", "ftds")},
        )
    )
