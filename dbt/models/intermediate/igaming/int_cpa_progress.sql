-- CPA progress of recent registrations: one row per registration and condition of the CPA
-- version it is measured against (docs/decisions/034-cpa-progress.md). The conditions and how
-- each is counted are those of int_cpa_qualifications (docs/decisions/003-cpa-qualification.md);
-- this model only says how far each one is, it never decides a qualification or a price:
-- qualified_on comes from int_cpa_qualifications.
--
-- Version measured: the paying one for a qualified customer; else the newest CPA version in
-- force on the as-of date (the only one that can still pay). Totals count events up to the
-- window end, as the qualification does. as_of_date = the latest event date in the inputs.
-- Recent: the window ends on or after as_of_date - cpa_progress_days_past_window; a version
-- without a window shows registrations of the last cpa_progress_recent_days days.
with

customers as (

    select
        attributed.customer_id,
        attributed.brand_id,
        attributed.partner_id,
        attributed.registration_date,
        attributed.country,
        attributed.kyc_status,
        attributed.kyc_verified_date,
        brands.vertical
    from {{ ref('int_customers_attributed') }} as attributed
    inner join {{ ref('stg_ops__brands') }} as brands
        on attributed.brand_id = brands.brand_id
    where attributed.earns_commission

),

{{ cpa_condition_days(lot_currency=true) }},

as_of as (

    select max(event_date) as as_of_date
    from (
        select registration_date as event_date from customers
        union all
        select event_date from deposit_days
        union all
        select event_date from stake_days
        union all
        select event_date from lot_days
    ) as events

),

qualifications as (

    select
        customer_id,
        brand_id,
        deal_id,
        deal_version,
        qualified_on
    from {{ ref('int_cpa_qualifications') }}

),

customer_versions as (

    select
        customers.*,
        as_of.as_of_date,
        qualifications.qualified_on,
        versions.deal_id,
        versions.deal_version,
        versions.currency as deal_currency,
        coalesce(versions.cpa_min_first_deposit, cast(0 as decimal(24, 8))) as min_first_deposit,
        coalesce(versions.cpa_min_deposits_total, cast(0 as decimal(24, 8))) as min_deposits_total,
        coalesce(versions.cpa_min_wagered, cast(0 as decimal(24, 8))) as min_wagered,
        coalesce(versions.cpa_min_lots, cast(0 as decimal(24, 8))) as min_lots,
        coalesce(versions.cpa_require_kyc, false) as require_kyc,
        nullif(trim(versions.cpa_geo_allowlist), '') as geo_allowlist,
        case
            when versions.cpa_window_days is not null
                then cast({{ dbt.dateadd('day', 'cast(versions.cpa_window_days as int)', 'customers.registration_date') }} as date)
        end as window_end,
        row_number() over (
            partition by customers.customer_id, customers.brand_id
            order by versions.valid_from desc, versions.deal_id asc, versions.deal_version desc
        ) as version_rank
    from customers
    cross join as_of
    inner join {{ ref('int_deal_versions') }} as versions
        on customers.partner_id = versions.partner_id
        and customers.brand_id = versions.brand_id
    left join qualifications
        on customers.customer_id = qualifications.customer_id
        and customers.brand_id = qualifications.brand_id
    where versions.has_cpa
        and (
            -- qualified: the paying version
            (
                qualifications.deal_id = versions.deal_id
                and qualifications.deal_version = versions.deal_version
            )
            -- not qualified: a version in force on the as-of date
            or (
                qualifications.customer_id is null
                and {{ deal_version_in_force('as_of.as_of_date', 'versions') }}
            )
        )

),

