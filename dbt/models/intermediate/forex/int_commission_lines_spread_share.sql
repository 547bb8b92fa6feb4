-- Spread share (RULES.md "Spread share"): closed lots x markup_per_lot_usd, converted from USD to
-- the deal currency at each close date, x the deal's spread_share rate; aggregated per partner,
-- brand, month, symbol group and deal version, rounded half-up to cents once per line. One day
-- without an FX rate leaves the line NULL (never zero) for the data-quality gate.

with

daily as (

    select
        *,
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as period_month
    from {{ ref('int_lots_attributed_daily') }}

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

spread_daily as (

    select
        daily.partner_id,
        daily.brand_id,
        daily.period_month,
        daily.symbol_group,
        daily.deal_id,
        daily.deal_version,
        daily.deal_currency,
        daily.spread_share_rate,
        daily.trades,
        -- USD -> deal currency at the close date; a missing rate leaves NULL (never zero).
        -- DuckDB divides decimals in double: cast back to decimal at once (10 places).
        case
            when daily.deal_currency = 'USD' then cast(daily.markup_usd as decimal(28, 10))
            else cast(daily.markup_usd / nullif(fx_deal.usd_per_unit, 0) as decimal(28, 10))
        end as markup_deal
    from daily
    left join fx as fx_deal
        on daily.close_date = fx_deal.rate_date
        and daily.deal_currency = fx_deal.currency
    where daily.has_spread_share and daily.spread_share_rate > 0 and daily.lots > 0

),

spread_agg as (

    select
        partner_id,
        brand_id,
        period_month,
        symbol_group,
        deal_id,
        deal_version,
        deal_currency,
        spread_share_rate as rate,
        -- one day without a rate makes the whole line NULL, so the data-quality gate sees it
        case
            when count(*) = count(markup_deal) then cast(sum(markup_deal) as decimal(24, 8))
        end as markup,
        sum(trades) as trades
    from spread_daily
    group by
        partner_id, brand_id, period_month, symbol_group, deal_id, deal_version, deal_currency,
        spread_share_rate

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        'spread_share' as component,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        symbol_group,
        markup as basis_amount,
        {{ dbt.concat(["'markup USD->'", "deal_currency"]) }} as basis_unit,
        cast(rate as decimal(24, 8)) as rate,
        cast(round(markup * rate, 2) as decimal(18, 2)) as amount,
        deal_currency as currency,
        {{ dbt.concat([
            "'Spread share: '", "cast(cast(rate * 100 as decimal(24, 2)) as " ~ dbt.type_string() ~ ")", "'%'",
            "' of the broker markup on closed lots of '", "symbol_group",
            "', markup converted from USD to '", "deal_currency", "' at each close date (deal '",
            "deal_id", "' v'", "cast(deal_version as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as explanation,
        trades as source_count,
        {{ dbt.concat([
            "'int_lots_closed partner '", "partner_id", "' brand '", "brand_id",
            "' month '", month_label('period_month'), "' group '", "symbol_group"
        ]) }} as source_ref
    from spread_agg

)

-- the exact commission-line columns and types of docs/architecture.md, in order
select {{ select_commission_line_columns() }}
from final
