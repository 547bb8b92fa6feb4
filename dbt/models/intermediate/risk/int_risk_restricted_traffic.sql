-- Signal restricted_traffic: at least var('risk_restricted_min_customers') customers from the
-- brand's restricted countries registered through the partner in the month (a compliance
-- breach; they already earn nothing). Month = the registration month.
with

restricted as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'registration_date') }} as date) as period_month,
        count(distinct customer_id) as customer_count
    from {{ ref('int_customers_attributed') }}
    where partner_id is not null
        and is_restricted_country
        and not is_test
    group by 1, 2, 3

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        cast('restricted_traffic' as {{ dbt.type_string() }}) as signal,
        cast('medium' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "cast(customer_count as " ~ dbt.type_string() ~ ")",
            "' customers registered from countries the brand restricts'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from restricted
    where customer_count >= {{ var('risk_restricted_min_customers') }}

)

select * from final
