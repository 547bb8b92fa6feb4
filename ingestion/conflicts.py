"""Master data checked against what is already loaded: a key that once loaded means one
thing (a re-send may repeat it, never change it), and a partner tree without cycles.

A deal version (`deal_id`, `version`) prices past months; an FX rate (`rate_date`,
`currency`) converts them. Staging lets the latest load win, so a silently different
re-send would re-price history. After a file's rows land (inside its transaction), the
rows that contradict what is already established are moved from raw.<entity> to the
quarantine with both values named:

- deals: a version already loaded with other terms (partner, brand, dates, currency, any
  term, tier or rate) is quarantined, "send a new version"; an identical re-send loads
  and changes nothing (staging keeps one copy of a key).
- fx_rates: a rate differing from the one established for its day and currency is
  quarantined, unless its file sits under a `corrections/` folder (CORRECTIONS_FOLDER):
  the marker says a person corrects the rate, and the file's path stays in the row's
  lineage (`_source_file`) as the audit of it. A rate moving more than the configured
  bound from the previous rate of its currency (config/plausibility.yml,
  fx_rates.max_day_change) is quarantined too, unless it is a correction.

- partners: a row whose parent chain comes back to it (a self-parented partner, P-1 <->
  P-2) is quarantined with the cycle named.

"Established" is what staging would pick among the rows already loaded (latest load,
then latest file, then latest line: dbt macro latest_load_wins); within one file the
first line of a key establishes it. Files of these entities load one at a time in path
order (ingestion/load.py), so two files of one run never race.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import duckdb

from ingestion.entities import DEAL_TERM_COLUMNS, Entity
from ingestion.plausibility import fx_max_day_change
from ingestion.validation import ident

CORRECTIONS_FOLDER = "corrections"
# The entities checked against what is already loaded (their files load one at a time).
CHECKED = ("deals", "fx_rates", "partners")
DEAL_CONFLICT = "deal version already exists with other terms; send a new version"

# Earlier loads first, the most recent first (what staging picks); then this file's rows by line.
_ORDER = (
    "is_new, case when not is_new then _loaded_at end desc, "
    "case when not is_new then _source_file end desc, "
    "case when not is_new then _line_number end desc, _line_number"
)


def is_correction(relative_path: str) -> bool:
    """True for a file below a folder named `corrections` (e.g. ops/corrections/fx_x.csv)."""
    return CORRECTIONS_FOLDER in relative_path.split("/")[:-1]


def quarantine_conflicts(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    source_file: str,
    load_id: str,
    loaded_at: datetime,
) -> int:
    """Move this file's contradicting rows to the quarantine; returns how many moved."""
    if entity.name == "deals":
        bad = _deal_conflicts(con, source_file, load_id)
    elif entity.name == "fx_rates":
        bad = _fx_conflicts(con, source_file, load_id)
    elif entity.name == "partners":
        bad = _partner_cycles(con, source_file, load_id)
    else:
        return 0
    if not bad:
        return 0
    _move_to_quarantine(con, entity, source_file, load_id, loaded_at, bad)
    return len(bad)


def _num(value: Decimal) -> str:
    """A decimal as a person writes it: 5.00000000 -> 5, 1.08000000 -> 1.08."""
    return format(value.normalize(), "f")


def _where(line: int, file: str) -> str:
    return f"{file} line {line}"


# ---- deals ------------------------------------------------------------------------------


