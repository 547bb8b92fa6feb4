"""Every read of the app: SQL against the published `<home>/serving.duckdb`, nowhere else.

The app never opens `warehouse.duckdb` (the build's own file). Each read opens a short-lived
read-only connection inside a `st.cache_data` function whose key includes the serving file's
modification time and size, so a new publish (an atomic `os.replace`) shows up on the next
rerun while repeated reruns of one publish hit the cache. Values are bound with `?`; the only
identifiers ever put into SQL text come from fixed allowlists in this module or from the
project's vocabularies (partnerledger.vocabulary).

The app trusts what is published: every mart it reads is in serving.duckdb with its contracted
columns (the publish step copies every mart after the gates passed), so nothing here asks
which tables or columns exist. A missing one is a loud error, never an empty screen.

Money stays `decimal.Decimal` (read through Arrow, which keeps DECIMAL columns exact).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from partnerledger import csv_safety, ops_store, paths, vocabulary

NOT_PUBLISHED_MESSAGE = (
    "Nothing published yet — run `partnerledger build` (or check that --home points at the "
    "right directory): the app shows only validated marts from serving.duckdb."
)

# Columns of dim_partners the app may show. The mart also holds PII (email, person_key) and may
# gain more: selecting from this allowlist keeps them out of every screen.
PARTNER_COLUMNS = (
    "partner_id",
    "display_name",
    "partner_type",
    "parent_partner_id",
    "status",
    "country",
    "payout_currency",
)
# Extra columns managers see on Partner 360 (still no email or person_key).
PARTNER_PROFILE_COLUMNS = PARTNER_COLUMNS + (
    "kyc_status",
    "payout_threshold",
    "tree_depth",
    "brand_count",
    "deal_summary",
)


class NotPublished(RuntimeError):
    """serving.duckdb does not exist yet: no build has published validated marts."""


def serving_file() -> Path:
    """`<home>/serving.duckdb`, home from PARTNERLEDGER_HOME (set by `partnerledger app`)."""
    return paths.home().serving


def is_published() -> bool:
    return serving_file().is_file()


def published_at() -> datetime | None:
    """When the current serving file was published (UTC, recorded by the publish step in
    `main.published_at`), or None if nothing is."""
    if not is_published():
        return None
    stamp = _read("select max(published_at) as at from main.published_at")["at"].iloc[0]
    return pd.Timestamp(stamp).to_pydatetime().replace(tzinfo=UTC)


@st.cache_data(show_spinner=False, max_entries=256)
def _query(path: str, version: tuple[int, int], sql: str, params: tuple) -> pd.DataFrame:
    # `version` is only part of the cache key: a new publish changes it and misses the cache.
    with duckdb.connect(path, read_only=True) as con:
        return con.sql(sql, params=list(params)).to_arrow_table().to_pandas()


def _read(sql: str, params: Sequence = ()) -> pd.DataFrame:
    f = serving_file()
    try:
        st_ = f.stat()
    except FileNotFoundError:
        raise NotPublished(NOT_PUBLISHED_MESSAGE) from None
    return _query(str(f), (st_.st_mtime_ns, st_.st_size), sql, tuple(params))


def _select(columns: Sequence[str], alias: str = "t") -> str:
    """`t.col, ...` for identifiers from this module's allowlists or the vocabularies."""
    return ", ".join(f"{alias}.{c}" for c in columns)


# ---- vocabularies -----------------------------------------------------------------------


def statement_components() -> tuple[str, ...]:
    """The payable components of a statement, in statement order (partnerledger.vocabulary)."""
    return vocabulary.component_names()


def statement_figures() -> tuple[str, ...]:
    """The money columns of marts.fct_partner_monthly_statement, in statement order: each
    component's figure; after a component whose lines add up to a gross (revshare), the
    carryover and the paid figure; the total last."""
    figures: list[str] = []
    for c in vocabulary.components():
        if c.statement_column == c.name:
            figures.append(c.name)
        else:
            figures += [c.statement_column, "carryover_in", "carryover_out", c.name]
    return (*figures, "total")


