-- IB difference override and fixed override (RULES.md "IB override", "Fixed override"): on the
-- lots of a sub-IB's customers (any depth), every ancestor whose own deal on the brand says
-- override `difference` earns its own rebate rate minus the highest rate PAID below it on that
-- path (never less than 0); `fixed` earns its override_rates. The IB path walk: each lot is
-- walked from the customer's partner (depth 0) up its ancestors (int_partner_ancestors), each
-- node priced by its own deal version in force on the close date.
-- min_hold_seconds (RULES.md "Lots"): each partner's own deal decides for that partner. A node
-- whose deal has a minimum earns nothing on the lots held less than it below it, and is not
-- "paid" on them either (so it does not lower an ancestor's difference there); a node without
-- one earns on them even when a partner below it does not (int_lots_by_hold_daily's classes).

with

deals as (

    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        valid_from,
        valid_to,
        currency,
        has_lot_rebate,
        lot_rebate_min_hold_seconds,
        lot_rebate_override
    from {{ ref('int_deal_versions') }}

),

origin_lots as (

    select
        partner_id as origin_partner_id,
        brand_id,
        close_date,
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as period_month,
        symbol_group,
        held_seconds_floor,
        lots,
        trades
    from {{ ref('int_lots_by_hold_daily') }}

),

path_nodes as (

    -- the customer's own partner (depth 0) and each ancestor up to the root
    select distinct
        origin_partner_id,
        origin_partner_id as node_partner_id,
        0 as depth
    from origin_lots
    union all
    select
        ancestors.partner_id,
        ancestors.ancestor_partner_id,
        ancestors.depth
    from {{ ref('int_partner_ancestors') }} as ancestors
    where ancestors.partner_id in (select origin_partner_id from origin_lots)

),

node_rates as (

    select
        origin_lots.origin_partner_id,
        origin_lots.brand_id,
        origin_lots.close_date,
        origin_lots.period_month,
        origin_lots.symbol_group,
        origin_lots.held_seconds_floor,
        origin_lots.lots,
        origin_lots.trades,
        path_nodes.node_partner_id,
        path_nodes.depth,
        -- the node's own minimum hold: the lots of this class count for it (no deal: no minimum)
        (
            origin_lots.held_seconds_floor is null
            or deals.lot_rebate_min_hold_seconds is null
            or origin_lots.held_seconds_floor >= deals.lot_rebate_min_hold_seconds
        ) as held_long_enough,
        deals.deal_id,
        deals.deal_version,
        deals.currency,
        case when deals.has_lot_rebate then deals.lot_rebate_override end as override_mode,
        -- the node's own rebate rate for the group (else its default, else 0): "the rate paid"
        case
            when deals.has_lot_rebate
                then {{ deal_rate_for_group('rebate') }}
            else cast(0 as decimal(24, 8))
        end as rebate_rate,
        {{ deal_rate_for_group('override') }} as fixed_rate,
        -- to compare rates of deals in different currencies (USD counts as 1)
        case
            when deals.currency = 'USD' then cast(1 as decimal(24, 10)) else node_fx.usd_per_unit
        end
            as usd_per_unit
    from origin_lots
    inner join path_nodes
        on origin_lots.origin_partner_id = path_nodes.origin_partner_id
    left join deals
        on path_nodes.node_partner_id = deals.partner_id
        and origin_lots.brand_id = deals.brand_id
        and {{ deal_version_in_force('origin_lots.close_date', 'deals') }}
    {{ join_deal_rate('rebate', 'rebate', 'deals', 'origin_lots.symbol_group') }}
    {{ join_deal_rate('override', 'override', 'deals', 'origin_lots.symbol_group') }}
    left join {{ ref('int_fx_rates_daily') }} as node_fx
        on origin_lots.close_date = node_fx.rate_date
        and deals.currency = node_fx.currency

),

paid_nodes as (

    -- RULES.md: "own rate minus the highest rate PAID below it". On a lot, the customer's own
    -- partner is paid its rebate rate and a `difference` ancestor is paid up to its own rate;
    -- an ancestor without an override is paid nothing on it, so its deal rate must not count
    -- below (else the path pays less than the top ancestor's rate).
    select
        node_rates.*,
        case
            when
                (node_rates.depth = 0 or node_rates.override_mode = 'difference')
                and node_rates.held_long_enough
                then node_rates.rebate_rate
        end as paid_rate,
        case
            when
                (node_rates.depth = 0 or node_rates.override_mode = 'difference')
                and node_rates.held_long_enough
                then node_rates.currency
        end as paid_currency
    from node_rates

),

node_with_below as (

    -- the highest rate paid below each node on the path (the customer's partner included),
    -- as stated when every paid deal below is in the node's currency, else compared in USD at
    -- the close date
    select
        paid_nodes.*,
        max(paid_nodes.paid_rate) over below as max_rate_below,
        max(paid_nodes.paid_rate * paid_nodes.usd_per_unit) over below as max_rate_below_usd,
        min(paid_nodes.paid_currency) over below as below_min_currency,
        max(paid_nodes.paid_currency) over below as below_max_currency,
        sum(
            case
                when
                    paid_nodes.paid_currency is not null and paid_nodes.usd_per_unit is null
                    then 1
                else 0
            end
        )
            over below as below_missing_fx
    from paid_nodes
    window below as (
        partition by origin_partner_id, brand_id, close_date, symbol_group, held_seconds_floor
        order by depth asc nulls last
        rows between unbounded preceding and 1 preceding
    )

),

override_per_lot as (

    select
        node_partner_id as partner_id,
        brand_id,
        period_month,
        symbol_group,
        deal_id,
        deal_version,
        currency,
        override_mode,
        case
            when override_mode = 'fixed' then fixed_rate
            when below_min_currency is null
                or (below_min_currency = currency and below_max_currency = currency)
                then greatest(rebate_rate - coalesce(max_rate_below, 0), cast(0 as decimal(24, 8)))
            -- a missing FX rate leaves the rate (and the line's amount) NULL, never a guess
            when below_missing_fx > 0 or usd_per_unit is null then null
            else greatest(
                    rebate_rate
                    - cast(max_rate_below_usd / nullif(usd_per_unit, 0) as decimal(24, 8)),
                    cast(0 as decimal(24, 8))
                )
        end as rate,
        lots,
        trades
    from node_with_below
    where depth >= 1
        and deal_id is not null
        and override_mode in ('difference', 'fixed')
        and held_long_enough

),

override_agg as (

    -- one line per ancestor, brand, month, group, version and per-lot rate: the difference
    -- rate can differ between two sub-IB paths, and amount = round(basis x rate) must hold
    select
        partner_id,
        brand_id,
        period_month,
        symbol_group,
        deal_id,
        deal_version,
        currency,
        override_mode,
        cast(rate as decimal(24, 8)) as rate,
        cast(sum(lots) as decimal(24, 8)) as lots,
        sum(trades) as trades
    from override_per_lot
    group by
        partner_id, brand_id, period_month, symbol_group, deal_id, deal_version, currency,
        override_mode, rate

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        'ib_override' as component,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        symbol_group,
        lots as basis_amount,
        'lots' as basis_unit,
        rate,
        cast(round(lots * rate, 2) as decimal(18, 2)) as amount,
        currency,
        {{ dbt.concat([
            "'IB override ('", "override_mode", "'): '", "cast(cast(lots as decimal(24, 4)) as " ~ dbt.type_string() ~ ")",
            "' closed lots of '", "symbol_group", "' by customers of sub-IBs at '",
            "coalesce(cast(cast(rate as decimal(24, 4)) as " ~ dbt.type_string() ~ "), 'an unknown rate (FX rate missing)')", "' '", "currency",
            "case when override_mode = 'difference' then ' a lot (own rate minus the highest rate paid below)' else ' a lot (fixed override rate)' end",
            "' (deal '", "deal_id", "' v'", "cast(deal_version as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as explanation,
        trades as source_count,
        {{ dbt.concat([
            "'int_lots_closed below partner '", "partner_id", "' brand '", "brand_id",
            "' month '", month_label('period_month'), "' group '", "symbol_group",
            "' rate '", "coalesce(cast(rate as " ~ dbt.type_string() ~ "), 'unknown')"
        ]) }} as source_ref
    from override_agg
    where (rate > 0 or rate is null) and lots > 0

)

-- the exact commission-line columns and types of docs/architecture.md, in order
select {{ select_commission_line_columns() }}
from final
