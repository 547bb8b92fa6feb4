-- Negative carryover (RULES.md "Negative carryover"): the one home of the rule. Every statement
-- (int_partner_monthly_components, fct_partner_monthly_statement, through macro
-- monthly_statement_sql) reads its carryover from here.
--   adjusted = gross + carryover_in; revshare = max(0, adjusted); carryover_out = min(0, adjusted);
--   the next month's carryover_in is this carryover_out.
-- Two line sets, one recursion (line_set):
--   * recomputed: the revshare lines as the current data prices them, every month (the basis of
--     sub-partner shares, int_partner_monthly_components);
--   * final: the lines the statement shows, i.e. the lines frozen at the close for closed months
--     and the recomputed ones for open months (fct_partner_monthly_statement).
-- Decisions (docs/decisions/004-revshare.md, 013-commission-rules-one-home.md):
--   * the month's flag is that of its latest deal version (highest deal_version among the month's
--     revshare lines); without negative_carryover a negative gross counts as 0 (pays 0, carries
--     nothing new), but a balance already carried from earlier months stays owed;
--   * months without revshare lines but with a balance to carry get a row of zeros that carries
--     it through, so carryover_in always equals the previous row's carryover_out;
--   * a chain is kept per partner, brand AND deal currency: amounts of two currencies are never
--     netted, so a change of deal currency starts a new chain.
-- Set-based (no loops, no recursive CTE): with e(m) = the effective gross and P(m) its running sum,
--   carryover_out(m) = P(m) - max(0, max over k <= m of P(k))
-- which is the recursion carry_out = min(0, carry_in + e) unrolled (Lindley's formula).
with

closes as (

    select distinct period_month from {{ source('ops_snapshot', 'period_closes') }}

),

recomputed_lines as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        deal_id,
        deal_version,
        amount
    from {{ ref('int_commission_lines_revshare') }}

),

-- what fct_commission_lines shows: frozen lines for closed months, recomputed ones otherwise
final_lines as (

    select recomputed_lines.*
    from recomputed_lines
    left join closes
        on recomputed_lines.period_month = closes.period_month
    where closes.period_month is null

    union all

    select
        frozen.partner_id,
        frozen.brand_id,
        frozen.period_month,
        frozen.currency,
        frozen.deal_id,
        frozen.deal_version,
        frozen.amount
    from {{ source('ops_snapshot', 'closed_lines') }} as frozen
    inner join closes
        on frozen.period_month = closes.period_month
    where frozen.component = 'revshare'

),

revshare_lines as (

    select
        cast('recomputed' as {{ dbt.type_string() }}) as line_set,
        recomputed_lines.*
    from recomputed_lines
    union all
    select
        cast('final' as {{ dbt.type_string() }}) as line_set,
        final_lines.*
    from final_lines

),

month_gross as (

    select
        line_set,
        partner_id,
        brand_id,
        currency,
        period_month,
        cast(sum(amount) as decimal(18, 2)) as revshare_gross
    from revshare_lines
    group by line_set, partner_id, brand_id, currency, period_month

),

month_versions as (

    select
        line_set,
        partner_id,
        brand_id,
        currency,
        period_month,
        deal_id,
        deal_version,
        row_number() over (
            partition by line_set, partner_id, brand_id, currency, period_month
            order by deal_version desc nulls last, deal_id desc nulls last
        ) as version_rank
    from revshare_lines
    group by line_set, partner_id, brand_id, currency, period_month, deal_id, deal_version

),

-- the terms of the month's latest version (int_deal_versions may hold a version in several
-- ranges: any range with the flag switches it on)
month_terms as (

    select
        month_versions.line_set,
        month_versions.partner_id,
        month_versions.brand_id,
        month_versions.currency,
        month_versions.period_month,
        month_versions.deal_id,
        month_versions.deal_version,
        max(case when deals.revshare_negative_carryover then 1 else 0 end) = 1 as negative_carryover
    from month_versions
    left join {{ ref('int_deal_versions') }} as deals
        on month_versions.partner_id = deals.partner_id
        and month_versions.brand_id = deals.brand_id
        and month_versions.deal_id = deals.deal_id
        and month_versions.deal_version = deals.deal_version
    where month_versions.version_rank = 1
    group by
        month_versions.line_set, month_versions.partner_id, month_versions.brand_id,
        month_versions.currency, month_versions.period_month, month_versions.deal_id,
        month_versions.deal_version

),

active_months as (

    select
        month_gross.*,
        month_terms.deal_id,
        month_terms.deal_version,
        month_terms.negative_carryover
    from month_gross
    inner join month_terms
        on month_gross.line_set = month_terms.line_set
        and month_gross.partner_id = month_terms.partner_id
        and month_gross.brand_id = month_terms.brand_id
        and month_gross.currency = month_terms.currency
        and month_gross.period_month = month_terms.period_month

),