# ---- dimensions -------------------------------------------------------------------------


def partners() -> pd.DataFrame:
    """Partners with the allowlisted columns only (never email or person_key)."""
    return _read(
        f"select {_select(PARTNER_COLUMNS)} from marts.dim_partners t order by t.partner_id"
    )


def partner(partner_id: str, *, profile: bool = False) -> dict | None:
    """One partner's allowlisted columns; `profile` adds the manager-only profile columns."""
    wanted = PARTNER_PROFILE_COLUMNS if profile else PARTNER_COLUMNS
    df = _read(
        f"select {_select(wanted)} from marts.dim_partners t where t.partner_id = ?",
        [partner_id],
    )
    return None if df.empty else df.iloc[0].to_dict()


def brands() -> pd.DataFrame:
    return _read(
        "select brand_id, brand_name, vertical, currency from marts.dim_brands order by brand_id"
    )


def statement_months(partner_id: str | None = None) -> list[date]:
    """Months with a statement, newest first (of one partner when given)."""
    df = _read(
        "select distinct period_month from marts.fct_partner_monthly_statement "
        "where cast(? as varchar) is null or partner_id = ? order by period_month desc",
        [partner_id, partner_id],
    )
    return list(df["period_month"])


# ---- manager overview -------------------------------------------------------------------

# Cross-brand sums use amount_usd: deal currencies differ between brands.
_LINE_FROM = """
    from marts.fct_commission_lines l
    join marts.dim_brands b on b.brand_id = l.brand_id
"""
_LINE_WHERE = """
    where (cast(? as varchar) is null or b.vertical = ?)
      and (cast(? as varchar) is null or l.brand_id = ?)
      and (cast(? as date) is null or l.period_month = ?)
"""


def _filter_params(vertical: str | None, brand_id: str | None, month: date | None) -> list:
    return [vertical, vertical, brand_id, brand_id, month, month]


def commissions_by_component(
    vertical: str | None = None, brand_id: str | None = None, month: date | None = None
) -> pd.DataFrame:
    """USD commissions per month, vertical, brand and component."""
    return _read(
        "select l.period_month, b.vertical, l.brand_id, b.brand_name, l.component, "
        "sum(l.amount_usd) as amount_usd, count(*) as lines"
        + _LINE_FROM
        + _LINE_WHERE
        + "group by all order by l.period_month, b.vertical, l.brand_id, l.component",
        _filter_params(vertical, brand_id, month),
    )


def top_partners(
    vertical: str | None = None,
    brand_id: str | None = None,
    month: date | None = None,
    limit: int = 10,
) -> pd.DataFrame:
    """Partners with the largest USD commissions under the filters."""
    return _read(
        "select l.partner_id, p.display_name, sum(l.amount_usd) as amount_usd, "
        "count(distinct l.brand_id) as brands"
        + _LINE_FROM
        + "left join marts.dim_partners p on p.partner_id = l.partner_id"
        + _LINE_WHERE
        + "group by all order by amount_usd desc, l.partner_id limit ?",
        [*_filter_params(vertical, brand_id, month), limit],
    )


