-- One row per partner and brand whose deal version in force at the end of the reference month
-- has tiers to review (docs/decisions/007-segments-and-tiers.md):
--   revshare deals: the deal's own bands (stg_ops__deal_tiers) on its tier_metric (NGR in the deal
--     currency, or the month's FTD count), exactly as RULES.md picks the band;
--   otherwise IB deals (lot_rebate) on closed lots, CPA deals on qualified CPAs, against the volume
--     ladders of var tiers_volume_ladders (no rate: a volume tier is a relationship level).
-- current_tier: the band (1 = lowest) the reference month's metric selects, i.e. the band of the
--   rate in force in the last complete month. A value below the lowest band (or negative) is band 1.
-- Review: at each of the last tiers_review_months months, the average metric of the
--   tiers_review_months months ending there (months before the data are left out of the average).
--   upgrade   when that rolling average sits in a band above current_tier at every review month;
--   downgrade when it sits below current_tier at every review month;
--   keep      otherwise (also when a review month is before the data or a metric is unknown).
--   recommended_tier = the band of the latest rolling average on upgrade/downgrade, else current.
{%- set review = var('tiers_review_months') %}
{%- set ladders = var('tiers_volume_ladders') %}
{%- set programs = {'lots': 'volume_lots', 'cpa_count': 'volume_cpa'} %}

with

brand_months as (

    select * from {{ ref('mart_partner_brand_monthly') }}

),

reference as (

    select
        max(as_of_month) as as_of_month,
        min(period_month) as first_month,
        cast({{ dbt.last_day('max(as_of_month)', 'month') }} as date) as as_of_last_day
    from brand_months

),

in_force as (

    select
        versions.partner_id,
        versions.brand_id,
        versions.deal_id,
        versions.deal_version,
        versions.currency,
        case
            when
                versions.has_revshare
                and coalesce(versions.revshare_tier_metric, 'ngr') = 'ftd_count'
                then 'revshare_ftd_count'
            when versions.has_revshare then 'revshare_ngr'
            when versions.has_lot_rebate then 'volume_lots'
            when versions.has_cpa then 'volume_cpa'
        end as tier_program
    from {{ ref('int_deal_versions') }} as versions
    cross join reference
    where versions.valid_from <= reference.as_of_last_day
        and (versions.valid_to is null or versions.valid_to > reference.as_of_last_day)

),

ladder as (

    select
        in_force.partner_id,
        in_force.brand_id,
        row_number() over (
            partition by in_force.partner_id, in_force.brand_id
            order by tiers.tier_from asc nulls last, tiers.tier_no asc nulls last
        ) as band,
        cast(tiers.tier_from as decimal(24, 8)) as tier_from,
        cast(tiers.rate as decimal(24, 8)) as rate
    from in_force
    inner join {{ ref('stg_ops__deal_tiers') }} as tiers
        on in_force.deal_id = tiers.deal_id
        and in_force.deal_version = tiers.deal_version
    where in_force.tier_program in ('revshare_ngr', 'revshare_ftd_count')

    {% for metric, edges in ladders.items() %}
    {% for edge in edges %}
    union all
    select
        in_force.partner_id,
        in_force.brand_id,
        {{ loop.index }} as band,
        cast({{ edge }} as decimal(24, 8)) as tier_from,
        cast(null as decimal(24, 8)) as rate
    from in_force
    where in_force.tier_program = '{{ programs[metric] }}'
    {% endfor %}
    {% endfor %}

),

monthly_metric as (

    select
        in_force.partner_id,
        in_force.brand_id,
        brand_months.period_month,
        case in_force.tier_program
            -- a month priced in another currency than the version in force: unknown (NULL)
            when 'revshare_ngr'
                then case
                        when brand_months.ngr_deal_currency is null
                            or brand_months.ngr_deal_currency = in_force.currency
                            then brand_months.ngr_deal
                    end
            when 'revshare_ftd_count' then cast(brand_months.ftd_count as decimal(24, 8))
            when 'volume_lots' then brand_months.lots
            when 'volume_cpa' then cast(brand_months.cpa_count as decimal(24, 8))
        end as metric_value
    from in_force
    inner join brand_months
        on in_force.partner_id = brand_months.partner_id
        and in_force.brand_id = brand_months.brand_id
    where in_force.tier_program is not null

),

