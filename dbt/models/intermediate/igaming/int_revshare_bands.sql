-- RevShare priced per partner, brand, month, deal version and tier band: one row per slice of
-- NGR and the band rate it earns (the atoms of the revshare commission lines).
-- RULES.md "RevShare gross": the month's NGR (deal currency) x the band rate. The band comes from
-- the month's tier_metric: NGR of the month, or the month's FTD count (the partner's customers on
-- the brand whose first approved deposit falls in the month).
--   whole:       the band's rate on all of it; a negative NGR month takes the lowest band.
--   progressive: each band's rate on the slice of NGR inside it; the lowest band reaches down to
--                minus infinity, so a negative NGR month is priced at the lowest band's rate.
-- A mid-month amendment (docs/decisions/004-revshare.md) splits the month into one slice per deal
-- version. The band metric is always the WHOLE month's; each slice is priced with its own
-- version's tier table and mode; for progressive the slices fill the bands in date order (the
-- first version's NGR from 0, the next from where it stopped). Progressive on ftd_count has no
-- NGR slices to split by count, so it prices like whole (the band of the month's FTD count).
with

versions as (

    select * from {{ ref('int_deal_versions') }}
    where has_revshare

),

slices as (

    select
        daily.partner_id,
        daily.brand_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date) as period_month,
        daily.deal_id,
        daily.deal_version,
        versions.currency,
        coalesce(versions.revshare_tier_metric, 'ngr') as tier_metric,
        coalesce(versions.revshare_tier_mode, 'whole') as tier_mode,
        coalesce(versions.revshare_negative_carryover, false) as negative_carryover,
        -- one unconvertible day leaves the slice without NGR (NULL), never a partial sum
        case when count(*) = count(daily.ngr) then sum(daily.ngr) end as slice_ngr,
        min(daily.activity_date) as first_activity_date,
        max(daily.activity_date) as last_activity_date,
        sum(daily.activity_rows) as activity_rows
    from {{ ref('int_casino_ngr_daily') }} as daily
    -- int_deal_versions may hold a version in several ranges (a brand-specific version can
    -- interrupt an all-brand one): match the day's range, or a split version counts twice.
    inner join versions
        on daily.partner_id = versions.partner_id
        and daily.brand_id = versions.brand_id
        and daily.deal_id = versions.deal_id
        and daily.deal_version = versions.deal_version
        and {{ deal_version_in_force('daily.activity_date', 'versions') }}
    group by
        daily.partner_id,
        daily.brand_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date),
        daily.deal_id,
        daily.deal_version,
        versions.currency,
        coalesce(versions.revshare_tier_metric, 'ngr'),
        coalesce(versions.revshare_tier_mode, 'whole'),
        coalesce(versions.revshare_negative_carryover, false)

),

ftd_counts as (

    select
        attributed.partner_id,
        attributed.brand_id,
        cast({{ dbt.date_trunc('month', 'ftd.ftd_date') }} as date) as period_month,
        count(*) as ftd_count
    from {{ ref('int_customer_ftd') }} as ftd
    inner join {{ ref('int_customers_attributed') }} as attributed
        on ftd.customer_id = attributed.customer_id
        and ftd.brand_id = attributed.brand_id
    where attributed.earns_commission
    group by
        attributed.partner_id,
        attributed.brand_id,
        cast({{ dbt.date_trunc('month', 'ftd.ftd_date') }} as date)

),

slices_in_month as (

    select
        slices.*,
        case
            when count(*)
                    over (partition by slices.partner_id, slices.brand_id, slices.period_month)
                = count(slices.slice_ngr)
                    over (partition by slices.partner_id, slices.brand_id, slices.period_month)
                then sum(slices.slice_ngr)
                        over (partition by slices.partner_id, slices.brand_id, slices.period_month)
        end as month_ngr,
        coalesce(ftd_counts.ftd_count, 0) as month_ftd_count,
        -- where this slice starts when the month's slices fill the bands in date order
        coalesce(
            sum(slices.slice_ngr) over (
                partition by slices.partner_id, slices.brand_id, slices.period_month
                order by
                    slices.first_activity_date asc nulls last,
                    slices.deal_id asc nulls last,
                    slices.deal_version asc nulls last
                rows between unbounded preceding and 1 preceding
            ),
            cast(0 as decimal(24, 8))
        ) as position_from
    from slices
    left join ftd_counts
        on slices.partner_id = ftd_counts.partner_id
        and slices.brand_id = ftd_counts.brand_id
        and slices.period_month = ftd_counts.period_month

),

