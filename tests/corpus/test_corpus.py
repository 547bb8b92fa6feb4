"""Every bad file of the corpus gets the outcome written beside it (tests/corpus/cases/*/
expected.yml): loaded N, quarantined with its reason on its line, or refused with its
reason; rows in = loaded + quarantined; no traceback escapes. Ingestion only, no dbt."""

from __future__ import annotations

import pytest
from corpus_cases import cases, observe, problems

CASES = cases()


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c.name,
            marks=[pytest.mark.xfail(strict=True, reason=c.xfail)] if c.xfail else [],
        )
        for c in CASES
    ],
)
def test_a_bad_file_gets_its_expected_outcome(case):
    assert problems(case, observe(case)) == []


def test_the_judge_fails_an_outcome_that_differs():
    # A case judged against another case's observation must fail: the check can fail.
    by_name = {c.name: c for c in CASES}
    seen = observe(by_name["header_only"])
    assert problems(by_name["header_only"], seen) == []
    assert problems(by_name["truncated_mid_row"], seen) != []