def _deal_fingerprint_sql() -> str:
    """Everything that prices a deal version, as one text per raw.deals row."""

    def txt(expr: str) -> str:
        return f"coalesce(cast({expr} as varchar), '~')"

    base = ["partner_id", "brand_id", "effective_from", "effective_to", "currency"]
    parts = [txt(ident(c)) for c in [*base, *DEAL_TERM_COLUMNS]]
    same = (
        "x.deal_id = r.deal_id and x.version = r.version and x._source_file = r._source_file "
        "and x._load_id = r._load_id and x._line_number = r._line_number"
    )
    tiers = (
        "(select coalesce(string_agg(tier_no || ':' || tier_from || ':' || rate, ',' "
        f"order by tier_no), '') from raw.deal_tiers x where {same})"
    )
    rates = (
        "(select coalesce(string_agg(rate_kind || ':' || symbol_group || ':' || rate, ',' "
        f"order by rate_kind, symbol_group), '') from raw.deal_rates x where {same})"
    )
    return f"concat_ws('|', {', '.join(parts)}, {tiers}, {rates})"


def _deal_conflicts(
    con: duckdb.DuckDBPyConnection, source_file: str, load_id: str
) -> dict[int, str]:
    rows = con.execute(
        f"""select deal_id, version, _line_number, _source_file, _load_id,
                   (_source_file = ? and _load_id = ?) as is_new, {_deal_fingerprint_sql()}
            from raw.deals r
            where (deal_id, version) in (
                select (deal_id, version) from raw.deals where _source_file = ? and _load_id = ?)
            order by {_ORDER}""",
        [source_file, load_id, source_file, load_id],
    ).fetchall()
    # Old rows first, most recent first (what staging picks); then this file's, by line.
    established: dict[tuple, tuple[str, int, str]] = {}
    bad: dict[int, str] = {}
    for deal_id, version, line, file, _load, is_new, fp in rows:
        key = (deal_id, version)
        if key not in established:
            established[key] = (fp, line, file)
            continue
        if is_new and fp != established[key][0]:
            _fp, at_line, at_file = established[key]
            bad[line] = (
                f"{DEAL_CONFLICT} ({deal_id} v{version} was loaded from {_where(at_line, at_file)})"
            )
    return bad


# ---- fx rates ---------------------------------------------------------------------------


def _fx_conflicts(con: duckdb.DuckDBPyConnection, source_file: str, load_id: str) -> dict[int, str]:
    correction = is_correction(source_file)
    rows = con.execute(
        f"""select rate_date, currency, usd_per_unit, _line_number, _source_file,
                   (_source_file = ? and _load_id = ?) as is_new
            from raw.fx_rates
            where currency in (
                select currency from raw.fx_rates where _source_file = ? and _load_id = ?)
            order by {_ORDER}""",
        [source_file, load_id, source_file, load_id],
    ).fetchall()
    # The established rate per (day, currency): the latest earlier load, else the file's
    # first line of that key.
    established: dict[tuple, tuple[Decimal, int, str]] = {}
    new_rows = []
    bad: dict[int, str] = {}
    for day, cur, rate, line, file, is_new in rows:
        key = (day, cur)
        if is_new:
            new_rows.append((day, cur, rate, line))
            if key in established and not correction:
                old, at_line, at_file = established[key]
                if rate != old:
                    bad[line] = (
                        f"usd_per_unit: {_num(rate)} conflicts with {_num(old)} already loaded "
                        f"for {day} {cur} ({_where(at_line, at_file)}); put the file under "
                        f"ops/{CORRECTIONS_FOLDER}/ if it corrects that rate"
                    )
                continue
            if correction:
                established[key] = (rate, line, file)
            else:
                established.setdefault(key, (rate, line, file))
        else:
            established.setdefault(key, (rate, line, file))
    bound = fx_max_day_change()
    if correction or bound is None:
        return bad
    # Day-to-day bound: each new rate against the previous day on file for its currency
    # (the established rates, this file's accepted ones included).
    by_currency: dict[str, list[tuple]] = {}
    for (day, cur), (rate, _line, _file) in established.items():
        by_currency.setdefault(cur, []).append((day, rate))
    for series in by_currency.values():
        series.sort()
    for day, cur, rate, line in new_rows:
        if line in bad:
            continue
        earlier = [(d, r) for d, r in by_currency[cur] if d < day]
        if not earlier:
            continue
        prev_day, prev = earlier[-1]
        change = abs(rate / prev - 1)
        if change > bound:
            bad[line] = (
                f"usd_per_unit: {_num(rate)} for {day} {cur} moves {change:.1%} from "
                f"{_num(prev)} on {prev_day}, above the bound of {bound:.0%} a day "
                f"(fx_rates.max_day_change); put the file under ops/{CORRECTIONS_FOLDER}/ "
                "if the rate is right"
            )
            # A refused rate is no reference for the next day.
            by_currency[cur] = [(d, r) for d, r in by_currency[cur] if d != day]
    return bad


