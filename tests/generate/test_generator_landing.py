"""The generator writes a complete, deterministic, parseable landing zone (scale tiny)."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from ingestion.entities import (
    BOOL,
    COUNTRY,
    CURRENCY,
    DATE,
    DECIMAL,
    ENTITIES,
    EPOCH_MS_OR_DATETIME,
    EPOCH_OR_DATETIME,
    INT,
    NON_NEGATIVE,
    TIMESTAMP,
    entity_for_file,
)
from landing_generator import generate
from landing_generator.bad_rows import BAD_ROW_ENTITIES, BAD_ROW_RATE


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    generate(out, scale="tiny", seed=42, progress=None)
    return out


@pytest.fixture(scope="module")
def manifest(landing) -> dict:
    return json.loads((landing / "_manifest.json").read_text())


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _read(con: duckdb.DuckDBPyConnection, path: Path) -> duckdb.DuckDBPyRelation:
    """Every landing file read as text, the way the contract's types are checked afterwards."""
    name = path.name
    if name.endswith((".csv", ".csv.gz")):
        return con.sql(f"select * from read_csv('{path}', all_varchar=true, header=true)")
    if name.endswith(".jsonl"):
        return con.sql(f"select * from read_json('{path}', format='newline_delimited')")
    if name.endswith(".parquet"):
        return con.sql(f"select * from read_parquet('{path}')")
    if name.endswith(".json"):
        return con.sql(f"select * from read_json('{path}', format='array')")
    raise AssertionError(f"unexpected landing file {path}")


def _entity_files(landing: Path, entity: str) -> list[Path]:
    return [
        p
        for p in sorted(landing.rglob("*"))
        if p.is_file()
        and not p.name.startswith("_")
        and (e := entity_for_file(p.name)) is not None
        and e.name == entity
    ]


def _union(con, landing: Path, entity: str) -> str:
    """A view over every file of an entity (columns by name; absent optional columns are NULL)."""
    view = f"v_{entity}"
    files = _entity_files(landing, entity)
    rels = [_read(con, f) for f in files]
    for i, r in enumerate(rels):
        r.create_view(f"{view}_{i}")
    con.execute(
        f"create or replace view {view} as "
        + " union all by name ".join(f"select * from {view}_{i}" for i in range(len(rels)))
    )
    return view


def test_same_seed_writes_identical_bytes_and_another_seed_does_not(landing, tmp_path):
    again = tmp_path / "again"
    generate(again, scale="tiny", seed=42, progress=None)
    assert _files(landing) == _files(again)
    other = tmp_path / "other"
    generate(other, scale="tiny", seed=7, progress=None)
    assert (
        _files(other)["brand/payments/payments_2026-08.csv"]
        != _files(landing)["brand/payments/payments_2026-08.csv"]
    )


def test_tiny_writes_every_entity_with_its_required_columns(landing, manifest):
    con = duckdb.connect()
    assert set(manifest["entities"]) == set(ENTITIES)
    for name, entity in ENTITIES.items():
        files = _entity_files(landing, name)
        assert files, f"no file for {name}"
        if name == "deals":
            continue  # YAML/JSON documents with nested terms: checked in the deals test
        for f in files:
            cols = set(_read(con, f).columns)
            required = {c.source_name or c.name for c in entity.columns if c.required}
            assert required <= cols, f"{f.name} lacks {required - cols}"


def test_tiny_size_is_between_five_and_twenty_thousand_rows(manifest):
    total = sum(e["rows"] for e in manifest["entities"].values())
    assert 5_000 <= total <= 20_000


def test_every_file_parses_and_row_counts_match_the_manifest(landing, manifest):
    con = duckdb.connect()
    for name, info in manifest["entities"].items():
        if name == "deals":
            continue
        counted = sum(_read(con, landing / f).count("*").fetchall()[0][0] for f in info["files"])
        assert counted == info["rows"], name


def _violations_sql(entity_name: str, present: set[str]) -> str:
    """A predicate true for a row that breaks the landing contract (our own reading of it)."""
    preds = []
    for c in ENTITIES[entity_name].columns:
        col = c.source_name or c.name
        if col not in present:
            continue
        q = f'"{col}"'
        if c.required:
            preds.append(f"{q} is null")
        if c.kind == DECIMAL:
            preds.append(f"({q} is not null and try_cast({q} as decimal(24,8)) is null)")
        if c.kind == INT:
            preds.append(f"({q} is not null and try_cast({q} as bigint) is null)")
        if c.kind in (TIMESTAMP, DATE):
            preds.append(f"({q} is not null and try_cast({q} as timestamp) is null)")
        if c.kind in (EPOCH_OR_DATETIME, EPOCH_MS_OR_DATETIME):
            preds.append(
                f"({q} is not null and try_cast({q} as bigint) is null and try_cast({q} as timestamp) is null)"
            )
        if c.kind == BOOL:
            preds.append(f"(lower({q}) not in ('true','false','1','0','yes','no'))")
        if c.enum:
            values = ",".join(f"'{v}'" for v in c.enum)
            preds.append(f"({q} is not null and {q} not in ({values}))")
        if c.check == CURRENCY:
            preds.append(f"({q} is not null and not regexp_full_match({q}, '[A-Z]{{3}}'))")
        if c.check == COUNTRY:
            preds.append(f"({q} is not null and not regexp_full_match({q}, '[A-Z]{{2}}'))")
        if c.check == NON_NEGATIVE:
            preds.append(f"(try_cast({q} as decimal(24,8)) < 0)")
    return " or ".join(preds)


