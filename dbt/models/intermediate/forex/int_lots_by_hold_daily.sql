-- Closed lots of commission-earning customers per partner, brand, close day, symbol group and
-- hold class: the lots the IB path walk (int_commission_lines_ib_override) prices, where every
-- partner on the path applies its OWN deal's lot_rebate_min_hold_seconds (RULES.md "Lots":
-- each partner's own deal decides for that partner).
-- held_seconds_floor is the highest minimum hold any deal version uses that the position was
-- held for: -1 when it meets none, NULL when its opening is not in the data (not shown to be
-- short: it meets every minimum). A partner whose deal says m earns on a row when its
-- held_seconds_floor is NULL or >= m. Classes instead of single positions keep the walk at a
-- handful of rows a day (one more class per distinct minimum in use).
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

minimums as (

    select distinct lot_rebate_min_hold_seconds as min_hold_seconds
    from {{ ref('int_deal_versions') }}
    where lot_rebate_min_hold_seconds is not null

),

classified as (

    select
        customers.partner_id,
        lots.brand_id,
        lots.close_date,
        lots.symbol_group,
        case
            when lots.hold_seconds is null then null
            else coalesce(
                    (
                        select max(minimums.min_hold_seconds)
                        from minimums
                        where minimums.min_hold_seconds <= lots.hold_seconds
                    ),
                    -1
                )
        end as held_seconds_floor,
        lots.lots
    from lots
    inner join customers
        on lots.customer_id = customers.customer_id
        and lots.brand_id = customers.brand_id

),

final as (

    select
        partner_id,
        brand_id,
        close_date,
        symbol_group,
        held_seconds_floor,
        cast(sum(lots) as decimal(24, 8)) as lots,
        count(*) as trades
    from classified
    group by partner_id, brand_id, close_date, symbol_group, held_seconds_floor

)

select * from final
