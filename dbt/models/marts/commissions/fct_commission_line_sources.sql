-- The source events behind each commission line, one row per line and event: what an
-- explanation (partnerledger explain) and a future-date gate read, so that neither has to
-- know which intermediate model priced a line. Built only from models that carry the events
-- themselves (staging, int_cpa_qualifications, int_casino_ngr_daily, int_lots_closed,
-- int_prop_fees) and from the published lines; never from the line-pricing models.
--   cpa                 -> the customer's qualification (date, FTD in the deal currency)
--   revshare            -> each day of the partner's NGR under the line's deal version
--   lot_rebate,
--   spread_share        -> closed lots of each own customer in the month and symbol group
--   ib_override         -> closed lots of each customer of the partners below the line's partner
--   challenge           -> the priced prop order (purchase or reset)
--   challenge_clawback  -> the refund or chargeback and the order it refers to
--   sub_partner         -> each direct sub-partner's own statement total (before its own
--                          sub-partner shares and adjustments: the basis of the share)
-- Adjustment lines have no source event of their own (their explanation names the closed
-- month they correct). A line is matched on its pricing keys (partner, brand, month, deal
-- version, customer or symbol group); prop lines on their source_ref, which names the orders.

{%- set str = dbt.type_string() %}

with lines as (

    select
        line_id,
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        component,
        customer_id,
        symbol_group,
        source_ref
    from {{ ref('fct_commission_lines') }}

),

customers as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where earns_commission and partner_id is not null

),

deal_versions as (

    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        valid_from,
        valid_to
    from {{ ref('int_deal_versions') }}

),

-- ---- cpa: the qualification --------------------------------------------------------------

cpa_sources as (

    select
        lines.line_id,
        'cpa_qualification' as source_kind,
        qualifications.customer_id as source_id,
        cast(null as {{ str }}) as event_kind,
        qualifications.qualified_on as event_date,
        qualifications.customer_id,
        cast(null as decimal(24, 8)) as lots,
        cast(qualifications.ftd_amount_deal as decimal(24, 8)) as amount,
        qualifications.currency,
        cast(1 as bigint) as source_rows
    from lines
    inner join {{ ref('int_cpa_qualifications') }} as qualifications
        on lines.partner_id = qualifications.partner_id
        and lines.brand_id = qualifications.brand_id
        and lines.customer_id = qualifications.customer_id
        and lines.deal_id = qualifications.deal_id
        and lines.deal_version = qualifications.deal_version
        and lines.period_month = qualifications.period_month
    where lines.component = 'cpa'

),

-- ---- revshare: the NGR days of the month -------------------------------------------------

revshare_sources as (

    select
        lines.line_id,
        'casino_day' as source_kind,
        cast(ngr.activity_date as {{ str }}) as source_id,
        cast(null as {{ str }}) as event_kind,
        ngr.activity_date as event_date,
        cast(null as {{ str }}) as customer_id,
        cast(null as decimal(24, 8)) as lots,
        cast(ngr.ngr as decimal(24, 8)) as amount,
        ngr.deal_currency as currency,
        cast(ngr.activity_rows as bigint) as source_rows
    from lines
    inner join {{ ref('int_casino_ngr_daily') }} as ngr
        on lines.partner_id = ngr.partner_id
        and lines.brand_id = ngr.brand_id
        and lines.deal_id = ngr.deal_id
        and lines.deal_version = ngr.deal_version
        and lines.period_month = cast({{ dbt.date_trunc('month', 'ngr.activity_date') }} as date)
    where lines.component = 'revshare'

),

-- ---- forex: closed lots per customer, month and symbol group -----------------------------

customer_lots as (

    select
        customers.partner_id as origin_partner_id,
        lots.customer_id,
        lots.brand_id,
        lots.close_date,
        cast({{ dbt.date_trunc('month', 'lots.close_date') }} as date) as period_month,
        lots.symbol_group,
        lots.lots
    from {{ ref('int_lots_closed') }} as lots
    inner join customers
        on lots.customer_id = customers.customer_id
        and lots.brand_id = customers.brand_id

),

-- the customer's own partner (lot_rebate, spread_share) and each ancestor (ib_override)
lot_earners as (

    select
        customer_lots.*,
        customer_lots.origin_partner_id as earner_partner_id,
        'own' as earner_role
    from customer_lots
    union all
    select
        customer_lots.*,
        ancestors.ancestor_partner_id as earner_partner_id,
        'ancestor' as earner_role
    from customer_lots
    inner join {{ ref('int_partner_ancestors') }} as ancestors
        on customer_lots.origin_partner_id = ancestors.partner_id

),

lots_priced as (

    select
        lot_earners.earner_partner_id,
        lot_earners.earner_role,
        lot_earners.customer_id,
        lot_earners.brand_id,
        lot_earners.period_month,
        lot_earners.symbol_group,
        deal_versions.deal_id,
        deal_versions.deal_version,
        max(lot_earners.close_date) as last_close_date,
        sum(lot_earners.lots) as lots,
        count(*) as trades
    from lot_earners
    inner join deal_versions
        on lot_earners.earner_partner_id = deal_versions.partner_id
        and lot_earners.brand_id = deal_versions.brand_id
        and lot_earners.close_date >= deal_versions.valid_from
        and (deal_versions.valid_to is null or lot_earners.close_date < deal_versions.valid_to)
    group by
        lot_earners.earner_partner_id, lot_earners.earner_role, lot_earners.customer_id,
        lot_earners.brand_id, lot_earners.period_month, lot_earners.symbol_group,
        deal_versions.deal_id, deal_versions.deal_version

),