review_months as (

    select
        partner_id,
        brand_id,
        period_month as review_month
    from monthly_metric
    cross join reference
    where period_month > {{ dbt.dateadd('month', -review, 'reference.as_of_month') }}

),

rolling as (

    select
        review_months.partner_id,
        review_months.brand_id,
        review_months.review_month,
        -- one unknown month leaves the average unknown, never a partial average
        case
            when count(*) = count(monthly_metric.metric_value)
                then cast(sum(monthly_metric.metric_value) / count(*) as decimal(24, 8))
        end as average_metric_value,
        max(
            case
                when
                    monthly_metric.period_month = review_months.review_month
                    then monthly_metric.metric_value
            end
        ) as month_metric_value
    from review_months
    inner join monthly_metric
        on review_months.partner_id = monthly_metric.partner_id
        and review_months.brand_id = monthly_metric.brand_id
        and review_months.review_month >= monthly_metric.period_month
        and monthly_metric.period_month
        > {{ dbt.dateadd('month', -review, 'review_months.review_month') }}
    group by review_months.partner_id, review_months.brand_id, review_months.review_month

),

-- the band a value selects: the highest band whose lower edge it reaches, else band 1
rolling_banded as (

    select
        rolling.partner_id,
        rolling.brand_id,
        rolling.review_month,
        rolling.average_metric_value,
        rolling.month_metric_value,
        case when rolling.average_metric_value is not null then
                coalesce(
                    max(
                        case
                            when rolling.average_metric_value >= ladder.tier_from then ladder.band
                        end
                    ),
                    1
                )
        end as average_band,
        case when rolling.month_metric_value is not null then
                coalesce(
                    max(
                        case
                            when rolling.month_metric_value >= ladder.tier_from then ladder.band
                        end
                    ),
                    1
                )
        end as month_band
    from rolling
    inner join ladder
        on rolling.partner_id = ladder.partner_id
        and rolling.brand_id = ladder.brand_id
    group by
        rolling.partner_id,
        rolling.brand_id,
        rolling.review_month,
        rolling.average_metric_value,
        rolling.month_metric_value

),

current_band as (

    select rolling_banded.*
    from rolling_banded
    cross join reference
    where rolling_banded.review_month = reference.as_of_month

),

review as (

    select
        rolling_banded.partner_id,
        rolling_banded.brand_id,
        count(*) as review_months_in_data,
        sum(case when rolling_banded.average_band > current_band.month_band then 1 else 0 end)
            as months_above,
        sum(case when rolling_banded.average_band < current_band.month_band then 1 else 0 end)
            as months_below,
        {{ dbt.listagg(
            dbt.concat([
                "substring(cast(rolling_banded.review_month as " ~ dbt.type_string() ~ "), 1, 7)", "' '",
                "coalesce(cast(cast(round(rolling_banded.average_metric_value, 2) as decimal(24,2)) as " ~ dbt.type_string() ~ "), 'unknown')",
                "' (band '", "coalesce(cast(rolling_banded.average_band as " ~ dbt.type_string() ~ "), '?')", "')'",
            ]),
            "'; '",
            'order by rolling_banded.review_month',
        ) }} as review_detail
    from rolling_banded
    inner join current_band
        on rolling_banded.partner_id = current_band.partner_id
        and rolling_banded.brand_id = current_band.brand_id
    group by rolling_banded.partner_id, rolling_banded.brand_id

),

