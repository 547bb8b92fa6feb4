-- Lot rebate (RULES.md "Lot rebate"): closed lots x the partner's own deal rate for the symbol's
-- group, else its `default` rate, else nothing. Lots are aggregated per partner, brand, month,
-- symbol group and deal version FIRST and rounded half-up to cents once per line (30 x 0.01 lot
-- at 3.50 pays 1.05, not 30 x 0.04). Positions held less than the deal's min_hold_seconds are
-- already left out of rebate_lots (int_lots_attributed_daily); the rate is int_lots_priced_daily's.

with

rebate_lots as (

    -- the rate depends on the deal version and group only: one rate per line
    select
        partner_id,
        brand_id,
        period_month,
        symbol_group,
        deal_id,
        deal_version,
        deal_currency,
        rebate_rate as rate,
        is_default_rebate_rate as is_default_rate,
        cast(sum(rebate_lots) as decimal(24, 8)) as lots,
        sum(trades) as trades
    from {{ ref('int_lots_priced_daily') }}
    where has_lot_rebate
    group by
        partner_id, brand_id, period_month, symbol_group, deal_id, deal_version, deal_currency,
        rebate_rate, is_default_rebate_rate

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        'lot_rebate' as component,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        symbol_group,
        lots as basis_amount,
        'lots' as basis_unit,
        rate,
        cast(round(lots * rate, 2) as decimal(18, 2)) as amount,
        deal_currency as currency,
        {{ dbt.concat([
            "'Lot rebate: '", "cast(cast(lots as decimal(24, 4)) as " ~ dbt.type_string() ~ ")",
            "' closed lots of '", "symbol_group",
            "case when is_default_rate then ' at the default rate of ' else ' at ' end",
            "cast(cast(rate as decimal(24, 4)) as " ~ dbt.type_string() ~ ")", "' '", "deal_currency", "' a lot (deal '",
            "deal_id", "' v'", "cast(deal_version as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as explanation,
        trades as source_count,
        {{ dbt.concat([
            "'int_lots_closed partner '", "partner_id", "' brand '", "brand_id",
            "' month '", month_label('period_month'), "' group '", "symbol_group"
        ]) }} as source_ref
    from rebate_lots
    -- a group without a rate and without a default earns nothing: no line (the lots still
    -- count as "rate 0 below" for the ancestors' difference override)
    where rate > 0 and lots > 0

)

-- the exact commission-line columns and types of docs/architecture.md, in order
select {{ select_commission_line_columns() }}
from final
