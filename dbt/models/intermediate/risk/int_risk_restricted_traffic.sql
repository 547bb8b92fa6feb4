-- Signal restricted_traffic: at least var('risk_restricted_min_customers') customers from the
-- brand's restricted countries registered through the partner in the month (a compliance
-- breach). They already earn nothing, so the signal is a compliance report (severity
-- `report`, 0 risk points: it holds no payout) unless they are more than
-- var('risk_restricted_share_limit') of the partner's registrations on the brand that month;
-- then its severity is var risk_signal_severity's (docs/decisions/030-...). Month = the
-- registration month.
with

registrations as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'registration_date') }} as date) as period_month,
        count(distinct case when is_restricted_country then customer_id end) as customer_count,
        count(distinct customer_id) as registered_count
    from {{ ref('int_customers_attributed') }}
    where partner_id is not null
        and not is_test
    group by 1, 2, 3

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        cast('restricted_traffic' as {{ dbt.type_string() }}) as signal,
        cast(
            case
                when
                    customer_count > registered_count * {{ var('risk_restricted_share_limit') }}
                    then '{{ var("risk_signal_severity")["restricted_traffic"] }}'
                else 'report'
            end as {{ dbt.type_string() }}
        ) as severity,
        cast({{ dbt.concat([
            "cast(customer_count as " ~ dbt.type_string() ~ ")",
            "' of '",
            "cast(registered_count as " ~ dbt.type_string() ~ ")",
            "' customers registered from countries the brand restricts'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from registrations
    where customer_count >= {{ var('risk_restricted_min_customers') }}

)

select * from final
