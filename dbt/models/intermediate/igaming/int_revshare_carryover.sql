-- Negative carryover per partner and brand, month by month, in the deal currency (RULES.md
-- "Negative carryover"): adjusted = gross + carryover_in; revshare = max(0, adjusted);
-- carryover_out = min(0, adjusted); the next month's carryover_in is this carryover_out.
-- The chain runs across deal versions. Decisions (docs/decisions/004-revshare.md):
--   * the month's flag is that of its latest deal version; without negative_carryover a
--     negative gross counts as 0 (pays 0, carries nothing new), but a balance already carried
--     from earlier months stays owed and is still netted against positive months;
--   * months without revshare activity but with a balance to carry get a row of zeros that
--     carries it through, so carryover_in always equals the previous row's carryover_out;
--   * a chain is kept per partner, brand AND deal currency: amounts of two currencies are never
--     netted, so a change of deal currency starts a new chain (the same rule as the statement).
-- Set-based (no loops): with e(m) = the effective gross and P(m) its running sum,
--   carryover_out(m) = P(m) - max(0, max over k <= m of P(k))
-- which is the recursion carry_out = min(0, carry_in + e) unrolled (Lindley's formula).
with

monthly as (

    select * from {{ ref('int_revshare_monthly') }}

),

-- one row per partner, brand, currency and month; terms of the month's latest deal version
month_totals as (

    select
        partner_id,
        brand_id,
        currency,
        period_month,
        sum(revshare_gross) as revshare_gross
    from monthly
    group by partner_id, brand_id, currency, period_month

),

latest_version as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        currency,
        negative_carryover,
        row_number() over (
            partition by partner_id, brand_id, currency, period_month
            order by last_activity_date desc nulls last, first_activity_date desc nulls last, deal_version desc nulls last
        ) as version_rank
    from monthly

),

active_months as (

    select
        month_totals.*,
        latest_version.deal_id,
        latest_version.deal_version,
        latest_version.negative_carryover
    from month_totals
    inner join latest_version
        on month_totals.partner_id = latest_version.partner_id
        and month_totals.brand_id = latest_version.brand_id
        and month_totals.currency = latest_version.currency
        and month_totals.period_month = latest_version.period_month
        and latest_version.version_rank = 1

),

-- every calendar month of the data (int_fx_rates_daily has one row per day through the last
-- event date), so a balance is carried through months without activity
calendar_months as (

    select distinct cast({{ dbt.date_trunc('month', 'rate_date') }} as date) as period_month
    from {{ ref('int_fx_rates_daily') }}

),

chains as (

    select partner_id, brand_id, currency, min(period_month) as first_month
    from active_months
    group by partner_id, brand_id, currency

),

chain_months as (

    select
        chains.partner_id,
        chains.brand_id,
        chains.currency,
        calendar_months.period_month,
        active_months.period_month is not null as has_revshare_activity,
        coalesce(active_months.revshare_gross, cast(0 as decimal(18,2))) as revshare_gross,
        -- a month without activity adds nothing; without carryover a negative month adds 0
        case
            when active_months.period_month is null then cast(0 as decimal(18,2))
            when active_months.negative_carryover then active_months.revshare_gross
            when active_months.revshare_gross < 0 then cast(0 as decimal(18,2))
            else active_months.revshare_gross
        end as effective_gross,
        active_months.negative_carryover,
        active_months.deal_id,
        active_months.deal_version
    from chains
    inner join calendar_months
        on calendar_months.period_month >= chains.first_month
    left join active_months
        on chains.partner_id = active_months.partner_id
        and chains.brand_id = active_months.brand_id
        and chains.currency = active_months.currency
        and calendar_months.period_month = active_months.period_month

),

running as (

    select
        chain_months.*,
        sum(effective_gross) over (
            partition by partner_id, brand_id, currency order by period_month asc nulls last
            rows between unbounded preceding and current row
        ) as running_gross,
        -- the last active month on or before this one: its terms describe a carried-through month
        max(case when has_revshare_activity then period_month end) over (
            partition by partner_id, brand_id, currency order by period_month asc nulls last
            rows between unbounded preceding and current row
        ) as terms_month
    from chain_months

),

clamped as (

    select
        running.*,
        running_gross - greatest(
            cast(0 as decimal(38,8)),
            max(running_gross) over (
                partition by partner_id, brand_id, currency order by period_month asc nulls last
                rows between unbounded preceding and current row
            )
        ) as carry_out
    from running

),

chained as (

    select
        clamped.*,
        coalesce(
            lag(carry_out) over (partition by partner_id, brand_id, currency order by period_month asc nulls last),
            cast(0 as decimal(38,8))
        ) as carry_in
    from clamped

),

final as (

    select
        chained.partner_id,
        chained.brand_id,
        chained.period_month,
        chained.currency,
        cast(chained.revshare_gross as decimal(18,2)) as revshare_gross,
        cast(chained.carry_in as decimal(18,2)) as carryover_in,
        cast(chained.carry_out as decimal(18,2)) as carryover_out,
        -- max(0, carry_in + effective gross), written as what the clamp left over
        cast(chained.carry_in + chained.effective_gross - chained.carry_out as decimal(18,2)) as revshare,
        terms.negative_carryover,
        chained.has_revshare_activity,
        terms.deal_id,
        terms.deal_version
    from chained
    inner join active_months as terms
        on chained.partner_id = terms.partner_id
        and chained.brand_id = terms.brand_id
        and chained.currency = terms.currency
        and chained.terms_month = terms.period_month
    -- months without activity are kept only while they carry a balance
    where chained.has_revshare_activity
        or chained.carry_in <> 0

)

select * from final
