-- OUTPUTS.md: the revshare lines of a partner, brand and month add up to revshare_gross.
-- Per deal version (int_revshare_monthly) and per month (int_revshare_carryover, the chain of
-- the recomputed lines).
with lines as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        sum(amount) as lines_total
    from {{ ref('int_commission_lines_revshare') }}
    group by partner_id, brand_id, period_month, deal_id, deal_version

),

version_mismatch as (

    select
        monthly.partner_id,
        monthly.brand_id,
        monthly.period_month,
        'deal version ' as level,
        monthly.revshare_gross,
        lines.lines_total
    from {{ ref('int_revshare_monthly') }} as monthly
    left join lines
        on monthly.partner_id = lines.partner_id
        and monthly.brand_id = lines.brand_id
        and monthly.period_month = lines.period_month
        and monthly.deal_id = lines.deal_id
        and monthly.deal_version = lines.deal_version
    where monthly.revshare_gross <> coalesce(lines.lines_total, 0)

),

month_lines as (

    select
        partner_id,
        brand_id,
        currency,
        period_month,
        sum(amount) as lines_total
    from {{ ref('int_commission_lines_revshare') }}
    group by partner_id, brand_id, currency, period_month

),

month_mismatch as (

    select
        carry.partner_id,
        carry.brand_id,
        carry.period_month,
        'month' as level,
        carry.revshare_gross,
        month_lines.lines_total
    from {{ ref('int_revshare_carryover') }} as carry
    left join month_lines
        on carry.partner_id = month_lines.partner_id
        and carry.brand_id = month_lines.brand_id
        and carry.currency = month_lines.currency
        and carry.period_month = month_lines.period_month
    where carry.line_set = 'recomputed'
        and carry.revshare_gross <> coalesce(month_lines.lines_total, 0)

)

select * from version_mismatch
union all
select * from month_mismatch
