"""Isolation by construction: a partner's scope reads only its own data, whatever is asked.

Attacks tried: building a scope directly, changing its partner, SQL fragments in filter
values and dimension names, a sub-partner id outside the tree (P3, and P1 seen from P2),
and customer references that would tie two partners' views of one customer.
"""

import pytest
from app_testkit import PAGES, sign_in
from streamlit.testing.v1 import AppTest

from app import scope
from partnerledger import csv_safety


def test_a_scope_cannot_be_built_or_changed_by_hand():
    with pytest.raises(scope.ScopeError):
        scope.PartnerScope("P1")
    with pytest.raises(scope.ScopeError):
        scope.PartnerScope("P1", _token=object())


def _attack_script():
    import streamlit as st

    from app import scope

    me = scope.partner_scope()
    found = {}
    for brand in ("B1' or '1'='1", "B1; select * from marts.dim_partners --", "B2"):
        found[brand] = int(me.activity(["brand"], brand_id=brand)["clicks"].sum())
    for dimension in ("partner_id", "brand_id) or (1=1", "1; drop table x"):
        try:
            me.activity([dimension])
            found[dimension] = "read"
        except scope.ScopeError:
            found[dimension] = "refused"
    for sub in ("P4", "P3", "P1", "P2", ["P4"], "P4' or '1'='1"):
        try:
            me.sub_partner_activity(sub, ["month"])
            found[str(sub)] = "read"
        except scope.ScopeError:
            found[str(sub)] = "refused"
    try:
        me._partner_id = "P1"
        found["rebind"] = "changed"
    except scope.ScopeError:
        found["rebind"] = "refused"
    found["partner"] = me.partner_id
    st.session_state["found"] = found


def test_crafted_values_match_nothing_and_foreign_ids_are_refused(home):
    at = AppTest.from_function(_attack_script, default_timeout=60)
    sign_in(at, "partner", "P2")
    at.run()
    assert not at.exception
    found = at.session_state["found"]
    # SQL fragments are bound values: no brand is called that, so 0 clicks; P2 has no B2
    assert found["B1' or '1'='1"] == 0
    assert found["B1; select * from marts.dim_partners --"] == 0
    assert found["B2"] == 0
    for dimension in ("partner_id", "brand_id) or (1=1", "1; drop table x"):
        assert found[dimension] == "refused"
    # P2's tree is P4 alone: P3 (another tree), P1 (its master), itself and crafted ids refused
    assert found["P4"] == "read"  # its own sub-partner
    assert found["['P4']"] == "refused"  # a list is not an id
    for sub in ("P3", "P1", "P2", "P4' or '1'='1"):
        assert found[sub] == "refused"
    assert (found["rebind"], found["partner"]) == ("refused", "P2")


def test_a_sub_partner_outside_the_tree_in_widget_state_is_refused(home):
    at = AppTest.from_file(str(PAGES / "portal_sub_partners.py"), default_timeout=60)
    sign_in(at, "partner", "P2")
    at.session_state["portal_subs_pick"] = "P3"
    at.run()
    assert not at.exception
    text = " ".join(str(w.value) for w in at.warning) + " ".join(
        df.value.to_csv() for df in at.dataframe
    )
    # either the pick was refused or the widget fell back to P2's own sub-partner P4
    assert "Gamma" not in text and "40" not in text


def test_customer_references_are_opaque_stable_and_per_partner(home):
    first = scope.customer_ref("P1", "B1", "CUST-1")
    assert first == scope.customer_ref("P1", "B1", "CUST-1")  # stable: the home's key
    assert first.startswith("C-") and "CUST" not in first and len(first) == 18
    assert first != scope.customer_ref("P2", "B1", "CUST-1")  # not comparable across partners
    assert first != scope.customer_ref("P1", "B2", "CUST-1")
    key = home / scope.CUSTOMER_REF_KEY_FILE
    assert key.stat().st_mode & 0o077 == 0  # readable by the app's user only


def test_export_neutralises_every_formula_start():
    import csv
    import io

    import pandas as pd

    df = pd.DataFrame(
        {
            "text": ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "fine"],
            "n": [1, 2, -3, 4, 5, 6, 7],
        }
    )
    # Read as a spreadsheet would: a CR in a cell (here "\rx") is quoted, so it stays one row.
    rows = list(csv.reader(io.StringIO(csv_safety.safe_csv(df).decode(), newline="")))
    assert rows[1:4] == [["'=1+1", "1"], ["'+1", "2"], ["'-1", "-3"]]  # numbers stay numbers
    assert rows[4:7] == [["'@SUM(A1)", "4"], ["'\tx", "5"], ["'\rx", "6"]]
    assert rows[-1] == ["fine", "7"]