def month_kpis(
    months: Sequence[date], vertical: str | None = None, brand_id: str | None = None
) -> pd.DataFrame:
    """The Overview's KPIs per month (one row per month asked for that has data), USD, from
    mart_partner_brand_monthly: NGR, FTDs, qualified CPAs, active partners, commission cost,
    cost per FTD (commissions / FTDs) and commission/NGR (commissions / NGR)."""
    return _read(
        f"""
        select period_month,
            cast(sum(ngr_usd) as decimal(18, 2)) as ngr_usd,
            cast(sum(ftd_count) as bigint) as ftds,
            cast(sum(cpa_count) as bigint) as cpas,
            count(distinct partner_id) filter (where has_activity) as active_partners,
            cast(sum(commissions_usd) as decimal(18, 2)) as commissions_usd,
            {_ratio("sum(commissions_usd)", "sum(ftd_count)", 2)} as cost_per_ftd_usd,
            {_ratio("sum(commissions_usd)", "sum(ngr_usd)", 4)} as commission_to_ngr
        from marts.mart_partner_brand_monthly
        where list_contains(?, period_month)
          and (cast(? as varchar) is null or vertical = ?)
          and (cast(? as varchar) is null or brand_id = ?)
        group by period_month order by period_month desc
        """,
        [list(months), vertical, vertical, brand_id, brand_id],
    )


# ---- one partner ------------------------------------------------------------------------


def statements(partner_id: str, month: date | None = None) -> pd.DataFrame:
    """The partner's statements per brand and month (all months unless one is given)."""
    return _read(
        "select s.period_month, s.brand_id, b.brand_name, s.currency, "
        f"{_select(statement_figures(), 's')} "
        "from marts.fct_partner_monthly_statement s "
        "left join marts.dim_brands b on b.brand_id = s.brand_id "
        "where s.partner_id = ? and (cast(? as date) is null or s.period_month = ?) "
        "order by s.period_month desc, s.brand_id",
        [partner_id, month, month],
    )


def commission_lines(partner_id: str, month: date | None = None) -> pd.DataFrame:
    """The partner's commission lines: basis, rate, amount and the sentence explaining each."""
    return _read(
        # the explanation where the eye looks first; the line id (a hash) last
        "select l.period_month, l.brand_id, l.component, l.explanation, l.amount, l.currency, "
        "l.amount_usd, l.basis_amount, l.basis_unit, l.rate, l.deal_id, l.deal_version, "
        "l.customer_id, l.symbol_group, l.line_id "
        "from marts.fct_commission_lines l "
        "where l.partner_id = ? and (cast(? as date) is null or l.period_month = ?) "
        "order by l.period_month desc, l.brand_id, l.component, l.line_id",
        [partner_id, month, month],
    )


def sub_partner_tree(partner_id: str) -> pd.DataFrame:
    """Every partner below this one (depth 1 = direct sub-partner), allowlisted columns.

    The tree is the build's (marts.dim_partner_tree, from int_partner_ancestors): the app
    does not walk parent links itself.
    """
    return _read(
        "select t.partner_id, p.display_name, p.parent_partner_id, t.depth "
        "from marts.dim_partner_tree t join marts.dim_partners p on p.partner_id = t.partner_id "
        "where t.ancestor_partner_id = ? order by t.depth, t.partner_id",
        [partner_id],
    )


def sub_partner_totals(partner_id: str, month: date | None = None) -> pd.DataFrame:
    """The tree below a partner with each sub-partner's statement totals per currency.

    Safe for the partner portal: ids, display names, amounts and an opaque customer count
    only — no email, person_key or customer ids.
    """
    tree = sub_partner_tree(partner_id)
    if tree.empty:
        return tree.assign(currency=None, total=None)
    ids = list(tree["partner_id"])
    totals = _read(
        "select partner_id, currency, sum(total) as total "
        "from marts.fct_partner_monthly_statement "
        "where list_contains(?, partner_id) and (cast(? as date) is null or period_month = ?) "
        "group by all",
        [ids, month, month],
    )
    counts = _read(
        "select partner_id, count(*) as customers from marts.dim_customers "
        "where list_contains(?, partner_id) group by all",
        [ids],
    )
    out = tree.merge(totals, on="partner_id", how="left").merge(counts, on="partner_id", how="left")
    out["customers"] = out["customers"].fillna(0).astype("int64")
    return out


