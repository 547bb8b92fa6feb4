"""Partner portal sub-partners: the tree below a master with results and what it earns.

Tree of tests/app/app_testkit.py: P2 under P1, P4 under P2; P3 on its own. P2 May: 70
clicks, 1 registration, 1 FTD, statement 400.00 EUR; P4 no activity. P1 earns a
sub_partner share of 400.00 x 10% = 40.00 EUR in May.
"""

from app_testkit import open_page, page_text

PII = ("@example.com", "PK-", "CUST-")


def test_a_master_sees_its_tree_and_what_it_earns(home):
    at = open_page("portal_sub_partners.py", "partner", "P1")
    assert not at.exception
    assert at.dataframe[0].value.values.tolist() == [
        ["P2", "Beta Sub", 1, "70", "1", "1", "0", "€400.00"],
        ["↳ P4", "Delta Sub-sub", 2, "0", "0", "0", "0", "—"],
    ]
    assert at.dataframe[1].value.values.tolist() == [
        ["May 2026", "B1", "Sub-partner share", "€40.00"]
    ]
    # detail of the first sub-partner, P2: May 70 clicks
    assert at.dataframe[2].value.values.tolist()[0][:2] == ["May 2026", "70"]
    text = page_text(at)
    for secret in PII:
        assert secret not in text


def test_a_sub_partner_sees_only_the_tree_below_it(home):
    at = open_page("portal_sub_partners.py", "partner", "P2")
    assert not at.exception
    assert [row[0] for row in at.dataframe[0].value.values.tolist()] == ["P4"]
    text = page_text(at)
    for other in ("Alpha", "P1", "Gamma"):
        assert other not in text


def test_a_partner_without_sub_partners(home):
    at = open_page("portal_sub_partners.py", "partner", "P3")
    assert at.info[0].value == "You have no sub-partners."
    assert not at.dataframe
