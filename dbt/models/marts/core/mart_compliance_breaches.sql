-- Compliance breaches (LANDING.md): customers a partner brought from the brand's restricted
-- countries. They earn no commission; this lists them per partner, brand and country.
-- Test customers are left out: they never count.

with breaches as (

    select * from {{ ref('int_customers_attributed') }}
    where partner_id is not null
        and is_restricted_country
        and not is_test

),

final as (

    select
        partner_id,
        brand_id,
        country,
        cast(count(*) as bigint) as customer_count,
        min(registration_date) as first_registration_date,
        max(registration_date) as last_registration_date,
        {{ dbt.listagg('customer_id', "','", 'order by customer_id') }} as customer_ids
    from breaches
    group by partner_id, brand_id, country

)

select * from final