def test_bad_rows_are_exactly_the_rows_breaking_the_contract_at_about_half_a_percent(
    landing, manifest
):
    con = duckdb.connect()
    total_rows = total_bad = 0
    for name in BAD_ROW_ENTITIES:
        view = _union(con, landing, name)
        present = set(con.sql(f"select * from {view} limit 0").columns)
        broken = con.execute(
            f"select count(*) from {view} where {_violations_sql(name, present)}"
        ).fetchall()[0][0]
        assert broken == manifest["entities"][name]["bad_rows"], name
        total_rows += manifest["entities"][name]["rows"]
        total_bad += broken
    # Rows are broken independently with probability BAD_ROW_RATE (0.5%); ~8k event rows
    # give ~40 expected, so 0.2%..1% is far outside sampling noise only if the rate is wrong.
    assert 0.4 * BAD_ROW_RATE <= total_bad / total_rows <= 2 * BAD_ROW_RATE
    # Master data and customers carry no bad rows (they would orphan the facts).
    for name in ("partners", "deals", "customers", "fx_rates"):
        assert manifest["entities"][name]["bad_rows"] == 0


def test_ib_tree_reaches_three_levels_and_affiliates_have_subs(landing):
    con = duckdb.connect()
    con.sql(
        f"create view p as select * from read_csv('{landing / 'ops/partners.csv'}', all_varchar=true)"
    )
    parent = dict(con.execute("select partner_id, parent_partner_id from p").fetchall())
    ptype = dict(con.execute("select partner_id, partner_type from p").fetchall())

    def depth(pid: str) -> int:
        return 1 if parent[pid] is None else 1 + depth(parent[pid])

    # P-0012 -> P-0011 -> P-0010: master IB, sub-IB, sub-sub-IB.
    assert depth("P-0012") == 3 and ptype["P-0012"] == ptype["P-0010"] == "ib"
    assert max(depth(p) for p in parent) == 3
    assert {ptype[p] for p in parent if parent[p] and ptype[p] == "affiliate"} == {"affiliate"}
    assert set(ptype.values()) == {
        "affiliate",
        "ib",
        "referral",
        "influencer",
        "ambassador",
        "media_buyer",
    }
    # Two accounts share a person key (fraud signal), and one working partner has no deal at all.
    assert (
        con.execute(
            "select count(*) from (select person_key from p group by 1 having count(*) > 1)"
        ).fetchall()[0][0]
        >= 2
    )


def test_deals_have_amendments_chained_mid_month_and_every_component(landing):
    import yaml

    deals = yaml.safe_load((landing / "ops/deals.yaml").read_text())
    deals += json.loads((landing / "ops/deals_extra.json").read_text())
    by_key = {(d["deal_id"], d["version"]): d for d in deals}
    amended = [d for d in deals if d["version"] == 2]
    assert amended
    for v2 in amended:
        v1 = by_key[(v2["deal_id"], 1)]
        assert v1["effective_to"] == v2["effective_from"]
        assert v2["effective_from"].endswith("-15")  # amendments start mid-month
    components = {k for d in deals for k in d["terms"]}
    assert components == {
        "cpa",
        "revshare",
        "lot_rebate",
        "spread_share",
        "challenge",
        "sub_partner",
    }
    assert any(d["brand_id"] is None for d in deals) and any(d["brand_id"] for d in deals)
    overrides = {d["terms"].get("lot_rebate", {}).get("override") for d in deals}
    assert {"difference", "fixed"} <= overrides
    assert any(d["terms"].get("lot_rebate", {}).get("min_hold_seconds") for d in deals)
    modes = {
        (d["terms"]["revshare"]["tier_mode"], d["terms"]["revshare"]["tier_metric"])
        for d in deals
        if "revshare" in d["terms"]
    }
    assert {("whole", "ngr"), ("progressive", "ngr"), ("whole", "ftd_count")} <= modes
    dealt = {d["partner_id"] for d in deals}
    assert "P-0008" not in dealt  # works B-CASINO with coupons, has no deal


