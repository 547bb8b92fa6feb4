-- Every month slice of NGR under a revshare deal version must be priced (at least one band
-- line): a version with revshare but no tier rows, or a slice whose NGR could not be converted
-- (no FX rate), would otherwise pay nothing without a word.
with slices as (

    select
        daily.partner_id,
        daily.brand_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date) as period_month,
        daily.deal_id,
        daily.deal_version
    from {{ ref('int_casino_ngr_daily') }} as daily
    inner join {{ ref('int_deal_versions') }} as versions
        on daily.partner_id = versions.partner_id
        and daily.brand_id = versions.brand_id
        and daily.deal_id = versions.deal_id
        and daily.deal_version = versions.deal_version
    where versions.has_revshare
    group by
        daily.partner_id,
        daily.brand_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date),
        daily.deal_id,
        daily.deal_version

)

select slices.*
from slices
left join {{ ref('int_revshare_monthly') }} as monthly
    on slices.partner_id = monthly.partner_id
    and slices.brand_id = monthly.brand_id
    and slices.period_month = monthly.period_month
    and slices.deal_id = monthly.deal_id
    and slices.deal_version = monthly.deal_version
where monthly.partner_id is null
