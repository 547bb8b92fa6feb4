"""Partner portal sub-partners (masters): the tree below, each sub's results, what they earn you.

The tree is marts.dim_partner_tree below the signed-in partner, read through its scope: ids,
names, levels, activity counts and statement totals of each sub-partner, never a customer
of theirs. What they earn the master are its own sub_partner and ib_override lines. A
sub-partner picked for detail is checked against the partner's own tree (scope.sub_partner).
"""

import pandas as pd
import streamlit as st

from app import i18n, scope
from app.guards import require

viewer = require({"partner"})
me = scope.partner_scope()
t = i18n.words_for(viewer)
i18n.language_switch(viewer, t)

st.title(t("subs.title"))
months = me.statement_months()
month = st.selectbox(
    t("portal.month"),
    [None, *months],
    format_func=lambda m: t("portal.all") if m is None else t.month(m),
    key="portal_subs_month",
)
tree = me.downline_performance(month)
if tree.empty:
    st.info(t("subs.none"))
    st.stop()

st.subheader(t("subs.tree"))
counts = ["clicks", "registrations", "ftds", "qualified_cpas"]
shown = pd.DataFrame(
    {
        "sub_partner": ["↳ " * (d - 1) + p for d, p in zip(tree["depth"], tree["partner_id"])],
        "display_name": tree["display_name"],
        "depth": tree["depth"],
        **{m: [t.number(v) for v in tree[m]] for m in counts},
        "total": [
            "—" if pd.isna(c) else t.money(v, c) for v, c in zip(tree["total"], tree["currency"])
        ],
    }
)
st.dataframe(shown.rename(columns=t.columns(list(shown.columns))), hide_index=True)

st.subheader(t("subs.earnings"))
earnings = me.downline_earnings()
if month is not None:
    earnings = earnings[earnings["period_month"] == month]
st.dataframe(
    pd.DataFrame(
        {
            t("column.period_month"): [t.month(m) for m in earnings["period_month"]],
            t("column.brand_id"): earnings["brand_id"],
            t("column.component"): [t.component(c) for c in earnings["component"]],
            t("column.amount"): [
                t.money(a, c) for a, c in zip(earnings["amount"], earnings["currency"])
            ],
        }
    ),
    hide_index=True,
)

st.subheader(t("subs.detail"))
ids = list(dict.fromkeys(tree["partner_id"]))
names = dict(zip(tree["partner_id"], tree["display_name"]))
picked = st.selectbox(
    t("subs.pick"), ids, format_func=lambda p: f"{p} — {names[p]}", key="portal_subs_pick"
)
# The pick goes through the scope again: a value forced into the widget state that is not in
# this partner's tree is refused there, not trusted here.
try:
    detail = me.sub_partner_activity(picked, ["month"])
except scope.ScopeError as refused:
    st.warning(str(refused))
    st.stop()
st.dataframe(t.table(detail), hide_index=True)
