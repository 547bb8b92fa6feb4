-- What each partner's traffic did each day, by brand, country, tracking link and sub-ids: the
-- partner portal's reports (docs/decisions/016-partner-portal.md). Counts only, no customer:
--   clicks          - tracking clicks of the partner, on the click's day and country;
--   registrations   - customers attributed to the partner, on the registration day;
--   ftds            - first approved deposits of those customers, on the deposit day;
--   qualified_cpas  - CPA qualifications (int_cpa_qualifications), on the qualification day;
--   lots            - closed lots of those customers, on the close day;
--   challenge_sales - challenge purchases priced for the partner (int_prop_fees), on the order day.
-- Customer events carry the link and sub-ids of the click the customer was attributed through
-- (postback or btag click) and the customer's country; a customer attributed without a click
-- (btag partner id, coupon) has NULL link and sub-ids.
with

clicks as (

    select * from {{ ref('stg_tracking__clicks') }}
    where partner_id is not null

),

customers as (

    select
        attributed.customer_id,
        attributed.brand_id,
        attributed.partner_id,
        attributed.registration_date,
        attributed.country,
        clicks.link_id,
        clicks.sub1,
        clicks.sub2,
        clicks.sub3,
        clicks.sub4,
        clicks.sub5
    from {{ ref('int_customers_attributed') }} as attributed
    left join clicks
        on attributed.attributed_click_id = clicks.click_id
    where attributed.partner_id is not null

),

events as (

    select
        partner_id,
        brand_id,
        cast(clicked_at as date) as activity_date,
        country,
        link_id,
        sub1,
        sub2,
        sub3,
        sub4,
        sub5,
        1 as clicks,
        0 as registrations,
        0 as ftds,
        0 as qualified_cpas,
        cast(0 as decimal(24, 8)) as lots,
        0 as challenge_sales
    from clicks

    union all

    select
        partner_id,
        brand_id,
        registration_date as activity_date,
        country,
        link_id,
        sub1,
        sub2,
        sub3,
        sub4,
        sub5,
        0,
        1,
        0,
        0,
        cast(0 as decimal(24, 8)),
        0
    from customers

    union all

    select
        customers.partner_id,
        customers.brand_id,
        ftd.ftd_date,
        customers.country,
        customers.link_id,
        customers.sub1,
        customers.sub2,
        customers.sub3,
        customers.sub4,
        customers.sub5,
        0,
        0,
        1,
        0,
        cast(0 as decimal(24, 8)),
        0
    from {{ ref('int_customer_ftd') }} as ftd
    inner join customers
        on ftd.customer_id = customers.customer_id
        and ftd.brand_id = customers.brand_id

    union all

    select
        customers.partner_id,
        customers.brand_id,
        cpa.qualified_on,
        customers.country,
        customers.link_id,
        customers.sub1,
        customers.sub2,
        customers.sub3,
        customers.sub4,
        customers.sub5,
        0,
        0,
        0,
        1,
        cast(0 as decimal(24, 8)),
        0
    from {{ ref('int_cpa_qualifications') }} as cpa
    inner join customers
        on cpa.customer_id = customers.customer_id
        and cpa.brand_id = customers.brand_id

    union all

    select
        customers.partner_id,
        customers.brand_id,
        lots.close_date,
        customers.country,
        customers.link_id,
        customers.sub1,
        customers.sub2,
        customers.sub3,
        customers.sub4,
        customers.sub5,
        0,
        0,
        0,
        0,
        lots.lots,
        0
    from {{ ref('int_lots_closed') }} as lots
    inner join customers
        on lots.customer_id = customers.customer_id
        and lots.brand_id = customers.brand_id

    union all

    select
        fees.partner_id,
        fees.brand_id,
        fees.order_date,
        customers.country,
        customers.link_id,
        customers.sub1,
        customers.sub2,
        customers.sub3,
        customers.sub4,
        customers.sub5,
        0,
        0,
        0,
        0,
        cast(0 as decimal(24, 8)),
        1
    from {{ ref('int_prop_fees') }} as fees
    inner join customers
        on fees.customer_id = customers.customer_id
        and fees.brand_id = customers.brand_id
    where fees.kind = 'purchase'

),

final as (

    select
        -- ids
        partner_id,
        brand_id,
        activity_date,
        cast({{ dbt.date_trunc('month', 'activity_date') }} as date) as period_month,
        -- where the traffic came from
        country,
        link_id,
        sub1,
        sub2,
        sub3,
        sub4,
        sub5,
        -- counts
        cast(sum(clicks) as bigint) as clicks,
        cast(sum(registrations) as bigint) as registrations,
        cast(sum(ftds) as bigint) as ftds,
        cast(sum(qualified_cpas) as bigint) as qualified_cpas,
        cast(sum(lots) as decimal(24, 8)) as lots,
        cast(sum(challenge_sales) as bigint) as challenge_sales
    from events
    where activity_date is not null
    group by partner_id, brand_id, activity_date, country, link_id, sub1, sub2, sub3, sub4, sub5

)

select * from final
