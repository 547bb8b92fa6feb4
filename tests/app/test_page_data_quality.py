"""Data quality page: quarantine with its reasons, the entity filter, the formula-safe CSV,
and that a partner cannot open it (rows: app_testkit.DATA_QUALITY_SQL)."""

import io

import pandas as pd
import pytest
from app_testkit import open_page, page_text, write_serving

from partnerledger import csv_safety

PAGE = "data_quality.py"


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    write_serving(tmp_path)
    return tmp_path


def _quarantine(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "raw_row" in d.value.columns)


def test_quarantined_rows_with_reasons_and_the_entity_filter(workspace):
    at = open_page(PAGE, "manager")
    assert not at.exception
    text = page_text(at)
    assert "unknown country XX" in text and "missing brand_id" in text
    assert "missing column deal_id" in text  # the refused file
    assert "XYZUSD" in text  # the unmatched symbol
    next(s for s in at.selectbox if s.label == "Entity").select("partners").run()
    q = _quarantine(at)
    assert list(q["entity"]) == ["partners"]
    assert list(q["reason"]) == ["unknown country XX"]


@pytest.mark.parametrize("role", ["finance", "admin"])
def test_finance_and_admin_may_open_it(workspace, role):
    at = open_page(PAGE, role)
    assert not at.exception
    assert "unknown country XX" in page_text(at)


def test_a_partner_cannot_open_it(workspace):
    at = open_page(PAGE, "partner", "P1")
    text = page_text(at)
    assert "This page is for the" in text
    assert "unknown country XX" not in text and not at.dataframe


def test_csv_neutralises_a_raw_row_that_starts_a_formula(workspace):
    at = open_page(PAGE, "manager")
    next(s for s in at.selectbox if s.label == "Entity").select("customers").run()
    assert any(b.proto.label == "Export CSV" for b in at.get("download_button"))
    shown = _quarantine(at)
    assert list(shown["raw_row"]) == ['=HYPERLINK("http://x")']
    # the page exports the rows it shows through csv_safety.safe_csv
    exported = pd.read_csv(io.BytesIO(csv_safety.safe_csv(shown)), dtype=str)
    assert not exported["raw_row"][0].startswith("=")
    assert exported["raw_row"][0].endswith('=HYPERLINK("http://x")')
