"""`run_build` end to end on real DuckDB, real dbt and real Dagster, on a hand-made landing.

The builds share one landing directory and home, in the order a real installation sees
them: a first build (with a garbage file among the good ones), the same build again, new
files arriving, then a file that breaks a blocking gate.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from orchestration_landing import FILES, LATE_FILES, write_landing

from dagster_project.run import EXIT_BLOCKED, EXIT_ERROR, EXIT_OK, run_build
from partnerledger.paths import Home

GARBAGE = {
    # an unknown entity and a corrupt file of a known one: rejected, the build goes on
    "brand/notes.txt": "call the brand about March\n",
    "brand/payments_corrupt.csv.gz": "this is not gzip at all",
}
# A deposit dated after the build's "today" (2026-06-30, conftest.TODAY): the no-future-events
# gate fails and blocks publishing.
FUTURE = {
    "brand/payments_future.csv": (
        "transaction_id,customer_id,brand_id,kind,status,amount,currency,occurred_at\n"
        "T-9,C-1,B-CASINO,deposit,approved,10,EUR,2026-09-01T12:00:00Z\n"
    ),
}
# load-time columns, the data-quality marts' included (load_id, last_file_at): they name the run
VOLATILE = {"_loaded_at", "_load_id", "loaded_at", "load_id", "last_file_at", "built_at", "published_at"}


def marts_snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every marts table's rows (sorted), without load-time columns."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            ).fetchall()
        ]
        out = {}
        for t in tables:
            cols = [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns "
                    "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                    [t],
                ).fetchall()
                if r[0] not in VOLATILE
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[t] = con.execute(f'select {select} from marts."{t}" order by all').fetchall()
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Build:
    def __init__(self, landing: Path, home: Home) -> None:
        self.landing, self.home, self.lines = landing, home, []

    def run(self) -> int:
        self.lines = []
        return run_build(self.landing, self.home, progress=self.lines.append)

    @property
    def output(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("build")
    landing = write_landing(root / "landing", {**FILES, **GARBAGE})
    b = Build(landing, Home(root / "home"))
    b.first_code = b.run()
    b.first_output = b.output
    return b


def test_first_build_publishes_the_marts_and_exits_0(build: Build):
    assert build.first_code == EXIT_OK, build.first_output
    assert "payouts PUBLISHED" in build.first_output
    with duckdb.connect(str(build.home.serving), read_only=True) as con:
        marts = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        assert {"fct_commission_lines", "fct_partner_monthly_statement"} <= marts
        assert con.execute("select count(*) from published_at").fetchone()[0] == 1
        # the ops-store head this build verified (no store yet: seq 0, the genesis hash)
        assert con.execute("select seq, hash from ops_chain_head").fetchall() == [(0, "0" * 64)]
    assert not (build.home.root / "build.lock").read_text()  # released: empty
    # one progress line per raw table as it lands, e.g. "✓ raw/payments 3 rows loaded ..."
    assert "✓ raw/payments 3 rows loaded" in build.first_output
    assert not list(build.home.root.glob("serving.duckdb.tmp-*"))


def test_garbage_files_are_rejected_with_a_reason_and_do_not_stop_the_build(build: Build):
    assert build.first_code == EXIT_OK
    assert "files rejected: 2" in build.first_output
    assert "brand/notes.txt:" in build.first_output
    assert "brand/payments_corrupt.csv.gz:" in build.first_output


def test_quality_report_of_the_last_validation_is_written(build: Build):
    assert (build.home.reports / "index.html").exists()
    assert (build.home.reports / "commission_lines.json").exists()


def test_building_twice_gives_identical_marts(build: Build):
    before = marts_snapshot(build.home.warehouse)
    assert build.run() == EXIT_OK, build.output
    assert marts_snapshot(build.home.warehouse) == before
    assert any(before.values())  # the comparison compared something


def test_new_files_build_incrementally_to_the_same_marts_as_from_scratch(
    build: Build, tmp_path: Path
):
    write_landing(build.landing, LATE_FILES)
    assert build.run() == EXIT_OK, build.output
    assert "✓ raw/payments 1 rows loaded" in build.output  # only the new file was read
    scratch = Build(build.landing, Home(tmp_path / "scratch_home"))
    assert scratch.run() == EXIT_OK, scratch.output
    assert marts_snapshot(build.home.warehouse) == marts_snapshot(scratch.home.warehouse)


def test_a_failing_blocking_gate_exits_3_and_leaves_serving_untouched(build: Build):
    published = sha256(build.home.serving)
    write_landing(build.landing, FUTURE)
    code = build.run()
    assert code == EXIT_BLOCKED, build.output
    assert sha256(build.home.serving) == published
    assert "payouts BLOCKED" in build.output
    # the gate sits between the two dbt steps: the payout marts were not even rebuilt
    from dagster_project.dbt_nodes import model_keys
    from dagster_project.project import load_manifest

    for key in model_keys(load_manifest(), payouts=True):
        assert f"✓ {key.to_user_string()}" not in build.output
    assert "✓ published" not in build.output
    assert "no_future_events" in build.output  # the summary names the check...
    assert "future_events" in build.output  # ...the dataset and an example row
    assert "2026-09-01" in build.output or "stg_brand__payments" in build.output


def test_a_missing_landing_directory_exits_1(tmp_path: Path):
    lines: list[str] = []
    assert (
        run_build(tmp_path / "nowhere", Home(tmp_path / "home"), progress=lines.append)
        == EXIT_ERROR
    )
    assert "does not exist" in "\n".join(lines)