decided as (

    select
        in_force.partner_id,
        in_force.brand_id,
        in_force.deal_id,
        in_force.deal_version,
        in_force.currency,
        in_force.tier_program,
        reference.as_of_month,
        current_band.month_metric_value as current_metric_value,
        current_band.month_band as current_tier,
        current_band.average_metric_value,
        current_band.average_band,
        review.review_detail,
        case
            when current_band.month_band is null then 'keep'
            when
                review.review_months_in_data = {{ review }} and review.months_above = {{ review }}
                then 'upgrade'
            when
                review.review_months_in_data = {{ review }} and review.months_below = {{ review }}
                then 'downgrade'
            else 'keep'
        end as recommendation,
        case in_force.tier_program
            when 'revshare_ngr' then {{ dbt.concat(["'NGR '", "in_force.currency"]) }}
            when 'revshare_ftd_count' then 'FTDs'
            when 'volume_lots' then 'closed lots'
            when 'volume_cpa' then 'qualified CPAs'
        end as metric_label
    from in_force
    cross join reference
    inner join current_band
        on in_force.partner_id = current_band.partner_id
        and in_force.brand_id = current_band.brand_id
    inner join review
        on in_force.partner_id = review.partner_id
        and in_force.brand_id = review.brand_id

),

with_target as (

    select
        decided.*,
        case
            when decided.recommendation = 'keep' then decided.current_tier else decided.average_band
        end
            as recommended_tier
    from decided

),

final as (

    select
        -- ids
        with_target.partner_id,
        with_target.brand_id,
        with_target.deal_id,
        with_target.deal_version,
        -- review
        with_target.tier_program,
        with_target.as_of_month,
        cast(with_target.current_tier as bigint) as current_tier,
        cast(with_target.recommended_tier as bigint) as recommended_tier,
        with_target.recommendation,
        {{ dbt.concat([
            "with_target.metric_label", "' in '", "substring(cast(with_target.as_of_month as " ~ dbt.type_string() ~ "), 1, 7)", "': '",
            "coalesce(cast(cast(round(with_target.current_metric_value, 2) as decimal(24,2)) as " ~ dbt.type_string() ~ "), 'unknown')",
            "' -> band '", "coalesce(cast(with_target.current_tier as " ~ dbt.type_string() ~ "), '?')",
            "coalesce(" ~ dbt.concat(["' ('", "cast(cast(current_ladder.rate * 100 as decimal(10,2)) as " ~ dbt.type_string() ~ ")", "'%)'"]) ~ ", '')",
            "'. " ~ review ~ "-month averages: '", "with_target.review_detail", "'. '",
            "case with_target.recommendation"
            ~ " when 'upgrade' then 'Every average sits above band ' || cast(with_target.current_tier as " ~ dbt.type_string() ~ ") || ': upgrade to band '"
            ~ " when 'downgrade' then 'Every average sits below band ' || cast(with_target.current_tier as " ~ dbt.type_string() ~ ") || ': downgrade to band '"
            ~ " else 'Not every average sits above, nor every one below, band ' || cast(with_target.current_tier as " ~ dbt.type_string() ~ ") || ': keep band ' end",
            "coalesce(cast(with_target.recommended_tier as " ~ dbt.type_string() ~ "), '?')",
            "coalesce(" ~ dbt.concat(["' (from '", "cast(cast(target_ladder.tier_from as decimal(24,2)) as " ~ dbt.type_string() ~ ")",
                "coalesce(" ~ dbt.concat(["', '", "cast(cast(target_ladder.rate * 100 as decimal(10,2)) as " ~ dbt.type_string() ~ ")", "'%'"]) ~ ", '')", "')'"]) ~ ", '')",
            "'.'",
        ]) }} as reasons,
        -- numbers behind it
        with_target.currency as deal_currency,
        with_target.metric_label,
        cast(with_target.current_metric_value as decimal(24, 8)) as current_metric_value,
        cast(current_ladder.tier_from as decimal(24, 8)) as current_tier_from,
        cast(current_ladder.rate as decimal(24, 8)) as current_rate,
        cast(with_target.average_metric_value as decimal(24, 8)) as average_metric_value,
        cast(target_ladder.tier_from as decimal(24, 8)) as recommended_tier_from,
        cast(target_ladder.rate as decimal(24, 8)) as recommended_rate,
        with_target.review_detail
    from with_target
    left join ladder as current_ladder
        on with_target.partner_id = current_ladder.partner_id
        and with_target.brand_id = current_ladder.brand_id
        and with_target.current_tier = current_ladder.band
    left join ladder as target_ladder
        on with_target.partner_id = target_ladder.partner_id
        and with_target.brand_id = target_ladder.brand_id
        and with_target.recommended_tier = target_ladder.band

)

select * from final
