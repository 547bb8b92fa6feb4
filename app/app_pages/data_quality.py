"""Data quality: per-source freshness, refused files, the quarantine browser, unmatched symbols.

For managers, finance and admin only, never partners: quarantined raw rows can hold other
partners' customers and payloads (docs/decisions/037-data-quality-page.md). Everything is read
from the published marts (app/data.py), never the warehouse.
"""

import streamlit as st

from app import data
from app.guards import require, table_config
from partnerledger import csv_safety

viewer = require({"manager", "finance", "admin"})
st.title("Data quality")


def table_or_note(frame, note: str) -> None:
    """The table, or a one-line note when it has no rows (an empty grid says nothing)."""
    if frame.empty:
        st.caption(note)
    else:
        st.dataframe(frame, hide_index=True, column_config=table_config(frame.columns))


st.subheader("Freshness per source")
table_or_note(data.source_freshness(), "No landing file seen yet.")

st.subheader("Refused files")
table_or_note(data.refused_files(), "No landing file was refused.")

st.subheader("Quarantine")
choices = data.quarantine_choices()
c1, c2 = st.columns(2)
entity = c1.selectbox(
    "Entity", choices["entity"], index=None, key="dq_entity", placeholder="all entities"
)
reason = c2.selectbox(
    "Reason", choices["reason"], index=None, key="dq_reason", placeholder="all reasons"
)
rows = data.quarantine(entity, reason)
if rows.empty:
    st.caption("No quarantined row under these filters.")
else:
    st.dataframe(rows, hide_index=True, column_config=table_config(rows.columns))
    st.download_button(
        "Export CSV",
        csv_safety.safe_csv(rows),
        file_name="quarantine.csv",
        mime="text/csv",
        key="csv_quarantine",
        icon=":material/download:",
    )

st.subheader("Unmatched symbols")
table_or_note(data.symbols_unmatched(), "Every traded symbol matched a listed one.")
