-- Closed lots priced ONCE by the customer's partner's own deal, per partner, brand, close day,
-- symbol group and deal version (int_lots_attributed_daily's grain): the month, the deal's
-- rebate rate for the group (else its `default` rate, else 0) and the day's broker markup
-- converted from USD to the deal currency at the close date. The lot rebate and spread share
-- rules (int_commission_lines_lot_rebate, _spread_share) read these prices and only aggregate
-- and state them; the IB override walk prices each ancestor by its own deal with the same
-- macros (join_deal_rate, deal_rate_for_group).

with

daily as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as period_month
    from {{ ref('int_lots_attributed_daily') }}

),

priced as (

    select
        daily.*,
        {{ deal_rate_for_group('rebate') }} as rebate_rate,
        rebate_group.rate is null and rebate_default.rate is not null as is_default_rebate_rate,
        -- USD -> deal currency at the close date; a missing rate leaves NULL (never zero).
        -- DuckDB divides decimals in double: cast back to decimal at once (10 places).
        case
            when daily.deal_currency = 'USD' then cast(daily.markup_usd as decimal(28, 10))
            else cast(daily.markup_usd / nullif(fx_deal.usd_per_unit, 0) as decimal(28, 10))
        end as markup_deal
    from daily
    {{ join_deal_rate('rebate', 'rebate', 'daily', 'daily.symbol_group') }}
    left join {{ ref('int_fx_rates_daily') }} as fx_deal
        on daily.close_date = fx_deal.rate_date
        and daily.deal_currency = fx_deal.currency

)

select * from priced
