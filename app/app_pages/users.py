"""Users: who may sign in, with which role and partner (admins only; read-only).

Users are added, disabled and given roles with `partnerledger users ...`, so that every
change has a named operator at a terminal; this page only shows them, never a hash.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.guards import require
from partnerledger import paths
from partnerledger.ops_store import users

require(("admin",), published=False)
st.title("Users")
st.caption("Change users with `partnerledger users add|disable|reset-password|grant`.")
rows = users.users(paths.home().root)
st.dataframe(
    pd.DataFrame(
        rows,
        columns=[
            "login",
            "display_name",
            "role",
            "partner_id",
            "state",
            "created_at",
            "last_sign_in",
        ],
    ),
    hide_index=True,
)