lot_sources as (

    select
        lines.line_id,
        'closed_lots' as source_kind,
        lots_priced.customer_id as source_id,
        cast(null as {{ str }}) as event_kind,
        lots_priced.last_close_date as event_date,
        lots_priced.customer_id,
        cast(lots_priced.lots as decimal(24, 8)) as lots,
        cast(null as decimal(24, 8)) as amount,
        cast(null as {{ str }}) as currency,
        cast(lots_priced.trades as bigint) as source_rows
    from lines
    inner join lots_priced
        on lines.partner_id = lots_priced.earner_partner_id
        and lines.brand_id = lots_priced.brand_id
        and lines.period_month = lots_priced.period_month
        and lines.symbol_group = lots_priced.symbol_group
        and lines.deal_id = lots_priced.deal_id
        and lines.deal_version = lots_priced.deal_version
    where (lines.component in ('lot_rebate', 'spread_share') and lots_priced.earner_role = 'own')
        or (lines.component = 'ib_override' and lots_priced.earner_role = 'ancestor')

),

-- ---- prop: the orders named by the line ---------------------------------------------------

orders as (

    select
        order_id,
        brand_id,
        customer_id,
        kind,
        amount,
        currency,
        refers_to_order_id,
        occurred_at
    from {{ ref('stg_brand__prop_orders') }}

),

fee_refs as (

    select
        fees.order_id,
        fees.brand_id,
        {{ dbt.concat(["'prop_orders '", "fees.order_id"]) }} as source_ref
    from {{ ref('int_prop_fees') }} as fees

),

refund_refs as (

    -- a clawback line names the refund and the order it refers to: both are its sources
    select
        refunds.order_id as refund_order_id,
        refunds.refers_to_order_id as order_id,
        refunds.brand_id,
        {{ dbt.concat(["'prop_orders '", "refunds.order_id", "' refers to '", "refunds.refers_to_order_id"]) }} as source_ref
    from orders as refunds
    where refunds.kind in ('refund', 'chargeback') and refunds.refers_to_order_id is not null

),

prop_refs as (

    select
        'challenge' as component,
        source_ref,
        brand_id,
        order_id
    from fee_refs
    union all
    select
        'challenge_clawback' as component,
        source_ref,
        brand_id,
        refund_order_id as order_id
    from refund_refs
    union all
    select
        'challenge_clawback' as component,
        source_ref,
        brand_id,
        order_id
    from refund_refs

),

prop_sources as (

    select
        lines.line_id,
        'prop_order' as source_kind,
        orders.order_id as source_id,
        orders.kind as event_kind,
        cast(orders.occurred_at as date) as event_date,
        orders.customer_id,
        cast(null as decimal(24, 8)) as lots,
        cast(orders.amount as decimal(24, 8)) as amount,
        orders.currency,
        cast(1 as bigint) as source_rows
    from lines
    inner join prop_refs
        on lines.component = prop_refs.component
        and lines.brand_id = prop_refs.brand_id
        and lines.source_ref = prop_refs.source_ref
    inner join orders
        on prop_refs.order_id = orders.order_id
        and prop_refs.brand_id = orders.brand_id

),

-- ---- sub_partner: the direct sub-partners' own totals -------------------------------------

sub_statements as (

    select
        partners.parent_partner_id,
        statements.partner_id,
        statements.brand_id,
        statements.period_month,
        statements.currency,
        statements.total - statements.sub_partner - statements.adjustment as own_total
    from {{ ref('fct_partner_monthly_statement') }} as statements
    inner join {{ ref('stg_ops__partners') }} as partners
        on statements.partner_id = partners.partner_id
    where partners.parent_partner_id is not null

),

sub_partner_sources as (

    select
        lines.line_id,
        'sub_partner_statement' as source_kind,
        sub_statements.partner_id as source_id,
        cast(null as {{ str }}) as event_kind,
        cast({{ dbt.last_day('sub_statements.period_month', 'month') }} as date) as event_date,
        cast(null as {{ str }}) as customer_id,
        cast(null as decimal(24, 8)) as lots,
        cast(sub_statements.own_total as decimal(24, 8)) as amount,
        sub_statements.currency,
        cast(1 as bigint) as source_rows
    from lines
    inner join sub_statements
        on lines.partner_id = sub_statements.parent_partner_id
        and lines.brand_id = sub_statements.brand_id
        and lines.period_month = sub_statements.period_month
    where lines.component = 'sub_partner'
        and sub_statements.own_total <> 0

),

unioned as (

    select * from cpa_sources
    union all
    select * from revshare_sources
    union all
    select * from lot_sources
    union all
    select * from prop_sources
    union all
    select * from sub_partner_sources

),

final as (

    select
        -- ids
        cast(line_id as {{ str }}) as line_id,
        cast(source_kind as {{ str }}) as source_kind,
        cast(source_id as {{ str }}) as source_id,
        cast(customer_id as {{ str }}) as customer_id,
        -- attributes
        cast(event_kind as {{ str }}) as event_kind,
        -- amounts
        cast(lots as decimal(24, 8)) as lots,
        cast(amount as decimal(24, 8)) as amount,
        cast(currency as {{ str }}) as currency,
        cast(source_rows as bigint) as source_rows,
        -- dates
        cast(event_date as date) as event_date
    from unioned

)

select * from final
