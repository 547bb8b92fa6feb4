{#- The CPA qualification's cumulative conditions and how each is counted
    (docs/decisions/003-cpa-qualification.md): one home that int_cpa_qualifications (which
    decides) and int_cpa_progress (which shows how far each condition is) both read. -#}

{#- name, the daily CTE it sums (cpa_condition_days), the deal version's threshold column,
    and whether its amounts are money converted into the deal currency at each day's rate. -#}
{% macro cpa_cumulative_conditions() -%}
    {{ return([
        {'name': 'deposits', 'days': 'deposit_days', 'threshold': 'min_deposits_total', 'converted': true},
        {'name': 'wagered', 'days': 'stake_days', 'threshold': 'min_wagered', 'converted': true},
        {'name': 'lots', 'days': 'lot_days', 'threshold': 'min_lots', 'converted': false},
    ]) }}
{%- endmacro %}

{#- What counts towards them, per customer, day and currency: approved deposits, stakes and
    closed lots. Three CTEs; `lot_currency` adds a NULL currency to lot_days for callers that
    treat the three alike. -#}
{% macro cpa_condition_days(lot_currency=false) -%}
deposit_days as (

    select
        customer_id,
        brand_id,
        cast(occurred_at as date) as event_date,
        currency,
        sum(amount) as amount
    from {{ ref('stg_brand__payments') }}
    where kind = 'deposit'
        and status = 'approved'
    group by customer_id, brand_id, cast(occurred_at as date), currency

),

stake_days as (

    select
        customer_id,
        brand_id,
        activity_date as event_date,
        currency,
        sum(stakes) as amount
    from {{ ref('stg_brand__casino_activity') }}
    group by customer_id, brand_id, activity_date, currency

),

lot_days as (

    select
        customer_id,
        brand_id,
        close_date as event_date,
        {% if lot_currency %}cast(null as {{ dbt.type_string() }}) as currency,{% endif %}
        sum(lots) as amount
    from {{ ref('int_lots_closed') }}
    where customer_id is not null
    group by customer_id, brand_id, close_date

)
{%- endmacro %}

{#- A day's amount in the deal currency of `versions` (the alias holding deal_currency): a day
    with an unconvertible amount reaches nothing that day (NULL, never a partial sum). -#}
{% macro cpa_day_amount_deal(versions) -%}
    {%- set converted -%}
        case
            when days.currency = {{ versions }}.deal_currency then days.amount
            else {{ fx_convert('days.amount') }}
        end
    {%- endset -%}
    case when count(*) = count({{ converted }}) then sum({{ converted }}) end
{%- endmacro %}
