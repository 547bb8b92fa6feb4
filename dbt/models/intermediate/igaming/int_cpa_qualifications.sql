-- One row per customer who qualifies for a CPA: the date, the deal version that pays, and the
-- date each condition was met. RULES.md "CPA and qualification": a customer qualifies once, on
-- the first date on which every condition of the deal's cpa terms holds, if that date is on or
-- before registration date + window_days (day 30 of 30 qualifies, day 31 does not).
--
-- How deal versions combine (docs/decisions/003-cpa-qualification.md): every condition is
-- cumulative (an FTD stays made, totals only grow, KYC stays verified), so once a version's
-- conditions hold they keep holding. For each cpa version of the customer's partner on the brand:
--   met_on    = the latest of the dates its conditions were each first met (its own thresholds,
--               amounts converted into its own currency at each event's date);
--   candidate = the later of met_on and the version's valid_from (the first day the version is
--               in force with all its conditions holding);
--   valid     = candidate before valid_to and on or before registration date + its window_days.
-- The qualification is the earliest valid candidate; that version is the one in force on the
-- qualification date, so its amount is paid (RULES.md: "the CPA amount is that of the version
-- in force on the qualification date").
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

customer_versions as (

    select
        customers.*,
        versions.deal_id,
        versions.deal_version,
        versions.valid_from,
        versions.valid_to,
        versions.currency as deal_currency,
        versions.cpa_amount,
        -- an absent threshold asks for nothing (0)
        coalesce(versions.cpa_min_first_deposit, cast(0 as decimal(24, 8))) as min_first_deposit,
        coalesce(versions.cpa_min_deposits_total, cast(0 as decimal(24, 8))) as min_deposits_total,
        coalesce(versions.cpa_min_wagered, cast(0 as decimal(24, 8))) as min_wagered,
        coalesce(versions.cpa_min_lots, cast(0 as decimal(24, 8))) as min_lots,
        coalesce(versions.cpa_require_kyc, false) as require_kyc,
        versions.cpa_window_days as window_days,
        nullif(trim(versions.cpa_geo_allowlist), '') as geo_allowlist,
        -- an absent window_days sets no deadline
        case
            when versions.cpa_window_days is not null
                then cast({{ dbt.dateadd('day', 'cast(versions.cpa_window_days as int)', 'customers.registration_date') }} as date)
        end as window_end
    from customers
    inner join {{ ref('int_deal_versions') }} as versions
        on customers.partner_id = versions.partner_id
        and customers.brand_id = versions.brand_id
    where versions.has_cpa
        -- a version that ended on or before the registration can never be in force after it
        and (versions.valid_to is null or versions.valid_to > customers.registration_date)

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

-- the FTD converted at its own date into each version's currency
ftd as (

    select
        customer_versions.customer_id,
        customer_versions.brand_id,
        customer_versions.deal_id,
        customer_versions.deal_version,
        ftd.ftd_date,
        case
            when ftd.ftd_currency = customer_versions.deal_currency then ftd.ftd_amount
            else {{ fx_convert('ftd.ftd_amount') }}
        end as ftd_amount_deal
    from customer_versions
    inner join {{ ref('int_customer_ftd') }} as ftd
        on customer_versions.customer_id = ftd.customer_id
        and customer_versions.brand_id = ftd.brand_id
    {{ fx_rates_of_day('ftd.ftd_date', 'ftd.ftd_currency', 'customer_versions.deal_currency') }}

),

-- amounts per customer, day and currency that count towards the cumulative conditions
{{ cpa_condition_days() }},

{% set cumulative_conditions = cpa_cumulative_conditions() %}
{% for cond in cumulative_conditions %}
-- {{ cond.name }}: the first day the running total (in the version's currency) reaches the threshold
{{ cond.name }}_daily as (

    select
        customer_versions.customer_id,
        customer_versions.brand_id,
        customer_versions.deal_id,
        customer_versions.deal_version,
        customer_versions.{{ cond.threshold }} as threshold,
        days.event_date,
        {% if cond.converted %}
        {{ cpa_day_amount_deal('customer_versions') }} as amount_deal
        {% else %}
        sum(days.amount) as amount_deal
        {% endif %}
    from customer_versions
    inner join {{ cond.days }} as days
        on customer_versions.customer_id = days.customer_id
        and customer_versions.brand_id = days.brand_id
    {% if cond.converted %}
    {{ fx_rates_of_day('days.event_date', 'days.currency', 'customer_versions.deal_currency') }}
    {% endif %}
    where customer_versions.{{ cond.threshold }} > 0
        -- a day after the window cannot help qualify: leave it out (keeps the join small)
        and (customer_versions.window_end is null or days.event_date <= customer_versions.window_end)
    group by
        customer_versions.customer_id,
        customer_versions.brand_id,
        customer_versions.deal_id,
        customer_versions.deal_version,
        customer_versions.{{ cond.threshold }},
        days.event_date

),

{{ cond.name }}_running as (

    select
        {{ cond.name }}_daily.*,
        sum(amount_deal) over (
            partition by customer_id, brand_id, deal_id, deal_version
            order by event_date asc nulls last
            rows between unbounded preceding and current row
        ) as running_total
    from {{ cond.name }}_daily

),

{{ cond.name }}_met as (

    select
        customer_id,
        brand_id,
        deal_id,
        deal_version,
        min(event_date) as met_on
    from {{ cond.name }}_running
    where running_total >= threshold
    group by customer_id, brand_id, deal_id, deal_version

),

{% endfor %}

conditions as (

    select
        customer_versions.*,
        ftd.ftd_date,
        ftd.ftd_amount_deal,
        -- a CPA pays for an acquisition: the FTD condition needs a first approved deposit, even
        -- when min_first_deposit is 0; a first deposit below the minimum never qualifies
        case when ftd.ftd_amount_deal >= customer_versions.min_first_deposit then ftd.ftd_date end as ftd_met_on,
        case
            when customer_versions.min_deposits_total <= 0 then customer_versions.registration_date
            else deposits_met.met_on
        end as deposits_met_on,
        -- stakes count on iGaming brands only; other verticals ignore min_wagered
        case
            when customer_versions.vertical <> 'igaming' or customer_versions.min_wagered <= 0
                then customer_versions.registration_date
            else wagered_met.met_on
        end as wagered_met_on,
        case
            when customer_versions.min_lots <= 0 then customer_versions.registration_date
            else lots_met.met_on
        end as lots_met_on,
        -- verified from kyc_verified_at, else from registration when the status is verified
        -- and the timestamp is missing; any other current status is not verified
        case
            when not customer_versions.require_kyc then customer_versions.registration_date
            when customer_versions.kyc_status = 'verified'
                then coalesce(customer_versions.kyc_verified_date, customer_versions.registration_date)
        end as kyc_met_on,
        -- an empty allowlist allows every country (restricted ones never reach this model)
        case
            when customer_versions.geo_allowlist is null then customer_versions.registration_date
            when {{ list_contains('upper(customer_versions.geo_allowlist)', 'customer_versions.country') }}
                then customer_versions.registration_date
        end as geo_met_on
    from customer_versions
    left join ftd
        on customer_versions.customer_id = ftd.customer_id
        and customer_versions.brand_id = ftd.brand_id
        and customer_versions.deal_id = ftd.deal_id
        and customer_versions.deal_version = ftd.deal_version
    {% for cond in cumulative_conditions %}
    left join {{ cond.name }}_met
        on customer_versions.customer_id = {{ cond.name }}_met.customer_id
        and customer_versions.brand_id = {{ cond.name }}_met.brand_id
        and customer_versions.deal_id = {{ cond.name }}_met.deal_id
        and customer_versions.deal_version = {{ cond.name }}_met.deal_version
    {% endfor %}

),

candidates as (

    select
        conditions.*,
        -- the first day this version is in force with all its conditions holding
        greatest(
            ftd_met_on, deposits_met_on, wagered_met_on, lots_met_on, kyc_met_on, geo_met_on,
            registration_date, valid_from
        ) as candidate_on
    from conditions
    where ftd_met_on is not null
        and deposits_met_on is not null
        and wagered_met_on is not null
        and lots_met_on is not null
        and kyc_met_on is not null
        and geo_met_on is not null

),

valid_candidates as (

    select
        candidates.*,
        row_number() over (
            partition by customer_id, brand_id
            order by candidate_on asc nulls last, valid_from asc nulls last, deal_id asc nulls last, deal_version asc nulls last
        ) as candidate_rank
    from candidates
    where (valid_to is null or candidate_on < valid_to)
        and (window_end is null or candidate_on <= window_end)

),

final as (

    select
        -- ids
        customer_id,
        brand_id,
        partner_id,
        deal_id,
        deal_version,
        -- the payment
        deal_currency as currency,
        cpa_amount,
        -- dates
        candidate_on as qualified_on,
        cast({{ dbt.date_trunc('month', 'candidate_on') }} as date) as period_month,
        registration_date,
        window_days,
        window_end,
        {{ dbt.datediff('registration_date', 'candidate_on', 'day') }} as days_after_registration,
        -- each condition: threshold and the date it was first met
        ftd_date,
        ftd_amount_deal,
        min_first_deposit,
        ftd_met_on,
        min_deposits_total,
        deposits_met_on,
        vertical,
        min_wagered,
        wagered_met_on,
        min_lots,
        lots_met_on,
        require_kyc,
        kyc_met_on,
        country,
        geo_allowlist,
        geo_met_on
    from valid_candidates
    where candidate_rank = 1

)

select * from final
