-- Closed lots of commission-earning customers, aggregated ONCE to the grain every forex line
-- is priced from: the customer's partner, brand, close day, symbol group and the partner's
-- deal version in force on the close day (trades are many; everything downstream reads this).
-- rebate_lots leaves out positions closed sooner than the version's lot_rebate_min_hold_seconds
-- (anti-scalping); a position whose opening is not in the data counts (not shown to be short).
-- markup_usd keeps the broker's markup per lot of each matched symbol (it differs inside a group).
with

lots as (

    select * from {{ ref('int_lots_closed') }}
    where customer_id is not null

),

customers as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where earns_commission and partner_id is not null

),

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
        has_spread_share,
        spread_share_rate
    from {{ ref('int_deal_versions') }}

),

priced as (

    select
        customers.partner_id,
        lots.brand_id,
        lots.close_date,
        lots.symbol_group,
        deals.deal_id,
        deals.deal_version,
        deals.currency as deal_currency,
        coalesce(deals.has_lot_rebate, false) as has_lot_rebate,
        coalesce(deals.has_spread_share, false) as has_spread_share,
        deals.spread_share_rate,
        lots.lots,
        case
            when
                deals.lot_rebate_min_hold_seconds is null or lots.hold_seconds is null
                then lots.lots
            when lots.hold_seconds >= deals.lot_rebate_min_hold_seconds then lots.lots
            else cast(0 as decimal(24, 8))
        end as rebate_lots,
        lots.lots * lots.markup_per_lot_usd as markup_usd,
        case when lots.symbol_unmatched then 1 else 0 end as is_unmatched
    from lots
    inner join customers
        on lots.customer_id = customers.customer_id
        and lots.brand_id = customers.brand_id
    left join deals
        on customers.partner_id = deals.partner_id
        and lots.brand_id = deals.brand_id
        and {{ deal_version_in_force('lots.close_date', 'deals') }}

),

aggregated as (

    select
        partner_id,
        brand_id,
        close_date,
        symbol_group,
        deal_id,
        deal_version,
        deal_currency,
        has_lot_rebate,
        has_spread_share,
        spread_share_rate,
        cast(sum(lots) as decimal(24, 8)) as lots,
        cast(sum(rebate_lots) as decimal(24, 8)) as rebate_lots,
        cast(sum(markup_usd) as decimal(24, 8)) as markup_usd,
        count(*) as trades,
        sum(is_unmatched) as unmatched_trades
    from priced
    group by
        partner_id,
        brand_id,
        close_date,
        symbol_group,
        deal_id,
        deal_version,
        deal_currency,
        has_lot_rebate,
        has_spread_share,
        spread_share_rate

)

select * from aggregated