-- the chains run through the last month of the data (int_fx_rates_daily has one row per day
-- through the month of the last event) or the first open month (where adjustment lines go),
-- whichever is later, so a balance is carried through months without activity
calendar_end as (

    select max(period_month) as last_month
    from (
        select cast({{ dbt.date_trunc('month', 'max(rate_date)') }} as date) as period_month
        from {{ ref('int_fx_rates_daily') }}
        union all
        select {{ first_open_month() }} from closes
        union all
        select max(period_month) from active_months
    ) as candidates

),

chains as (

    select
        line_set,
        partner_id,
        brand_id,
        currency,
        min(period_month) as first_month
    from active_months
    group by line_set, partner_id, brand_id, currency

),

numbers as (

    select {{ integers_expr(3) }} as n
    from {{ integers(3) }}

),

chain_months as (

    select
        chains.line_set,
        chains.partner_id,
        chains.brand_id,
        chains.currency,
        cast({{ dbt.dateadd('month', 'numbers.n', 'chains.first_month') }} as date) as period_month
    from chains
    cross join calendar_end
    inner join numbers
        on numbers.n <= {{ dbt.datediff('chains.first_month', 'calendar_end.last_month', 'month') }}

),

chain_gross as (

    select
        chain_months.*,
        active_months.period_month is not null as has_revshare_activity,
        coalesce(active_months.revshare_gross, cast(0 as decimal(18, 2))) as revshare_gross,
        -- a month without activity adds nothing; without carryover a negative month adds 0
        case
            when active_months.period_month is null then cast(0 as decimal(18, 2))
            when active_months.negative_carryover then active_months.revshare_gross
            when active_months.revshare_gross < 0 then cast(0 as decimal(18, 2))
            else active_months.revshare_gross
        end as effective_gross
    from chain_months
    left join active_months
        on chain_months.line_set = active_months.line_set
        and chain_months.partner_id = active_months.partner_id
        and chain_months.brand_id = active_months.brand_id
        and chain_months.currency = active_months.currency
        and chain_months.period_month = active_months.period_month

),

running as (

    select
        chain_gross.*,
        sum(chain_gross.effective_gross) over (
            partition by
                chain_gross.line_set,
                chain_gross.partner_id,
                chain_gross.brand_id,
                chain_gross.currency
            order by chain_gross.period_month asc nulls last
            rows between unbounded preceding and current row
        ) as running_gross,
        -- the last active month on or before this one: its terms describe a carried-through month
        max(case when chain_gross.has_revshare_activity then chain_gross.period_month end) over (
            partition by
                chain_gross.line_set,
                chain_gross.partner_id,
                chain_gross.brand_id,
                chain_gross.currency
            order by chain_gross.period_month asc nulls last
            rows between unbounded preceding and current row
        ) as terms_month
    from chain_gross

),

clamped as (

    select
        running.*,
        running.running_gross - greatest(
            cast(0 as decimal(38, 8)),
            max(running.running_gross) over (
                partition by
                    running.line_set, running.partner_id, running.brand_id, running.currency
                order by running.period_month asc nulls last
                rows between unbounded preceding and current row
            )
        ) as carry_out
    from running

),

chained as (

    select
        clamped.*,
        coalesce(
            lag(clamped.carry_out) over (
                partition by
                    clamped.line_set, clamped.partner_id, clamped.brand_id, clamped.currency
                order by clamped.period_month asc nulls last
            ),
            cast(0 as decimal(38, 8))
        ) as carry_in
    from clamped

),

final as (

    select
        chained.line_set,
        chained.partner_id,
        chained.brand_id,
        chained.period_month,
        chained.currency,
        chained.revshare_gross,
        cast(chained.carry_in as decimal(18, 2)) as carryover_in,
        cast(chained.carry_out as decimal(18, 2)) as carryover_out,
        -- max(0, carry_in + effective gross), written as what the clamp left over
        cast(chained.carry_in + chained.effective_gross - chained.carry_out as decimal(18, 2))
            as revshare,
        terms.negative_carryover,
        chained.has_revshare_activity,
        terms.deal_id,
        terms.deal_version
    from chained
    inner join active_months as terms
        on chained.line_set = terms.line_set
        and chained.partner_id = terms.partner_id
        and chained.brand_id = terms.brand_id
        and chained.currency = terms.currency
        and chained.terms_month = terms.period_month
    -- months without activity are kept only while they carry a balance
    where chained.has_revshare_activity
        or chained.carry_in <> 0

)

select * from final
