-- Challenge fees (purchase and reset orders) of commission-earning customers, priced by the
-- partner's deal version in force on the order date (RULES.md "Prop trading"):
-- the customer's FIRST purchase on the brand earns challenge_rate; later purchases and resets
-- earn challenge_repeat_rate (absent: challenge_rate). "First" is over all the customer's
-- purchases on the brand, priced or not. The fee is converted into the deal currency at the
-- order date; a missing FX rate leaves it NULL (a data-quality failure, never zero).
with

orders as (

    select * from {{ ref('stg_brand__prop_orders') }}
    where kind in ('purchase', 'reset')

),

sequenced as (

    select
        orders.*,
        cast(orders.occurred_at as date) as order_date,
        case
            when orders.kind = 'purchase' then row_number() over (
                    partition by orders.customer_id, orders.brand_id, orders.kind
                    order by orders.occurred_at asc nulls last, orders.order_id asc nulls last
                )
        end as purchase_no
    from orders

),

customers as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where earns_commission and partner_id is not null

),

-- Orders with their partner, joined BEFORE the deal range join: left to itself DuckDB joined
-- orders to deals on brand alone first (12M rows at the medium scale, 20 s) and only then
-- narrowed by partner. Materialized so the optimizer keeps this order.
attributed as materialized (

    select
        sequenced.*,
        customers.partner_id
    from sequenced
    inner join customers
        on sequenced.customer_id = customers.customer_id
        and sequenced.brand_id = customers.brand_id

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
        challenge_rate,
        coalesce(challenge_repeat_rate, challenge_rate) as challenge_repeat_rate,
        challenge_clawback_days
    from {{ ref('int_deal_versions') }}
    where has_challenge

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

priced as (

    select
        -- ids
        attributed.order_id,
        attributed.customer_id,
        attributed.brand_id,
        attributed.partner_id,
        deals.deal_id,
        deals.deal_version,
        -- order
        attributed.kind,
        attributed.product,
        coalesce(attributed.purchase_no = 1, false) as is_first_purchase,
        attributed.amount,
        attributed.currency,
        deals.currency as deal_currency,
        -- x_deal = x * usd_per_unit(from) / usd_per_unit(deal), USD being 1. DuckDB divides
        -- decimals in double: cast back to decimal at once.
        case
            when attributed.currency = deals.currency then cast(attributed.amount as decimal(24, 8))
            else cast(
                    attributed.amount
                    * case when attributed.currency = 'USD' then 1 else fx_from.usd_per_unit end
                    / nullif(case when deals.currency = 'USD' then 1 else fx_to.usd_per_unit end, 0)
                    as decimal(24, 8)
                )
        end as fee_deal_currency,
        cast(
            case
                when attributed.purchase_no = 1 then deals.challenge_rate else
                    deals.challenge_repeat_rate
            end
            as decimal(24, 8)
        ) as rate,
        deals.challenge_clawback_days as clawback_days,
        -- timestamps
        attributed.occurred_at,
        attributed.order_date
    from attributed
    inner join deals
        on attributed.partner_id = deals.partner_id
        and attributed.brand_id = deals.brand_id
        and {{ deal_version_in_force('attributed.order_date', 'deals') }}
    {{ fx_rates_of_day('attributed.order_date', 'attributed.currency', 'deals.currency') }}

),

final as (

    select
        *,
        cast(round(fee_deal_currency * rate, 2) as decimal(18, 2)) as commission
    from priced

)

select * from final