# ---- partners ---------------------------------------------------------------------------


def _partner_cycles(
    con: duckdb.DuckDBPyConnection, source_file: str, load_id: str
) -> dict[int, str]:
    """A partner row whose parent chain comes back to it (itself as parent, P-1 <-> P-2):
    the sub-partner tree would have no top, and the override and sub-partner commissions
    walking it no end. The tree is the partners as staging will see them (latest row per
    partner) with this file's rows applied; each of this file's rows on a cycle is
    quarantined (an earlier row of that partner, if any, stays in force)."""
    rows = con.execute(
        f"""select partner_id, parent_partner_id, _line_number,
                   (_source_file = ? and _load_id = ?) as is_new
            from raw.partners order by {_ORDER}""",
        [source_file, load_id],
    ).fetchall()
    old: dict[str, str | None] = {}
    new: dict[str, tuple[str | None, int]] = {}
    for partner, parent, line, is_new in rows:
        if not is_new:
            old.setdefault(partner, parent)
        else:
            new[partner] = (parent, line)  # the file's last line of a partner wins, as in staging
    bad: dict[int, str] = {}
    while True:
        tree = dict(old)
        tree.update({p: parent for p, (parent, line) in new.items() if line not in bad})
        found = {}
        for partner, (_parent, line) in new.items():
            if line in bad:
                continue
            path = [partner]
            while (up := tree.get(path[-1])) is not None and up not in path:
                path.append(up)
            if up == partner:
                found[line] = (
                    f"parent_partner_id: {partner} is the partner itself; a partner cannot be "
                    "its own parent"
                    if len(path) == 1
                    else f"parent_partner_id: {path[1]} closes a cycle "
                    f"{' -> '.join([*path, partner])}; a partner cannot be its own ancestor"
                )
        if not found:
            return bad
        bad.update(found)  # without these rows an older parent may return: look again


# ---- moving -----------------------------------------------------------------------------


def _move_to_quarantine(
    con: duckdb.DuckDBPyConnection,
    entity: Entity,
    source_file: str,
    load_id: str,
    loaded_at: datetime,
    bad: dict[int, str],
) -> None:
    """Each bad line's raw row (its contract columns as loaded) to the quarantine, then out
    of raw.<entity> (and of the deal's tier and rate tables)."""
    cols = ", ".join(f"'{c}', cast(r.{ident(c)} as varchar)" for c in entity.column_names)
    con.execute("create or replace temp table __conflicts (line bigint, why varchar)")
    con.executemany("insert into __conflicts values (?, ?)", [[k, v] for k, v in bad.items()])
    con.execute(
        f"""insert into ingest.quarantine
            select ?, ?, r._line_number, cast(json_object({cols}) as varchar), c.why, ?, ?
            from raw.{entity.name} r join __conflicts c on c.line = r._line_number
            where r._source_file = ? and r._load_id = ?""",
        [entity.name, source_file, load_id, loaded_at, source_file, load_id],
    )
    for table in (entity.name, *entity.extra_tables):
        con.execute(
            f"""delete from raw.{table} where _source_file = ? and _load_id = ?
                and _line_number in (select line from __conflicts)""",
            [source_file, load_id],
        )
    con.execute("drop table __conflicts")


__all__ = [
    "CHECKED",
    "CORRECTIONS_FOLDER",
    "DEAL_CONFLICT",
    "is_correction",
    "quarantine_conflicts",
]
