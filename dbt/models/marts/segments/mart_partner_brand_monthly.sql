-- Performance of each partner on each brand and month, dense from the first month of data through
-- the reference month (as_of_month): the base of the partner segments and the tier reviews.
-- Reference month (docs/decisions/007-segments-and-tiers.md): var segments_as_of_month when set,
-- else the last COMPLETE month of the data: the month of the latest event date when that date is
-- its month's last day, else the month before (a half-loaded month would look like a decline).
-- Only customers who earn commission count (attributed, not test, not restricted): the same
-- population the commissions are paid on. Money in USD at each event date's rate (commissions:
-- fct_commission_lines.amount_usd); ngr_deal keeps the tier metric in the deal currency.
{#- the per partner-brand-month measures below, each joined once onto the dense grid -#}
{%- set monthly_measures = ['active_customers', 'ftds', 'cpas', 'ngr', 'lots', 'fees', 'commissions'] %}

with

customers as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where earns_commission

),

brands as (

    select
        brand_id,
        vertical
    from {{ ref('stg_ops__brands') }}

),

-- every customer event that shows the customer active on the brand that day
customer_days as (

    select
        customer_id,
        brand_id,
        activity_date as event_date
    from {{ ref('stg_brand__casino_activity') }}
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date) as event_date
    from {{ ref('stg_brand__payments') }}
    where status = 'approved'
    union all
    select
        customer_id,
        brand_id,
        close_date as event_date
    from {{ ref('int_lots_closed') }}
    where customer_id is not null
    union all
    select
        customer_id,
        brand_id,
        cast(occurred_at as date) as event_date
    from {{ ref('stg_brand__prop_orders') }}

),

horizon as (

    select
        max(event_date) as last_event_date,
        min(event_date) as first_event_date
    from customer_days

),

calendar as (

    select
        cast({{ dbt.date_trunc('month', 'first_event_date') }} as date) as first_month,
    {% if var('segments_as_of_month', '') %}
        cast('{{ var("segments_as_of_month") }}' as date) as as_of_month
        {% else %}
    case
        when last_event_date = cast({{ dbt.last_day('last_event_date', 'month') }} as date)
            then cast({{ dbt.date_trunc('month', 'last_event_date') }} as date)
        else cast(                        {{ dbt.dateadd('month', -1, dbt.date_trunc('month', 'last_event_date')) }} as date
            )
    end as as_of_month
    {% endif %}
    from horizon

),

-- months first_month .. as_of_month (integers(3): up to 1000 months of history)
months as (

    select
        cast(                        {{ dbt.dateadd('month', integers_expr(3), 'calendar.first_month') }} as date
        ) as period_month,
        calendar.as_of_month
    from {{ integers(3) }}
    cross join calendar
    where {{ dbt.dateadd('month', integers_expr(3), 'calendar.first_month') }}
        <= calendar.as_of_month

),

active_customers as (

    select
        customers.partner_id,
        customer_days.brand_id,
        cast({{ dbt.date_trunc('month', 'customer_days.event_date') }} as date) as period_month,
        count(distinct customer_days.customer_id) as active_customers
    from customer_days
    inner join customers
        on customer_days.customer_id = customers.customer_id
        and customer_days.brand_id = customers.brand_id
    group by 1, 2, 3

),

ftds as (

    select
        customers.partner_id,
        ftd.brand_id,
        cast({{ dbt.date_trunc('month', 'ftd.ftd_date') }} as date) as period_month,
        count(*) as ftd_count
    from {{ ref('int_customer_ftd') }} as ftd
    inner join customers
        on ftd.customer_id = customers.customer_id
        and ftd.brand_id = customers.brand_id
    group by 1, 2, 3

),

cpas as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'qualified_on') }} as date) as period_month,
        count(*) as cpa_count
    from {{ ref('int_cpa_qualifications') }}
    group by 1, 2, 3

),

-- NGR is in the deal currency of each day's version; USD at the day's rate. A month with an
-- unconvertible day has no NGR (NULL), never a partial sum. ngr_deal only when one currency.
ngr as (

    select
        daily.partner_id,
        daily.brand_id,
        cast({{ dbt.date_trunc('month', 'daily.activity_date') }} as date) as period_month,
        case
            when count(*) = count(daily.ngr * fx.usd_per_unit)
                then cast(round(sum(daily.ngr * fx.usd_per_unit), 2) as decimal(18, 2))
        end as ngr_usd,
        case
            when count(*) = count(daily.ngr) and min(daily.deal_currency) = max(daily.deal_currency)
                then cast(sum(daily.ngr) as decimal(24, 8))
        end as ngr_deal,
        max(daily.deal_currency) as ngr_deal_currency
    from {{ ref('int_casino_ngr_daily') }} as daily
    left join {{ ref('int_fx_rates_daily') }} as fx
        on daily.activity_date = fx.rate_date
        and daily.deal_currency = fx.currency
    group by 1, 2, 3

),

