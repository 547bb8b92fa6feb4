"""Partner portal commissions: lines in a partner's words, carryover, deal terms in words.

Lines of tests/app/app_testkit.py, worked by hand there: P1 May cpa 1 x 100.00 = 100.00 EUR
(customer CUST-1), revshare 2,000 NGR x 25% = 500.00 EUR, sub_partner 400.00 x 10% = 40.00
EUR; P2 May revshare 1,600 x 25% = 400.00 EUR. Deal D1: v1 revshare 25% from 2026-01-01,
v2 adds CPA 100.00 EUR (window 30 days) from 2026-05-01. CPA progress (marts.mart_cpa_progress
of the kit, as of 2026-06-05): P1's CUST-2 window ends 15 Jun -> 10 days left, deposits 80 of
100 and wagering 150 of 200 missing; CUST-1 qualified 4 May; P2's CUST-3 12 days left.
"""

from app_testkit import open_page, page_text, set_language

from app import scope

RAW_COLUMNS = ("basis_amount", "customer_id", "deal_version", "period_month", "brand_id")


def test_lines_are_explained_in_words(home):
    at = open_page("portal_commissions.py", "partner", "P1")
    assert not at.exception
    lines = at.dataframe[0].value
    assert list(lines.columns) == [
        "Brand",
        "Commission type",
        "Deal version",
        "Your customer",
        "Basis",
        "Basis unit",
        "Rate",
        "Amount",
        "Explanation",
    ]
    ref = scope.customer_ref("P1", "B1", "CUST-1")
    assert lines.values.tolist() == [
        ["B1", "CPA", "D1 v2", ref, "1.00", "qualified customer", "100.0000", "€100.00",
         f"CPA 100.00 EUR for customer {ref} qualified 2026-05-04"],
        ["B1", "Revenue share", "D1 v2", "—", "2,000.00", "NGR EUR", "0.2500", "€500.00",
         "RevShare 25% of NGR 2000.00 EUR"],
        ["B1", "Sub-partner share", "D1 v2", "—", "400.00", "commission EUR", "0.1000",
         "€40.00", "10% of sub-partner P2 commission 400.00 EUR"],
    ]  # fmt: skip
    text = page_text(at)
    assert "CUST-1" not in text  # the operator's id never reaches the partner
    for raw in RAW_COLUMNS:
        assert raw not in "".join(df.value.columns.str.cat() for df in at.dataframe)


def test_carryover_month_by_month(home):
    at = open_page("portal_commissions.py", "partner", "P1")
    # May: gross 500.00, nothing carried in or out, 500.00 paid; April gross 200.00 paid
    assert at.dataframe[1].value.values.tolist() == [
        ["May 2026", "B1", "€500.00", "€0.00", "€0.00", "€500.00"],
        ["April 2026", "B1", "€200.00", "€0.00", "€0.00", "€200.00"],
    ]


def test_deal_terms_in_force_and_their_history(home):
    at = open_page("portal_commissions.py", "partner", "P1")
    deals = [m.value for m in at.markdown if m.value.startswith("- Deal")]
    assert deals == [
        (
            "- Deal D1, version 2, on B1: from May 1, 2026 (in force), in EUR: CPA €100.00 per "
            "customer who qualifies within 30 days of registering; Revenue share 25.0 % from "
            "€0.00 of NGR. Reason: hybrid from May"
        ),
        (
            "- Deal D1, version 1, on B1: from Jan 1, 2026 until May 1, 2026, in EUR: Revenue "
            "share 25.0 % from €0.00 of NGR. Reason: launch"
        ),
    ]


def test_a_sub_partner_sees_only_its_own_lines(home):
    at = open_page("portal_commissions.py", "partner", "P2")
    assert not at.exception
    assert at.dataframe[0].value.values.tolist() == [
        ["B1", "Revenue share", "D2 v1", "—", "1,600.00", "NGR EUR", "0.2500", "€400.00",
         "RevShare 25% of NGR 1600.00 EUR"],
    ]  # fmt: skip
    text = page_text(at)
    for other in ("D1", "Alpha", "500.00", "CUST"):
        assert other not in text


def test_portuguese_lines(home):
    set_language(home, "partner", "P1", "pt_BR")
    at = open_page("portal_commissions.py", "partner", "P1")
    lines = at.dataframe[0].value
    assert list(lines.columns)[:2] == ["Marca", "Tipo de comissão"]
    assert lines.values.tolist()[1][1:8] == [
        "Participação na receita", "D1 v2", "—", "2.000,00", "NGR EUR", "0,2500",
        "€\xa0500,00",
    ]  # fmt: skip


def test_cpa_progress_says_what_is_missing_and_the_days_left(home):
    at = open_page("portal_commissions.py", "partner", "P1")
    assert not at.exception
    progress = at.dataframe[2].value
    assert list(progress.columns) == [
        "Brand", "Your customer", "Registered", "Qualification", "Conditions",
    ]  # fmt: skip
    ref1, ref2 = (scope.customer_ref("P1", "B1", c) for c in ("CUST-1", "CUST-2"))
    # newest registration first; CUST-2: 15 Jun - 5 Jun = 10 days left
    assert progress.values.tolist() == [
        ["B1", ref2, "May 16, 2026", "10 days left (window ends Jun 15, 2026)",
         ("First deposit done (€30.00 of €25.00); Deposits €80.00 of €100.00, missing; "
          "Wagering €150.00 of €200.00, missing; Identity verified done")],
        ["B1", ref1, "May 1, 2026", "Qualified on May 4, 2026",
         "First deposit done (€40.00 of €25.00); Identity verified done"],
    ]  # fmt: skip
    text = page_text(at)
    assert "not published yet" not in text
    assert "Jun 5, 2026" in text  # the as-of date of the progress
    # the sub-partner's registration (CUST-3, 12 days left) is not P1's to see
    assert scope.customer_ref("P1", "B1", "CUST-3") not in text
    assert "12 days left" not in text and "CUST" not in text
    for raw in ("current_value", "required_value", "days_left", "missing_value"):
        assert raw not in text


def test_cpa_progress_of_a_sub_partner_is_its_own(home):
    at = open_page("portal_commissions.py", "partner", "P2")
    assert at.dataframe[2].value.values.tolist() == [
        ["B1", scope.customer_ref("P2", "B1", "CUST-3"), "May 18, 2026",
         "12 days left (window ends Jun 17, 2026)", "First deposit €0.00 of €25.00, missing"],
    ]  # fmt: skip
    assert "10 days left" not in page_text(at)


def test_cpa_progress_in_portuguese(home):
    set_language(home, "partner", "P1", "pt_BR")
    at = open_page("portal_commissions.py", "partner", "P1")
    first = at.dataframe[2].value.values.tolist()[0]
    assert first[3] == "10 dias restantes (a janela termina em 15 de jun. de 2026)"
    assert "Depósitos €\xa080,00 de €\xa0100,00, pendente" in first[4]
