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
{#- One shape per event kind: the counts it adds to, the model it comes from and where its
    partner, day and traffic source are read. A new kind is one entry here (and its column). -#}
{%- set traffic_columns = ['country', 'link_id', 'sub1', 'sub2', 'sub3', 'sub4', 'sub5'] -%}
{%- set counts = ['clicks', 'registrations', 'ftds', 'qualified_cpas', 'lots', 'challenge_sales'] -%}
{%- set zeros = {'lots': 'cast(0 as decimal(24, 8))'} -%}
{%- set event_kinds = [
    {'count': 'clicks', 'source': 'clicks', 'alias': 'clicks',
     'day': 'cast(clicks.clicked_at as date)'},
    {'count': 'registrations', 'source': 'customers', 'alias': 'customers',
     'day': 'customers.registration_date'},
    {'count': 'ftds', 'source': ref('int_customer_ftd'), 'alias': 'ftd',
     'day': 'ftd.ftd_date', 'of_customer': true},
    {'count': 'qualified_cpas', 'source': ref('int_cpa_qualifications'), 'alias': 'cpa',
     'day': 'cpa.qualified_on', 'of_customer': true},
    {'count': 'lots', 'source': ref('int_lots_closed'), 'alias': 'lots',
     'day': 'lots.close_date', 'of_customer': true, 'value': 'lots.lots'},
    {'count': 'challenge_sales', 'source': ref('int_prop_fees'), 'alias': 'fees',
     'day': 'fees.order_date', 'of_customer': true, 'partner': 'fees',
     'where': "fees.kind = 'purchase'"},
] %}

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

    {% for kind in event_kinds %}
    {% set traffic = 'customers' if kind.get('of_customer') else kind.alias %}
    {% set partner = kind.get('partner', traffic) %}
    select
        {{ partner }}.partner_id,
        {{ partner }}.brand_id,
        {% for column in traffic_columns %}
        {{ traffic }}.{{ column }},
        {% endfor %}
        {% for count in counts %}
        {{ kind.get('value', '1') if count == kind.count else zeros.get(count, '0') }} as {{ count }},
        {% endfor %}
        {{ kind.day }} as activity_date
    from {{ kind.source }} as {{ kind.alias }}
    {% if kind.get('of_customer') %}
    inner join customers
        on {{ kind.alias }}.customer_id = customers.customer_id
        and {{ kind.alias }}.brand_id = customers.brand_id
    {% endif %}
    {% if kind.get('where') %}
    where {{ kind.where }}
    {% endif %}
    {% if not loop.last %}
    union all
    {% endif %}
    {% endfor %}

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
