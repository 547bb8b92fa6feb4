-- Cross-brand performance of each partner per month (the history behind mart_partner_segments):
-- one row per partner (dim_partners) and month from the first month of data through the
-- reference month. value_usd is what the partner's customers brought the operator (NGR + prop
-- challenge fees + the broker's markup on closed lots); score_usd = commissions_usd + value_usd
-- ranks partners for the `top` segment (docs/decisions/007-segments-and-tiers.md).
with

brand_months as (

    select * from {{ ref('mart_partner_brand_monthly') }}

),

months as (

    select distinct
        period_month,
        as_of_month
    from brand_months

),

partners as (

    select partner_id from {{ ref('dim_partners') }}

),

per_partner as (

    select
        partner_id,
        period_month,
        sum(active_customers) as active_customers,
        sum(ftd_count) as ftd_count,
        sum(cpa_count) as cpa_count,
        -- a NULL brand-month (missing FX rate) leaves the partner-month NULL, never a partial sum
        case when count(*) = count(ngr_usd) then sum(ngr_usd) end as ngr_usd,
        sum(lots) as lots,
        sum(markup_usd) as markup_usd,
        case when count(*) = count(challenge_fees_usd) then sum(challenge_fees_usd) end
            as challenge_fees_usd,
        sum(commissions_usd) as commissions_usd,
        sum(case when has_activity then 1 else 0 end) as active_brand_count,
        count(distinct case when has_activity then vertical end) as active_vertical_count
    from brand_months
    group by partner_id, period_month

),

final as (

    select
        -- grain
        partners.partner_id,
        months.period_month,
        months.as_of_month,
        -- breadth
        cast(coalesce(per_partner.active_brand_count, 0) as bigint) as active_brand_count,
        cast(coalesce(per_partner.active_vertical_count, 0) as bigint) as active_vertical_count,
        -- customers
        cast(coalesce(per_partner.active_customers, 0) as bigint) as active_customers,
        cast(coalesce(per_partner.ftd_count, 0) as bigint) as ftd_count,
        cast(coalesce(per_partner.cpa_count, 0) as bigint) as cpa_count,
        -- value (USD)
        cast(
            case
                when per_partner.partner_id is null then 0 else per_partner.ngr_usd
            end as decimal(18, 2)
        ) as ngr_usd,
        cast(coalesce(per_partner.lots, 0) as decimal(24, 8)) as lots,
        cast(coalesce(per_partner.markup_usd, 0) as decimal(18, 2)) as markup_usd,
        cast(
            case
                when per_partner.partner_id is null then 0 else per_partner.challenge_fees_usd
            end as decimal(18, 2)
        ) as challenge_fees_usd,
        cast(
            case when per_partner.partner_id is null then 0
                else per_partner.ngr_usd + per_partner.challenge_fees_usd + per_partner.markup_usd
            end
            as decimal(18, 2)
        ) as value_usd,
        -- cost (USD) and ratios
        cast(coalesce(per_partner.commissions_usd, 0) as decimal(18, 2)) as commissions_usd,
        cast(per_partner.commissions_usd / nullif(per_partner.ngr_usd, 0) as decimal(18, 6))
            as commission_to_ngr,
        cast(per_partner.commissions_usd / nullif(per_partner.ftd_count, 0) as decimal(18, 2))
            as cost_per_ftd_usd,
        cast(
            case when per_partner.partner_id is null then 0
                else per_partner.commissions_usd
                    + per_partner.ngr_usd
                    + per_partner.challenge_fees_usd
                    + per_partner.markup_usd
            end
            as decimal(18, 2)
        ) as score_usd,
        (coalesce(per_partner.active_brand_count, 0) > 0) as has_activity
    from partners
    cross join months
    left join per_partner
        on partners.partner_id = per_partner.partner_id
        and months.period_month = per_partner.period_month

)

select * from final
