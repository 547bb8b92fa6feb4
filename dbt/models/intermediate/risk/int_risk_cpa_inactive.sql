-- Signal cpa_inactive: a customer paid a CPA shows no activity in the
-- var('risk_cpa_inactive_days') days after the qualification date (casino stakes, approved
-- payments, prop orders, closed lots on the brand). Judged only once the whole window lies
-- within the data (the latest activity date seen), so a fresh qualification is never flagged.
-- Month = the qualification month (the month whose payout carries the CPA).
with

qualifications as (

    select
        customer_id,
        brand_id,
        partner_id,
        qualified_on
    from {{ ref('int_cpa_qualifications') }}
    where partner_id is not null

),

activity as (

    select
        customer_id,
        brand_id,
        activity_date as active_on
    from {{ ref('stg_brand__casino_activity') }}
    where stakes > 0
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date) as active_on
    from {{ ref('stg_brand__payments') }}
    where status = 'approved'
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date) as active_on
    from {{ ref('stg_brand__prop_orders') }}
    where kind in ('purchase', 'reset')
    union all
    select
        customer_id,
        brand_id,
        close_date as active_on
    from {{ ref('int_lots_closed') }}
    where customer_id is not null

),

data_end as (

    select max(active_on) as last_active_on from activity

),

active_after as (

    select
        qualifications.customer_id,
        qualifications.brand_id,
        count(*) as active_rows
    from qualifications
    inner join activity
        on qualifications.customer_id = activity.customer_id
        and qualifications.brand_id = activity.brand_id
        and qualifications.qualified_on < activity.active_on
        and {{ dbt.datediff('qualifications.qualified_on', 'activity.active_on', 'day') }}
        <= {{ var('risk_cpa_inactive_days') }}
    group by 1, 2

),

final as (

    select
        qualifications.partner_id,
        qualifications.brand_id,
        cast({{ dbt.date_trunc('month', 'qualifications.qualified_on') }} as date) as period_month,
        cast('cpa_inactive' as {{ dbt.type_string() }}) as signal,
        cast('{{ var("risk_signal_severity")["cpa_inactive"] }}' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "'CPA customer '", "qualifications.customer_id",
            "' qualified on '", "cast(qualifications.qualified_on as " ~ dbt.type_string() ~ ")",
            "' and shows no activity in the " ~ var('risk_cpa_inactive_days') ~ " days after'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from qualifications
    cross join data_end
    left join active_after
        on qualifications.customer_id = active_after.customer_id
        and qualifications.brand_id = active_after.brand_id
    where active_after.customer_id is null
        and {{ dbt.datediff('qualifications.qualified_on', 'data_end.last_active_on', 'day') }}
        >= {{ var('risk_cpa_inactive_days') }}

)

select * from final
