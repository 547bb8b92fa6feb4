-- Spread share (RULES.md "Spread share"): closed lots x markup_per_lot_usd, converted from USD to
-- the deal currency at each close date, x the deal's spread_share rate; aggregated per partner,
-- brand, month, symbol group and deal version, rounded half-up to cents once per line. One day
-- without an FX rate leaves the line NULL (never zero) for the data-quality gate. The markup in
-- the deal currency is int_lots_priced_daily's.

with

spread_daily as (

    select *
    from {{ ref('int_lots_priced_daily') }}
    where has_spread_share and spread_share_rate > 0 and lots > 0

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
