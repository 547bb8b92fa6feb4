-- One row per calendar day and currency, carrying the latest rate on or before the day
-- (RULES.md "Currency"). The spine runs from each currency's first rate through the last day
-- of the month of the latest fact or rate date, so "the period's last day" always has a row.
-- A day before a currency's first rate has no row: conversions then stay NULL (a
-- data-quality failure), never zero. USD is its own unit: when fx_rates lists no USD row a
-- constant 1 is added, so USD amounts never fail for want of a rate.

{%- set fact_dates = [
    ("stg_brand__casino_activity", "activity_date"),
    ("stg_brand__payments", "occurred_at"),
    ("stg_brand__prop_orders", "occurred_at"),
    ("stg_brand__customers", "registered_at"),
    ("stg_tracking__conversions", "occurred_at"),
] %}

with rates as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('stg_ops__fx_rates') }}

),

usd_if_missing as (

    select
        min(rate_date) as rate_date,
        cast('USD' as {{ dbt.type_string() }}) as currency,
        cast(1 as decimal(24, 10)) as usd_per_unit
    from rates
    having sum(case when currency = 'USD' then 1 else 0 end) = 0
        and count(*) > 0

),

all_rates as (

    select * from rates
    union all
    select * from usd_if_missing

),

fact_dates as (

    {% for model, column in fact_dates %}
    select max(cast({{ column }} as date)) as last_date from {{ ref(model) }}
    union all
    {% endfor %}
    -- trades: raw contract columns (the trading staging belongs to the forex domain)
    select max(cast(close_time as date)) as last_date from {{ source('trading', 'mt4_trades') }}
    union all
    select max(cast(time as date)) as last_date from {{ source('trading', 'mt5_deals') }}
    union all
    select max(rate_date) as last_date from all_rates

),

spine_end as (

    select
        cast({{ dbt.last_day('max(last_date)', 'month') }} as date) as end_date
    from fact_dates

),

currency_starts as (

    select
        currency,
        min(rate_date) as first_rate_date
    from all_rates
    group by currency

),

numbers as (

    select {{ integers_expr(5) }} as n
    from {{ integers(5) }}

),

days as (

    select
        currency_starts.currency,
        cast({{ dbt.dateadd('day', 'numbers.n', 'currency_starts.first_rate_date') }} as date)
            as rate_date
    from currency_starts
    cross join spine_end
    inner join numbers
        on numbers.n
        <= {{ dbt.datediff('currency_starts.first_rate_date', 'spine_end.end_date', 'day') }}

),

rate_changes as (

    -- each rate is in force from its date until the day before the currency's next rate
    select
        currency,
        rate_date as valid_from,
        lead(rate_date) over (
            partition by currency
            order by rate_date asc nulls last
        ) as valid_to,
        usd_per_unit
    from all_rates

),

final as (

    select
        days.rate_date,
        days.currency,
        cast(rate_changes.usd_per_unit as decimal(24, 10)) as usd_per_unit,
        rate_changes.valid_from as source_rate_date
    from days
    inner join rate_changes
        on days.currency = rate_changes.currency
        and days.rate_date >= rate_changes.valid_from
        and (rate_changes.valid_to is null or days.rate_date < rate_changes.valid_to)

)

select * from final