def deal_history(partner_id: str) -> pd.DataFrame:
    """The partner's deal versions (marts.dim_deal_versions: landing files and app amendments)."""
    return _read(
        "select * from marts.dim_deal_versions where partner_id = ? order by deal_id, deal_version",
        [partner_id],
    )


def tier_recommendation(partner_id: str) -> pd.DataFrame:
    """The partner's tier recommendation (no row: none for this partner)."""
    return _read(
        "select partner_id, current_tier, recommended_tier, reasons "
        "from marts.mart_tier_recommendations where partner_id = ?",
        [partner_id],
    )


def partner_segment(partner_id: str) -> pd.DataFrame:
    """The partner's segment row(s)."""
    return _read("select * from marts.mart_partner_segments where partner_id = ?", [partner_id])


# ---- segments workspace -----------------------------------------------------------------

# The dimensions the Segments page groups by, in display order (identifiers for SQL text).
SEGMENT_LEVELS = {
    "segment": ("segment",),
    "segment_brand": ("segment", "vertical", "brand_id", "brand_name"),
    "partner": ("partner_id", "display_name", "partner_type", "country", "segment"),
}

# One window of months ending at `until`; the previous window is the same length before it.
# Attributed revenue = NGR + trading revenue (broker markup on lots) + challenge fees, USD:
# the value_usd of mart_partner_segments_monthly (docs/decisions/007-segments-and-tiers.md).
_WORKSPACE_CTE = """
with base as (
    select m.*, b.brand_name, p.display_name, p.partner_type, p.country,
        coalesce(s.segment, 'unsegmented') as segment,
        case
            when m.period_month > cast(? as date) and m.period_month <= cast(? as date)
                then 'current'
            when m.period_month > cast(? as date) and m.period_month <= cast(? as date)
                then 'previous'
        end as win
    from marts.mart_partner_brand_monthly m
    join marts.dim_brands b on b.brand_id = m.brand_id
    join marts.dim_partners p on p.partner_id = m.partner_id
    left join marts.mart_partner_segments s on s.partner_id = m.partner_id
    where (cast(? as varchar) is null or m.vertical = ?)
      and (cast(? as varchar) is null or m.brand_id = ?)
      and (cast(? as varchar) is null or p.partner_type = ?)
      and (cast(? as varchar) is null or coalesce(s.segment, 'unsegmented') = ?)
      and (cast(? as varchar) is null or p.country = ?)
)
"""


def _exact_sum(column: str, window: str = "current") -> str:
    # A month whose amount is unknown (a missing FX rate: NULL) leaves the sum unknown, as
    # in the marts: never a partial sum.
    f = f"filter (where win = '{window}')"
    return f"case when count(*) {f} = count({column}) {f} then sum({column}) {f} end"


def _ratio(num: str, den: str, scale: int = 4) -> str:
    return f"cast(round(({num}) / nullif({den}, 0), {scale}) as decimal(18, {scale}))"


def workspace_months() -> list[date]:
    """Months of mart_partner_brand_monthly, newest first."""
    df = _read(
        "select distinct period_month from marts.mart_partner_brand_monthly "
        "order by period_month desc"
    )
    return list(df["period_month"])


def workspace_choices() -> dict[str, list[str]]:
    """The values the Segments page's filters offer (partner types, segments, countries)."""
    df = _read(
        "select p.partner_type, coalesce(s.segment, 'unsegmented') as segment, p.country "
        "from marts.dim_partners p "
        "left join marts.mart_partner_segments s on s.partner_id = p.partner_id"
    )
    return {c: sorted(df[c].dropna().unique()) for c in ("partner_type", "segment", "country")}


