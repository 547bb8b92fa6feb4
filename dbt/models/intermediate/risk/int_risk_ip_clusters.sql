-- Signal ip_cluster: at least var('risk_ip_cluster_min_customers') customers of one partner on
-- one brand, registered in one month, whose attributed clicks all came from one ip_hash
-- (one device or network farming registrations). Month = the customers' registration month.
with

attributed as (

    select
        customer_id,
        brand_id,
        partner_id,
        attributed_click_id,
        registration_date
    from {{ ref('int_customers_attributed') }}
    where partner_id is not null
        and attributed_click_id is not null
        and not is_test

),

clicks as (

    select
        click_id,
        brand_id,
        ip_hash
    from {{ ref('stg_tracking__clicks') }}
    where ip_hash is not null
        and trim(ip_hash) <> ''

),

clusters as (

    select
        attributed.partner_id,
        attributed.brand_id,
        cast({{ dbt.date_trunc('month', 'attributed.registration_date') }} as date) as period_month,
        clicks.ip_hash,
        count(distinct attributed.customer_id) as customer_count
    from attributed
    inner join clicks
        on attributed.attributed_click_id = clicks.click_id
        and attributed.brand_id = clicks.brand_id
    group by 1, 2, 3, 4

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        cast('ip_cluster' as {{ dbt.type_string() }}) as signal,
        cast('{{ var("risk_signal_severity")["ip_cluster"] }}' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "cast(customer_count as " ~ dbt.type_string() ~ ")",
            "' customers registered through clicks from one IP (hash '",
            "ip_hash",
            "'), limit " ~ var('risk_ip_cluster_min_customers') ~ "'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from clusters
    where customer_count >= {{ var('risk_ip_cluster_min_customers') }}

)

select * from final
