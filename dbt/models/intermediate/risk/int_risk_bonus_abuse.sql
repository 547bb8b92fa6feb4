-- Signal bonus_abuse: an attributed iGaming customer withdraws within
-- var('risk_bonus_abuse_withdrawal_days') days of the FTD (day N included) after staking less
-- than var('risk_bonus_abuse_max_stake_ratio') of the FTD amount between the FTD day and the
-- withdrawal day (both included). Deposit and stakes are compared in USD at each day's rate;
-- a missing rate leaves the comparison unknown (not flagged; the FX gate fails instead).
-- Month = the FTD month. One row per customer.
with

attributed as (

    select
        attributed.customer_id,
        attributed.brand_id,
        attributed.partner_id
    from {{ ref('int_customers_attributed') }} as attributed
    inner join {{ ref('stg_ops__brands') }} as brands
        on attributed.brand_id = brands.brand_id
    where attributed.partner_id is not null
        and not attributed.is_test
        and brands.vertical = 'igaming'

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

ftd as (

    select
        attributed.partner_id,
        ftd.customer_id,
        ftd.brand_id,
        ftd.ftd_at,
        ftd.ftd_date,
        cast(ftd.ftd_amount * fx.usd_per_unit as decimal(28, 10)) as ftd_usd
    from {{ ref('int_customer_ftd') }} as ftd
    inner join attributed
        on ftd.customer_id = attributed.customer_id
        and ftd.brand_id = attributed.brand_id
    left join fx
        on ftd.ftd_date = fx.rate_date
        and ftd.ftd_currency = fx.currency

),

first_withdrawal as (

    select
        ftd.customer_id,
        ftd.brand_id,
        min(payments.occurred_at) as withdrawn_at
    from ftd
    inner join {{ ref('stg_brand__payments') }} as payments
        on ftd.customer_id = payments.customer_id
        and ftd.brand_id = payments.brand_id
        and payments.kind = 'withdrawal'
        and payments.status = 'approved'
        and ftd.ftd_at <= payments.occurred_at
    group by 1, 2

),

quick as (

    select
        ftd.partner_id,
        ftd.customer_id,
        ftd.brand_id,
        ftd.ftd_date,
        ftd.ftd_usd,
        cast(first_withdrawal.withdrawn_at as date) as withdrawal_date
    from ftd
    inner join first_withdrawal
        on ftd.customer_id = first_withdrawal.customer_id
        and ftd.brand_id = first_withdrawal.brand_id
    where {{ dbt.datediff('ftd.ftd_date', 'cast(first_withdrawal.withdrawn_at as date)', 'day') }}
        <= {{ var('risk_bonus_abuse_withdrawal_days') }}

),

stakes as (

    select
        quick.customer_id,
        quick.brand_id,
        sum(cast(activity.stakes * fx.usd_per_unit as decimal(28, 10))) as stakes_usd
    from quick
    inner join {{ ref('stg_brand__casino_activity') }} as activity
        on quick.customer_id = activity.customer_id
        and quick.brand_id = activity.brand_id
        and quick.ftd_date <= activity.activity_date
        and quick.withdrawal_date >= activity.activity_date
    left join fx
        on activity.activity_date = fx.rate_date
        and activity.currency = fx.currency
    group by 1, 2

),

final as (

    select
        quick.partner_id,
        quick.brand_id,
        cast({{ dbt.date_trunc('month', 'quick.ftd_date') }} as date) as period_month,
        cast('bonus_abuse' as {{ dbt.type_string() }}) as signal,
        cast('{{ var("risk_signal_severity")["bonus_abuse"] }}' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "'customer '", "quick.customer_id",
            "' withdrew on '", "cast(quick.withdrawal_date as " ~ dbt.type_string() ~ ")",
            "' after an FTD on '", "cast(quick.ftd_date as " ~ dbt.type_string() ~ ")",
            "' with stakes of '", "cast(cast(coalesce(stakes.stakes_usd, 0) as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' USD against a deposit of '", "cast(cast(quick.ftd_usd as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' USD'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from quick
    left join stakes
        on quick.customer_id = stakes.customer_id
        and quick.brand_id = stakes.brand_id
    where coalesce(stakes.stakes_usd, 0)
        < quick.ftd_usd * {{ var('risk_bonus_abuse_max_stake_ratio') }}

)

select * from final
