-- RevShare gross per partner, brand and month, and per deal version when a mid-month amendment
-- splits the month: the sum of the month's revshare lines (each rounded to cents once), so the
-- lines always add up to the gross the statement shows.
with

bands as (

    select * from {{ ref('int_revshare_bands') }}

),

final as (

    select
        -- grain
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        -- terms
        currency,
        tier_metric,
        pricing_mode as tier_mode,
        negative_carryover,
        -- measures
        max(slice_ngr) as ngr,
        max(month_ngr) as month_ngr,
        max(month_ftd_count) as month_ftd_count,
        max(metric_value) as tier_metric_value,
        cast(sum(amount) as decimal(18, 2)) as revshare_gross,
        count(*) as line_count,
        min(first_activity_date) as first_activity_date,
        max(last_activity_date) as last_activity_date
    from bands
    group by
        partner_id, brand_id, period_month, deal_id, deal_version,
        currency, tier_metric, pricing_mode, negative_carryover

)

select * from final