lots as (

    select
        partner_id,
        brand_id,
        cast({{ dbt.date_trunc('month', 'close_date') }} as date) as period_month,
        cast(sum(lots) as decimal(24, 8)) as lots,
        cast(round(sum(markup_usd), 2) as decimal(18, 2)) as markup_usd
    from {{ ref('int_lots_attributed_daily') }}
    group by 1, 2, 3

),

fees as (

    select
        fees.partner_id,
        fees.brand_id,
        cast({{ dbt.date_trunc('month', 'fees.order_date') }} as date) as period_month,
        case
            when count(*) = count(fees.amount * fx.usd_per_unit)
                then cast(round(sum(fees.amount * fx.usd_per_unit), 2) as decimal(18, 2))
        end as challenge_fees_usd,
        count(*) as challenge_orders
    from {{ ref('int_prop_fees') }} as fees
    left join {{ ref('int_fx_rates_daily') }} as fx
        on fees.order_date = fx.rate_date
        and fees.currency = fx.currency
    group by 1, 2, 3

),

commissions as (

    select
        partner_id,
        brand_id,
        period_month,
        cast(sum(amount_usd) as decimal(18, 2)) as commissions_usd,
        count(*) as commission_lines
    from {{ ref('fct_commission_lines') }}
    group by 1, 2, 3

),

-- every partner-brand that has a link or any activity
pairs as (

    select
        partner_id,
        brand_id
    from {{ ref('stg_ops__partner_brands') }}
    {%- for measures in ['active_customers', 'commissions', 'lots', 'fees'] %}
    union
    select
        partner_id,
        brand_id
    from {{ measures }}
    {%- endfor %}

),

grid as (

    select
        pairs.partner_id,
        pairs.brand_id,
        brands.vertical,
        months.period_month,
        months.as_of_month
    from pairs
    cross join months
    left join brands
        on pairs.brand_id = brands.brand_id

),

final as (

    select
        -- grain
        grid.partner_id,
        grid.brand_id,
        grid.vertical,
        grid.period_month,
        grid.as_of_month,
        -- customers
        cast(coalesce(active_customers.active_customers, 0) as bigint) as active_customers,
        cast(coalesce(ftds.ftd_count, 0) as bigint) as ftd_count,
        cast(coalesce(cpas.cpa_count, 0) as bigint) as cpa_count,
        -- value brought (USD); NULL only where a rate is missing
        case when ngr.partner_id is null then cast(0 as decimal(18, 2)) else ngr.ngr_usd end
            as ngr_usd,
        case when ngr.partner_id is null then cast(0 as decimal(24, 8)) else ngr.ngr_deal end
            as ngr_deal,
        ngr.ngr_deal_currency,
        cast(coalesce(lots.lots, 0) as decimal(24, 8)) as lots,
        cast(coalesce(lots.markup_usd, 0) as decimal(18, 2)) as markup_usd,
        case
            when fees.partner_id is null then cast(0 as decimal(18, 2)) else fees.challenge_fees_usd
        end as challenge_fees_usd,
        cast(coalesce(fees.challenge_orders, 0) as bigint) as challenge_orders,
        -- cost (USD)
        cast(coalesce(commissions.commissions_usd, 0) as decimal(18, 2)) as commissions_usd,
        cast(coalesce(commissions.commission_lines, 0) as bigint) as commission_lines,
        (
            coalesce(active_customers.active_customers, 0) > 0
            or coalesce(ftds.ftd_count, 0) > 0
            or coalesce(commissions.commission_lines, 0) > 0
            or coalesce(lots.lots, 0) > 0
            or coalesce(fees.challenge_orders, 0) > 0
        ) as has_activity
    from grid
    {% for measures in monthly_measures %}
    left join {{ measures }}
        on grid.partner_id = {{ measures }}.partner_id
        and grid.brand_id = {{ measures }}.brand_id
        and grid.period_month = {{ measures }}.period_month
    {% endfor %}

)

select * from final
