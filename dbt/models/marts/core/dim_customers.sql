-- One row per customer and brand: attributed partner and how, FTD date (first approved
-- deposit), CPA qualification date (igaming domain's int_cpa_qualifications), test and
-- restricted-country flags.

with customers as (

    select * from {{ ref('int_customers_attributed') }}

),

ftd as (

    select
        customer_id,
        brand_id,
        min(cast(occurred_at as date)) as ftd_date
    from {{ ref('stg_brand__payments') }}
    where kind = 'deposit'
        and status = 'approved'
    group by customer_id, brand_id

),

qualifications as (

    select
        customer_id,
        brand_id,
        min(qualified_on) as qualified_on
    from {{ ref('int_cpa_qualifications') }}
    group by customer_id, brand_id

),

final as (

    select
        -- ids
        customers.customer_id,
        customers.brand_id,
        customers.partner_id,
        customers.attributed_click_id,
        -- attributes
        customers.attribution_method,
        customers.country,
        customers.kyc_status,
        customers.is_test,
        customers.is_restricted_country,
        customers.earns_commission,
        -- dates
        customers.registered_at,
        customers.registration_date,
        customers.kyc_verified_date,
        ftd.ftd_date,
        qualifications.qualified_on as qualification_date
    from customers
    left join ftd
        on customers.customer_id = ftd.customer_id
        and customers.brand_id = ftd.brand_id
    left join qualifications
        on customers.customer_id = qualifications.customer_id
        and customers.brand_id = qualifications.brand_id

)

select * from final
