-- One row per customer and brand with the partner it belongs to (LANDING.md "Attribution
-- rules"), decided at registration, first rule that applies wins:
--   1. postback_click: a `registration` conversion of the customer whose click_id is a known
--      click of the same brand, clicked at or before registration and not more than
--      attribution_click_window_days earlier (the most recent such click wins);
--   2. btag_click: btag is a known click id of the same brand -> that click's partner;
--      btag_partner: else btag is a known partner id;
--   3. coupon: the customer's coupon code (else the registration postback's) is listed in
--      partner_brands.coupon_codes of the same brand (two partners listing the same code:
--      the lowest partner_id, so the result is deterministic);
--   otherwise organic (partner_id NULL).
-- earns_commission = attributed, not a test customer, not from the brand's restricted countries.

with customers as (

    select * from {{ ref('stg_brand__customers') }}

),

brands as (

    select * from {{ ref('stg_ops__brands') }}

),

clicks as (

    select * from {{ ref('stg_tracking__clicks') }}

),

partners as (

    select partner_id from {{ ref('stg_ops__partners') }}

),

registrations as (

    select * from {{ ref('stg_tracking__conversions') }}
    where event_type = 'registration'
        and customer_id is not null

),

postback_clicks as (

    select
        customers.customer_id,
        customers.brand_id,
        clicks.click_id,
        clicks.partner_id,
        row_number() over (
            partition by customers.customer_id, customers.brand_id
            order by clicks.clicked_at desc nulls last, clicks.click_id desc nulls last
        ) as click_rank
    from customers
    inner join registrations
        on customers.customer_id = registrations.customer_id
        and customers.brand_id = registrations.brand_id
    inner join clicks
        on registrations.click_id = clicks.click_id
        and customers.brand_id = clicks.brand_id
    where clicks.clicked_at <= customers.registered_at
        and clicks.clicked_at
        >= {{ dbt.dateadd('day', -1 * var('attribution_click_window_days'), 'customers.registered_at') }}

),

registration_coupons as (

    select
        customer_id,
        brand_id,
        coupon_code,
        row_number() over (
            partition by customer_id, brand_id
            order by received_at asc nulls last, event_id asc nulls last
        ) as coupon_rank
    from registrations
    where coupon_code is not null

),

coupon_partners as (

    select
        customers.customer_id,
        customers.brand_id,
        partner_brands.partner_id,
        row_number() over (
            partition by customers.customer_id, customers.brand_id
            order by partner_brands.partner_id asc nulls last
        ) as partner_rank
    from customers
    left join registration_coupons
        on customers.customer_id = registration_coupons.customer_id
        and customers.brand_id = registration_coupons.brand_id
        and registration_coupons.coupon_rank = 1
    inner join {{ ref('stg_ops__partner_brands') }} as partner_brands
        on customers.brand_id = partner_brands.brand_id
        and {{ list_contains('partner_brands.coupon_codes', 'coalesce(customers.coupon_code, registration_coupons.coupon_code)') }}

),

candidates as (

    select
        customers.customer_id,
        customers.brand_id,
        customers.registered_at,
        customers.country,
        customers.kyc_status,
        customers.kyc_verified_at,
        customers.is_test,
        postback_clicks.partner_id as postback_partner_id,
        postback_clicks.click_id as postback_click_id,
        btag_clicks.partner_id as btag_click_partner_id,
        btag_clicks.click_id as btag_click_id,
        btag_partners.partner_id as btag_partner_id,
        coupon_partners.partner_id as coupon_partner_id,
        brands.restricted_countries
    from customers
    left join brands
        on customers.brand_id = brands.brand_id
    left join postback_clicks
        on customers.customer_id = postback_clicks.customer_id
        and customers.brand_id = postback_clicks.brand_id
        and postback_clicks.click_rank = 1
    left join clicks as btag_clicks
        on customers.btag = btag_clicks.click_id
        and customers.brand_id = btag_clicks.brand_id
    left join partners as btag_partners
        on customers.btag = btag_partners.partner_id
    left join coupon_partners
        on customers.customer_id = coupon_partners.customer_id
        and customers.brand_id = coupon_partners.brand_id
        and coupon_partners.partner_rank = 1

),

attributed as (

    select
        customer_id,
        brand_id,
        case
            when postback_partner_id is not null then postback_partner_id
            when btag_click_partner_id is not null then btag_click_partner_id
            when btag_partner_id is not null then btag_partner_id
            when coupon_partner_id is not null then coupon_partner_id
        end as partner_id,
        case
            when postback_partner_id is not null then 'postback_click'
            when btag_click_partner_id is not null then 'btag_click'
            when btag_partner_id is not null then 'btag_partner'
            when coupon_partner_id is not null then 'coupon'
            else 'organic'
        end as attribution_method,
        case
            when postback_partner_id is not null then postback_click_id
            when btag_click_partner_id is not null then btag_click_id
        end as attributed_click_id,
        registered_at,
        cast(registered_at as date) as registration_date,
        country,
        kyc_status,
        -- LANDING.md: a verified customer without kyc_verified_at counts as verified from registration
        case
            when kyc_status = 'verified'
                then cast(coalesce(kyc_verified_at, registered_at) as date)
        end as kyc_verified_date,
        is_test,
        case
            when
                country is not null and {{ list_contains('restricted_countries', 'country') }}
                then true
            else false
        end as is_restricted_country
    from candidates

),

final as (

    select
        customer_id,
        brand_id,
        partner_id,
        attribution_method,
        attributed_click_id,
        registered_at,
        registration_date,
        country,
        kyc_status,
        kyc_verified_date,
        is_test,
        is_restricted_country,
        (partner_id is not null and not is_test and not is_restricted_country) as earns_commission
    from attributed

)

select * from final
