-- Prop commission lines (RULES.md "Prop trading"): one `challenge` line per priced fee order
-- in the order's month, and one `challenge_clawback` line per fee order refunded or charged
-- back within clawback_days of it, in the refund's month: exactly the commission the order
-- earned, negative, under the version that priced the order. The window is counted in
-- calendar days between the order's and the refund's UTC dates, day clawback_days included
-- (ordered 1 May, refunded 15 May = day 14: clawed back with a 14-day window).
-- After the window nothing is clawed back. Several refunds of one order claw back once.

with

fees as (

    select * from {{ ref('int_prop_fees') }}

),

refunds as (

    select
        order_id as refund_order_id,
        brand_id,
        kind as refund_kind,
        refers_to_order_id,
        occurred_at as refunded_at,
        cast(occurred_at as date) as refund_date
    from {{ ref('stg_brand__prop_orders') }}
    where kind in ('refund', 'chargeback') and refers_to_order_id is not null

),

refunds_in_window as (

    select
        fees.*,
        refunds.refund_order_id,
        refunds.refund_kind,
        refunds.refund_date,
        row_number() over (
            partition by fees.order_id, fees.brand_id
            order by refunds.refunded_at asc nulls last, refunds.refund_order_id asc nulls last
        ) as refund_no
    from fees
    inner join refunds
        on fees.order_id = refunds.refers_to_order_id
        and fees.brand_id = refunds.brand_id
    where {{ dbt.datediff('fees.order_date', 'refunds.refund_date', 'day') }} between 0 and fees.clawback_days

),

challenge_lines as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'order_date') }} as date) as period_month,
        deal_id,
        deal_version,
        'challenge' as component,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as symbol_group,
        fee_deal_currency as basis_amount,
        {{ dbt.concat(["'fee '", "deal_currency"]) }} as basis_unit,
        rate,
        commission as amount,
        deal_currency as currency,
        {{ dbt.concat([
            "case when is_first_purchase then 'First challenge purchase ' when kind = 'reset' then 'Challenge reset ' else 'Repeat challenge purchase ' end",
            "order_id", "' of customer '", "customer_id", "': fee '",
            "cast(cast(amount as decimal(24, 2)) as " ~ dbt.type_string() ~ ")", "' '", "currency",
            "' at '", "case when is_first_purchase then 'the first-purchase rate ' else 'the repeat rate ' end",
            "cast(cast(rate * 100 as decimal(24, 2)) as " ~ dbt.type_string() ~ ")", "'%'", "' (deal '", "deal_id", "' v'",
            "cast(deal_version as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as explanation,
        1 as source_count,
        {{ dbt.concat(["'prop_orders '", "order_id"]) }} as source_ref
    from fees

),

clawback_lines as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'refund_date') }} as date) as period_month,
        deal_id,
        deal_version,
        'challenge_clawback' as component,
        customer_id,
        cast(null as {{ dbt.type_string() }}) as symbol_group,
        -fee_deal_currency as basis_amount,
        {{ dbt.concat(["'fee '", "deal_currency"]) }} as basis_unit,
        rate,
        -commission as amount,
        deal_currency as currency,
        {{ dbt.concat([
            "'Clawback: '", "refund_kind", "' '", "refund_order_id", "' of order '", "order_id",
            "' within '", "cast(clawback_days as " ~ dbt.type_string() ~ ")",
            "' days takes back the commission the order earned (deal '", "deal_id", "' v'",
            "cast(deal_version as " ~ dbt.type_string() ~ ")", "')'"
        ]) }} as explanation,
        1 as source_count,
        {{ dbt.concat(["'prop_orders '", "refund_order_id", "' refers to '", "order_id"]) }} as source_ref
    from refunds_in_window
    where refund_no = 1

),

unioned as (

    select * from challenge_lines
    union all
    select * from clawback_lines

)

select
    partner_id,
    brand_id,
    period_month,
    deal_id,
    cast(deal_version as bigint) as deal_version,
    component,
    customer_id,
    symbol_group,
    cast(basis_amount as decimal(24, 8)) as basis_amount,
    basis_unit,
    rate,
    cast(amount as decimal(18, 2)) as amount,
    currency,
    explanation,
    cast(source_count as bigint) as source_count,
    source_ref
from unioned
