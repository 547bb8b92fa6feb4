-- Signal chargeback_share: a partner's customers on a brand charge back more than
-- var('risk_chargeback_share_limit') of what they paid in the month: casino chargebacks over
-- approved deposits, or prop chargeback orders over purchase and reset orders. Amounts in
-- USD at each day's rate. The share is strictly above the limit to fire.
with

attributed as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where partner_id is not null
        and not is_test

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

money as (

    -- kind: casino chargebacks, deposits, prop chargebacks, prop orders
    select
        activity.customer_id,
        activity.brand_id,
        activity.activity_date as event_date,
        activity.currency,
        cast('casino' as {{ dbt.type_string() }}) as book,
        activity.chargebacks as charged_back,
        cast(0 as decimal(24, 8)) as paid_in
    from {{ ref('stg_brand__casino_activity') }} as activity
    where activity.chargebacks > 0
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date),
        currency,
        'casino',
        cast(0 as decimal(24, 8)),
        amount
    from {{ ref('stg_brand__payments') }}
    where kind = 'deposit'
        and status = 'approved'
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date),
        currency,
        'prop',
        case when kind = 'chargeback' then amount else cast(0 as decimal(24, 8)) end,
        case when kind in ('purchase', 'reset') then amount else cast(0 as decimal(24, 8)) end
    from {{ ref('stg_brand__prop_orders') }}
    where kind in ('purchase', 'reset', 'chargeback')

),

monthly as (

    select
        attributed.partner_id,
        money.brand_id,
        cast({{ dbt.date_trunc('month', 'money.event_date') }} as date) as period_month,
        money.book,
        sum(cast(money.charged_back * fx.usd_per_unit as decimal(28, 10))) as charged_back_usd,
        sum(cast(money.paid_in * fx.usd_per_unit as decimal(28, 10))) as paid_in_usd
    from money
    inner join attributed
        on money.customer_id = attributed.customer_id
        and money.brand_id = attributed.brand_id
    left join fx
        on money.event_date = fx.rate_date
        and money.currency = fx.currency
    group by 1, 2, 3, 4

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        cast('chargeback_share' as {{ dbt.type_string() }}) as signal,
        cast('{{ var("risk_signal_severity")["chargeback_share"] }}' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "book", "' chargebacks of '",
            "cast(cast(charged_back_usd as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' USD against '",
            "cast(cast(paid_in_usd as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' USD paid in, above the limit of " ~ var('risk_chargeback_share_limit') ~ "'",
        ]) }} as {{ dbt.type_string() }}) as detail
    from monthly
    where charged_back_usd > 0
        -- no money paid in at all with chargebacks is above any limit
        and (
            coalesce(paid_in_usd, 0) = 0
            or charged_back_usd / nullif(paid_in_usd, 0) > {{ var('risk_chargeback_share_limit') }}
        )

)

select * from final