measured as (

    select *
    from customer_versions
    where version_rank = 1
        and (
            (window_end is not null and window_end >= {{ dbt.dateadd('day', -var('cpa_progress_days_past_window'), 'as_of_date') }})
            or (window_end is null and registration_date > {{ dbt.dateadd('day', -var('cpa_progress_recent_days'), 'as_of_date') }})
        )

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

ftd as (

    select
        measured.customer_id,
        measured.brand_id,
        case
            when ftd.ftd_currency = measured.deal_currency then ftd.ftd_amount
            else {{ fx_convert('ftd.ftd_amount') }}
        end as ftd_amount_deal,
        ftd.ftd_date
    from measured
    inner join {{ ref('int_customer_ftd') }} as ftd
        on measured.customer_id = ftd.customer_id
        and measured.brand_id = ftd.brand_id
    {{ fx_rates_of_day('ftd.ftd_date', 'ftd.ftd_currency', 'measured.deal_currency') }}

),

{% set cumulative_conditions = cpa_cumulative_conditions() %}
{% for cond in cumulative_conditions %}
-- {{ cond.name }}: the total up to the window end, each day converted at its own date; a day
-- with an unconvertible amount adds nothing (NULL for the day, as in the qualification)
{{ cond.name }}_daily as (

    select
        measured.customer_id,
        measured.brand_id,
        days.event_date,
        {% if cond.converted %}
        {{ cpa_day_amount_deal('measured') }} as amount_deal
        {% else %}
        sum(days.amount) as amount_deal
        {% endif %}
    from measured
    inner join {{ cond.days }} as days
        on measured.customer_id = days.customer_id
        and measured.brand_id = days.brand_id
    {% if cond.converted %}
    {{ fx_rates_of_day('days.event_date', 'days.currency', 'measured.deal_currency') }}
    {% endif %}
    where measured.window_end is null or days.event_date <= measured.window_end
    group by measured.customer_id, measured.brand_id, days.event_date

),

{{ cond.name }}_total as (

    select
        customer_id,
        brand_id,
        sum(amount_deal) as total
    from {{ cond.name }}_daily
    group by customer_id, brand_id

),

{% endfor %}

values_per_registration as (

    select
        measured.*,
        ftd.ftd_amount_deal,
        ftd.ftd_date,
        coalesce(deposits_total.total, 0) as deposits_total,
        coalesce(wagered_total.total, 0) as wagered_total,
        coalesce(lots_total.total, 0) as lots_total
    from measured
    left join ftd
        on measured.customer_id = ftd.customer_id
        and measured.brand_id = ftd.brand_id
    {% for cond in cumulative_conditions %}
    left join {{ cond.name }}_total
        on measured.customer_id = {{ cond.name }}_total.customer_id
        and measured.brand_id = {{ cond.name }}_total.brand_id
    {% endfor %}

),

-- one row per condition the version asks for (a condition asking nothing is left out, as
-- the wagering of a non-iGaming brand is)
conditions as (

    select
        *,
        'ftd' as condition_name,
        1 as condition_order,
        ftd_amount_deal as current_value,
        min_first_deposit as required_value,
        deal_currency as value_unit,
        (ftd_amount_deal >= min_first_deposit and (window_end is null or ftd_date <= window_end)) as is_met
    from values_per_registration
    union all
    select
        *,
        'deposits',
        2,
        deposits_total,
        min_deposits_total,
        deal_currency,
        deposits_total >= min_deposits_total
    from values_per_registration
    where min_deposits_total > 0
    union all
    select
        *,
        'wagered',
        3,
        wagered_total,
        min_wagered,
        deal_currency,
        wagered_total >= min_wagered
    from values_per_registration
    where min_wagered > 0 and vertical = 'igaming'
    union all
    select
        *,
        'lots',
        4,
        lots_total,
        min_lots,
        'lots',
        lots_total >= min_lots
    from values_per_registration
    where min_lots > 0
    union all
    select
        *,
        'kyc',
        5,
        null,
        null,
        null,
        (
            kyc_status = 'verified'
            and (window_end is null or coalesce(kyc_verified_date, registration_date) <= window_end)
        )
    from values_per_registration
    where require_kyc
    union all
    select
        *,
        'geo',
        6,
        null,
        null,
        null,
        {{ list_contains('upper(geo_allowlist)', 'country') }}
    from values_per_registration
    where geo_allowlist is not null

),

final as (

    select
        partner_id,
        brand_id,
        customer_id,
        condition_name as condition,
        cast(condition_order as bigint) as condition_order,
        case when coalesce(is_met, false) then 'met' else 'missing' end as status,
        cast(current_value as decimal(24, 8)) as current_value,
        cast(required_value as decimal(24, 8)) as required_value,
        value_unit,
        deal_id,
        deal_version,
        registration_date,
        window_end,
        case
            when window_end is not null
                then cast(greatest({{ dbt.datediff('as_of_date', 'window_end', 'day') }}, 0) as bigint)
        end as days_left,
        qualified_on,
        as_of_date
    from conditions

)

select * from final