def add_months(month: date, n: int) -> date:
    i = month.year * 12 + month.month - 1 + n
    return date(i // 12, i % 12 + 1, 1)


def window_bounds(until: date, months: int) -> tuple[date, date, date]:
    """(previous window start, current window start, until); windows are (start, end]."""
    return add_months(until, -2 * months), add_months(until, -months), until


def segment_performance(
    level: str,
    until: date,
    months: int = 1,
    *,
    vertical: str | None = None,
    brand_id: str | None = None,
    partner_type: str | None = None,
    segment: str | None = None,
    country: str | None = None,
) -> pd.DataFrame:
    """Revenue, cost, activity and growth per `level` (SEGMENT_LEVELS) over the `months`
    months ending at `until`, against the same number of months before; aggregated in DuckDB."""
    keys = SEGMENT_LEVELS[level]
    prev_from, cur_from, end = window_bounds(until, months)
    revenue = f"({_exact_sum('ngr_usd')} + {_exact_sum('markup_usd')} + {_exact_sum('challenge_fees_usd')})"
    previous = (
        f"({_exact_sum('ngr_usd', 'previous')} + {_exact_sum('markup_usd', 'previous')} + "
        f"{_exact_sum('challenge_fees_usd', 'previous')})"
    )
    sql = (
        _WORKSPACE_CTE
        + f"""
, grouped as (
    select {", ".join(keys)},
        {_exact_sum("ngr_usd")} as ngr_usd,
        {_exact_sum("markup_usd")} as trading_revenue_usd,
        {_exact_sum("challenge_fees_usd")} as challenge_fees_usd,
        cast({revenue} as decimal(18, 2)) as revenue_usd,
        cast(coalesce(sum(commissions_usd) filter (where win = 'current'), 0)
            as decimal(18, 2)) as commissions_usd,
        count(distinct partner_id) filter (where win = 'current' and has_activity)
            as active_partners,
        cast(coalesce(sum(ftd_count) filter (where win = 'current'), 0) as bigint) as ftds,
        cast(coalesce(sum(lots) filter (where win = 'current'), 0) as decimal(24, 2)) as lots,
        cast({previous} as decimal(18, 2)) as previous_revenue_usd
    from base
    where win is not null
    group by all
)
select *, {_ratio("commissions_usd", "revenue_usd")} as cost_ratio,
    {_ratio("revenue_usd - previous_revenue_usd", "abs(previous_revenue_usd)")} as growth
from grouped
order by revenue_usd desc nulls last, {", ".join(keys)}
"""
    )
    # the CTE binds the current window (cur_from, end], the previous (prev_from, cur_from],
    # then each filter twice
    params = [cur_from, end, prev_from, cur_from]
    params += [v for v in (vertical, brand_id, partner_type, segment, country) for _ in (0, 1)]
    return _read(sql, params)


def tier_recommendations(
    *,
    vertical: str | None = None,
    brand_id: str | None = None,
    partner_type: str | None = None,
    segment: str | None = None,
    country: str | None = None,
) -> pd.DataFrame:
    """Upgrades and downgrades of mart_tier_recommendations under the filters, with the
    metric and the rule (reasons) that triggered each and the newest published terms of the
    deal version reviewed (the base of an accepted amendment)."""
    return _read(
        """
        select r.partner_id, p.display_name, r.brand_id, b.vertical, r.deal_id, r.deal_version,
            r.tier_program, r.as_of_month, r.metric_label, r.current_metric_value,
            r.average_metric_value, r.current_tier, r.recommended_tier, r.recommendation,
            r.current_rate, r.recommended_rate, r.reasons, p.partner_type, p.country,
            coalesce(s.segment, 'unsegmented') as segment
        from marts.mart_tier_recommendations r
        join marts.dim_partners p on p.partner_id = r.partner_id
        join marts.dim_brands b on b.brand_id = r.brand_id
        left join marts.mart_partner_segments s on s.partner_id = r.partner_id
        where r.recommendation <> 'keep'
          and (cast(? as varchar) is null or b.vertical = ?)
          and (cast(? as varchar) is null or r.brand_id = ?)
          and (cast(? as varchar) is null or p.partner_type = ?)
          and (cast(? as varchar) is null or coalesce(s.segment, 'unsegmented') = ?)
          and (cast(? as varchar) is null or p.country = ?)
        order by r.recommendation desc, r.partner_id, r.brand_id
        """,
        [v for v in (vertical, brand_id, partner_type, segment, country) for _ in (0, 1)],
    )


def deal_version(deal_id: str, version: int) -> dict | None:
    """One published deal version (marts.dim_deal_versions), or None."""
    df = _read(
        "select * from marts.dim_deal_versions where deal_id = ? and deal_version = ?",
        [deal_id, version],
    )
    if df.empty:
        return None
    return {k: (None if pd.isna(v) else v) for k, v in df.iloc[0].to_dict().items()}


# ---- payouts ----------------------------------------------------------------------------

# What the page shows and exports of a payout, in this order.
PAYOUT_COLUMNS = (
    "payout_id",
    "partner_id",
    "period_month",
    "payout_currency",
    "amount",
    "brand_count",
    "route",
    "status",
    "hold_reasons",
    "risk_score",
    "fx_rate_date",
)


def payout_months() -> list[date]:
    df = _read("select distinct period_month from marts.mart_payouts order by period_month desc")
    return list(df["period_month"])


def payouts(
    month: date | None = None,
    statuses: Sequence[str] = (),
    routes: Sequence[str] = (),
    partner_id: str | None = None,
) -> pd.DataFrame:
    """Validated payouts under the filters (an empty filter list means all), newest month first.

    `status` is the current one, decisions recorded since the build included: the one home of
    it is ops_store.current_payouts, shared with `partnerledger payouts list`, and it filters on
    it too. Not cached: every decision changes it (the read is one month of one small table,
    over a short-lived read-only connection).
    """
    if not is_published():
        raise NotPublished(NOT_PUBLISHED_MESSAGE)
    rows = ops_store.current_payouts(
        paths.home().root,
        month=month,
        statuses=tuple(statuses),
        routes=tuple(routes),
        partner_id=partner_id,
    )
    df = pd.DataFrame([{c: r[c] for c in PAYOUT_COLUMNS} for r in rows], columns=PAYOUT_COLUMNS)
    # current_payouts orders by month then partner; the page lists the newest month first
    return df.sort_values(
        ["period_month", "partner_id"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV for exports; Decimal amounts are written exactly as published, text cells that a
    spreadsheet would run as a formula are neutralised (partnerledger/csv_safety.py)."""
    return csv_safety.safe_csv(df)


# ---- data quality (marts published from ingest.*: docs/decisions/037-data-quality-page.md) ----


def source_freshness() -> pd.DataFrame:
    return _read(
        "select entity, files_seen, files_refused, rows_loaded, rows_quarantined, last_file_at "
        "from marts.mart_source_freshness order by entity nulls last"
    )


def refused_files() -> pd.DataFrame:
    return _read(
        "select entity, path, reason, rows_read, loaded_at from marts.mart_refused_files "
        "order by loaded_at desc, path"
    )


def quarantine_choices() -> dict[str, list[str]]:
    df = _read("select distinct entity, reason from marts.mart_quarantine")
    return {c: sorted(v for v in df[c].dropna().unique()) for c in ("entity", "reason")}


def quarantine(entity: str | None = None, reason: str | None = None) -> pd.DataFrame:
    """Quarantined rows, newest first; a filter left None means all (bound, never built in)."""
    return _read(
        "select entity, source_file, line_number, raw_row, reason, loaded_at "
        "from marts.mart_quarantine where (? is null or entity = ?) and (? is null or reason = ?) "
        "order by loaded_at desc, source_file, line_number",
        (entity, entity, reason, reason),
    )


def symbols_unmatched() -> pd.DataFrame:
    return _read(
        "select symbol, trades, lots, first_close_date, last_close_date "
        "from marts.mart_symbols_unmatched order by trades desc, symbol"
    )