def test_fx_rates_cover_every_event_date_for_every_currency(landing):
    con = duckdb.connect()
    fx = _union(con, landing, "fx_rates")
    days = {}
    for entity, col in (
        ("clicks", "clicked_at"),
        ("payments", "occurred_at"),
        ("casino_activity", "activity_date"),
        ("prop_orders", "occurred_at"),
        ("conversions", "occurred_at"),
        ("mt4_trades", "OPEN_TIME"),
        ("customers", "registered_at"),
        ("trading_accounts", "opened_at"),
    ):
        v = _union(con, landing, entity)
        lo, hi = con.execute(
            f"select min(try_cast({col} as timestamp))::date, max(try_cast({col} as timestamp))::date from {v}"
        ).fetchall()[0]
        days[entity] = (lo, hi)
    first, last = con.execute(
        f"select min(rate_date::date), max(rate_date::date) from {fx}"
    ).fetchall()[0]
    for entity, (lo, hi) in days.items():
        assert first <= lo and hi <= last, entity
    # Every day in between has a rate for each of USD, EUR, GBP, AUD.
    n_days = (last - first).days + 1
    assert con.execute(f"select count(*) from {fx}").fetchall()[0][0] == 4 * n_days


def test_tracking_and_trading_edge_cases_are_present(landing):
    con = duckdb.connect()
    conv, mt4, mt5 = (_union(con, landing, e) for e in ("conversions", "mt4_trades", "mt5_deals"))
    assert (
        con.execute(
            f"select count(*) from (select event_id from {conv} group by 1 having count(*) > 1)"
        ).fetchall()[0][0]
        > 0
    )
    # MT4: open trades (CLOSE_TIME 1970), re-exported tickets, pending orders, balance and credit rows.
    assert (
        con.execute(
            f"select count(*) from {mt4} where CLOSE_TIME = '1970-01-01 00:00:00' and CMD in ('0','1')"
        ).fetchall()[0][0]
        > 0
    )
    assert (
        con.execute(
            f"select count(*) from (select TICKET from {mt4} group by 1 having count(*) > 1)"
        ).fetchall()[0][0]
        > 0
    )
    assert {r[0] for r in con.execute(f"select distinct CMD from {mt4}").fetchall()} >= {
        "0",
        "1",
        "2",
        "6",
        "7",
    }
    # Scalping: closed market trades held under a minute.
    assert (
        con.execute(f"""select count(*) from {mt4} where CMD in ('0','1') and CLOSE_TIME <> '1970-01-01 00:00:00'
        and date_diff('second', try_cast(OPEN_TIME as timestamp), try_cast(CLOSE_TIME as timestamp)) < 60""").fetchall()[
            0
        ][0]
        > 0
    )
    # MT5: entry and exit deals share a PositionID; out-by exits and balance deals exist.
    assert (
        con.execute(f"""select count(*) from (select PositionID from {mt5} where Action in ('0','1')
        group by 1 having count(distinct Entry) = 2)""").fetchall()[0][0]
        > 0
    )
    assert {r[0] for r in con.execute(f"select distinct Entry from {mt5}").fetchall()} >= {
        "0",
        "1",
        "3",
    }
    assert con.execute(f"select count(*) from {mt5} where Action = '2'").fetchall()[0][0] > 0
    # Broker suffixes and one symbol the symbols list does not know.
    syms = {r[0] for r in con.execute(f"select distinct SYMBOL from {mt4}").fetchall()}
    assert {"EURUSDm", "EURUSD.pro", "SOLUSD"} & syms


def test_unknown_scale_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown scale"):
        generate(tmp_path, scale="huge", progress=None)


def test_ingestion_loads_everything_and_quarantines_exactly_the_bad_rows(
    landing, manifest, tmp_path
):
    # The real ingestion, on a real DuckDB file: every row read is loaded or quarantined,
    # and what it quarantines per entity is exactly what the generator says it broke.
    from ingestion.load import ingest_landing

    warehouse = tmp_path / "warehouse.duckdb"
    ingest_landing(landing, warehouse)
    con = duckdb.connect(str(warehouse), read_only=True)
    stats = {
        e: (read, quarantined)
        for e, read, quarantined in con.execute(
            "select entity, sum(rows_read)::bigint, sum(rows_quarantined)::bigint from ingest.files group by 1"
        ).fetchall()
    }
    rejected = con.execute("select count(*) from ingest.files where status <> 'loaded'").fetchall()[
        0
    ][0]
    con.close()
    assert rejected == 0
    assert stats == {e: (v["rows"], v["bad_rows"]) for e, v in manifest["entities"].items()}
