"""Without serving.duckdb every page says nothing is published, instead of failing."""

import pytest
from app_testkit import open_page, write_serving

from app import data


@pytest.mark.parametrize(
    ("page", "role", "partner_id"),
    [
        ("overview.py", "manager", None),
        ("partner_360.py", "manager", None),
        ("payouts.py", "finance", None),
        ("portal_dashboard.py", "partner", "P1"),
        ("portal_reports.py", "partner", "P1"),
        ("portal_commissions.py", "partner", "P1"),
        ("portal_sub_partners.py", "partner", "P1"),
    ],
)
def test_page_without_publish_shows_notice(empty_home, page, role, partner_id):
    at = open_page(page, role, partner_id)
    assert not at.exception
    assert "Nothing published yet" in at.info[0].value
    assert not at.dataframe


def test_new_publish_is_read_without_restart(empty_home):
    assert not data.is_published()
    with pytest.raises(data.NotPublished):
        data.payout_months()
    write_serving(empty_home)
    # May 2026 payouts only (conftest)
    assert [m.isoformat() for m in data.payout_months()] == ["2026-05-01"]
    # A republish (new file swapped in) changes mtime/size, so the cache must not serve the
    # old answer: drop the payouts table and expect an empty month list.
    import duckdb

    (empty_home / "serving.duckdb").unlink()
    path = write_serving(empty_home)
    with duckdb.connect(str(path)) as con:
        con.execute("delete from marts.mart_payouts")
        con.execute("checkpoint")
    assert data.payout_months() == []
