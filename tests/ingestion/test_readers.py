"""Line numbers of good CSV records when DuckDB skipped malformed ones."""

import duckdb
import pytest

from ingestion.readers import line_shift_sql


@pytest.mark.parametrize(
    "malformed, good_counts, lines",
    [
        # lines 3 and 4 malformed: good records 1, 2, 3 sit on lines 2, 5, 6
        ([3, 4], [2, 3, 4], [2, 5, 6]),
        # line 2 malformed: the first good record is on line 3
        ([2], [2, 3], [3, 4]),
        # malformed at the end changes nothing before it
        ([10], [2, 9], [2, 9]),
    ],
)
def test_good_records_move_past_malformed_lines(malformed, good_counts, lines):
    with duckdb.connect() as con:
        got = [
            con.execute(f"select {line_shift_sql(malformed, str(n))}").fetchone()[0]
            for n in good_counts
        ]
    assert got == lines