slices_measured as (

    select
        slices_in_month.*,
        slices_in_month.position_from + slices_in_month.slice_ngr as position_to,
        case
            when
                slices_in_month.tier_metric = 'ftd_count'
                then cast(slices_in_month.month_ftd_count as decimal(24, 8))
            else slices_in_month.month_ngr
        end as metric_value,
        case
            when
                slices_in_month.tier_mode = 'progressive' and slices_in_month.tier_metric = 'ngr'
                then 'progressive'
            else 'whole'
        end as pricing_mode
    from slices_in_month

),

tiers as (

    select
        deal_id,
        deal_version,
        tier_no,
        tier_from,
        rate,
        lead(tier_from) over (
            partition by deal_id, deal_version
            order by tier_from asc nulls last, tier_no asc nulls last
        ) as tier_to,
        row_number() over (
            partition by deal_id, deal_version
            order by tier_from asc nulls last, tier_no asc nulls last
        ) = 1 as is_lowest
    from {{ ref('stg_ops__deal_tiers') }}

),

whole_priced as (

    select
        slices_measured.*,
        tiers.tier_no,
        tiers.tier_from,
        tiers.tier_to,
        tiers.rate,
        slices_measured.slice_ngr as basis_amount
    from slices_measured
    inner join tiers
        on slices_measured.deal_id = tiers.deal_id
        and slices_measured.deal_version = tiers.deal_version
    where slices_measured.pricing_mode = 'whole'
        and (
            -- a negative NGR month is priced at the lowest band's rate
            (slices_measured.month_ngr < 0 and tiers.is_lowest)
            or (
                slices_measured.month_ngr >= 0
                -- below the lowest band's start still takes the lowest band
                and (slices_measured.metric_value >= tiers.tier_from or tiers.is_lowest)
                and (tiers.tier_to is null or slices_measured.metric_value < tiers.tier_to)
            )
        )

),

progressive_overlap as (

    select
        slices_measured.*,
        tiers.tier_no,
        tiers.tier_from,
        tiers.tier_to,
        tiers.rate,
        tiers.is_lowest,
        -- the part of the slice [position_from, position_to] inside [band start, band end);
        -- the lowest band has no start (it also takes negative NGR), the highest no end
        least(
            greatest(slices_measured.position_from, slices_measured.position_to),
            coalesce(
                tiers.tier_to, greatest(slices_measured.position_from, slices_measured.position_to)
            )
        ) - greatest(
            least(slices_measured.position_from, slices_measured.position_to),
            case
                when
                    tiers.is_lowest
                    then least(slices_measured.position_from, slices_measured.position_to)
                else tiers.tier_from
            end
        ) as overlap
    from slices_measured
    inner join tiers
        on slices_measured.deal_id = tiers.deal_id
        and slices_measured.deal_version = tiers.deal_version
    where slices_measured.pricing_mode = 'progressive'

),

progressive_priced as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        currency,
        tier_metric,
        tier_mode,
        negative_carryover,
        slice_ngr,
        first_activity_date,
        last_activity_date,
        activity_rows,
        month_ngr,
        month_ftd_count,
        position_from,
        position_to,
        metric_value,
        pricing_mode,
        tier_no,
        tier_from,
        tier_to,
        rate,
        -- a slice that lowers the month's running NGR gives back what it crosses (negative)
        case when position_to >= position_from then overlap else -overlap end as basis_amount
    from progressive_overlap
    -- a slice of zero NGR keeps one zero line on the lowest band so the month stays visible
    where overlap > 0 or (slice_ngr = 0 and is_lowest)

),

final as (

    {% set cols = 'partner_id, brand_id, period_month, deal_id, deal_version, currency, tier_metric, tier_mode,
        negative_carryover, slice_ngr, first_activity_date, last_activity_date, activity_rows,
        month_ngr, month_ftd_count, position_from, position_to, metric_value, pricing_mode,
        tier_no, tier_from, tier_to, rate, basis_amount' %}
    select
        {{ cols }},
        cast(round(basis_amount * rate, 2) as decimal(18, 2)) as amount
    from (
        select {{ cols }} from whole_priced
        union all
        select {{ cols }} from progressive_priced
    ) as priced

)

select * from final
