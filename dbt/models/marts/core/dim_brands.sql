-- One row per brand with its NGR rules (defaults where a brand has none) and how many
-- partners and customers it has.

with brands as (

    select * from {{ ref('stg_ops__brands') }}

),

ngr_rules as (

    select * from {{ ref('stg_ops__ngr_rules') }}

),

partner_counts as (

    select
        brand_id,
        count(*) as partner_count
    from {{ ref('stg_ops__partner_brands') }}
    group by brand_id

),

customer_counts as (

    select
        brand_id,
        count(*) as customer_count,
        sum(case when partner_id is not null then 1 else 0 end) as attributed_customer_count
    from {{ ref('int_customers_attributed') }}
    group by brand_id

),

final as (

    select
        brands.brand_id,
        brands.brand_name,
        brands.vertical,
        brands.currency,
        brands.restricted_countries,
        -- LANDING.md ngr_rules defaults apply to a brand without a row
        cast(coalesce(ngr_rules.admin_fee_rate, 0) as decimal(24, 8)) as admin_fee_rate,
        coalesce(ngr_rules.deduct_bonuses, true) as deduct_bonuses,
        coalesce(ngr_rules.deduct_jackpot, true) as deduct_jackpot,
        coalesce(ngr_rules.deduct_tax, true) as deduct_tax,
        coalesce(ngr_rules.deduct_chargebacks, true) as deduct_chargebacks,
        cast(coalesce(partner_counts.partner_count, 0) as bigint) as partner_count,
        cast(coalesce(customer_counts.customer_count, 0) as bigint) as customer_count,
        cast(coalesce(customer_counts.attributed_customer_count, 0) as bigint)
            as attributed_customer_count
    from brands
    left join ngr_rules
        on brands.brand_id = ngr_rules.brand_id
    left join partner_counts
        on brands.brand_id = partner_counts.brand_id
    left join customer_counts
        on brands.brand_id = customer_counts.brand_id

)

select * from final
