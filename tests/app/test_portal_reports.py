"""Partner portal reports: breakdowns, drill-down month -> day, formula-safe export.

Activity of tests/app/app_testkit.py, worked by hand there: P1 April 10 clicks; P1 May
1,200 (05-03, L-A, MT, sub1 fb) + 5 (05-04, L-B, DE, sub1 `=cmd`) + 29 (05-04, L-A, MT,
sub1 fb) = 1,234 clicks; P2 May 70 clicks on L-C; P3 May 40 clicks on L-D.
"""

from app_testkit import open_page, page_text


def _table(at):
    return at.dataframe[0].value.values.tolist()


def test_months_then_days_of_a_month(home):
    at = open_page("portal_reports.py", "partner", "P1")
    assert not at.exception
    # by month: April 10 clicks 1 registration 1 FTD; May 1,234 / 2 / 1 / 1 CPA
    assert _table(at) == [
        ["April 2026", "10", "1", "1", "0", "0.00", "0"],
        ["May 2026", "1,234", "2", "1", "1", "0.00", "0"],
    ]
    assert list(at.dataframe[0].value.columns)[:2] == ["Month", "Clicks"]
    month = next(s for s in at.selectbox if s.label == "Month")
    at = month.select_index(1).run()  # the newest month: May
    # by day: 05-03 1,200 clicks; 05-04 5 + 29 = 34 clicks
    assert [row[:2] for row in _table(at)] == [["May 3, 2026", "1,200"], ["May 4, 2026", "34"]]


def test_by_link_country_and_sub_id(home):
    at = open_page("portal_reports.py", "partner", "P1")
    at = at.multiselect[0].set_value(["link", "country", "sub1"]).run()
    assert not at.exception
    # L-A: 10 (April) + 1,200 + 29 = 1,239 clicks; L-B 5
    assert [row[:4] for row in _table(at)] == [
        ["L-A", "MT", "fb", "1,239"],
        ["L-B", "DE", "=cmd", "5"],
    ]
    country = next(s for s in at.selectbox if s.label == "Country")
    at = country.set_value("DE").run()
    assert [row[:4] for row in _table(at)] == [["L-B", "DE", "=cmd", "5"]]


def test_a_partner_reports_only_its_own_traffic(home):
    at = open_page("portal_reports.py", "partner", "P2")
    at = at.multiselect[0].set_value(["link"]).run()
    assert _table(at) == [["L-C", "70", "1", "1", "0", "0.00", "0"]]
    links = next(s for s in at.selectbox if s.label == "Tracking link")
    assert links.options == ["All", "L-C"]  # never another partner's link
    text = page_text(at)
    for other in ("L-A", "L-B", "L-D", "1,234"):
        assert other not in text


def test_the_export_neutralises_formulas(home):
    at = open_page("portal_reports.py", "partner", "P1")
    at = at.multiselect[0].set_value(["sub1"]).run()
    assert at.get("download_button")[0].proto.label == "Download CSV"
    # the page's export is csv_safety.safe_csv of the report: `=cmd` is written as text
    from partnerledger import csv_safety

    csv = csv_safety.safe_csv(at.dataframe[0].value).decode()
    assert "\n'=cmd," in csv and "\n=cmd" not in csv
