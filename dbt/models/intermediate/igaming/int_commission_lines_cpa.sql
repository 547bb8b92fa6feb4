-- One CPA commission line per qualified customer, in the month of the qualification date
-- (RULES.md "Period"), priced by the deal version in force on that date.
-- basis 1 qualified customer x rate (the CPA amount) = amount, rounded half-up to cents once.
-- The explanation lists every condition with its threshold and the date it was met.
{%- set str = dbt.type_string() %}
{%- set m = "cast(cast(%s as decimal(18,2)) as " ~ str ~ ")" %}
{%- set d = "cast(%s as " ~ str ~ ")" %}
with

qualifications as (

    select * from {{ ref('int_cpa_qualifications') }}

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        cast('cpa' as {{ str }}) as component,
        customer_id,
        cast(null as {{ str }}) as symbol_group,
        cast(1 as decimal(24, 8)) as basis_amount,
        cast('qualified customer' as {{ str }}) as basis_unit,
        cast(cpa_amount as decimal(24, 8)) as rate,
        cast(round(cpa_amount, 2) as decimal(18, 2)) as amount,
        currency,
        {{ dbt.concat([
            "'CPA for customer '", "customer_id",
            "', registered '", d % 'registration_date',
            "', qualified on '", d % 'qualified_on',
            "' (day '", d % 'days_after_registration',
            "case when window_days is null then ', no window' else " ~ dbt.concat(["' of '", d % 'window_days']) ~ " end",
            "'): FTD '", m % 'ftd_amount_deal', "' '", "currency", "' on '", d % 'ftd_met_on',
            "' (min '", m % 'min_first_deposit',
            "'); approved deposits >= '", m % 'min_deposits_total', "' since '", d % 'deposits_met_on',
            "case when vertical = 'igaming' then " ~ dbt.concat(["'; stakes >= '", m % 'min_wagered', "' since '", d % 'wagered_met_on']) ~ " else '; stakes not required' end",
            "'; closed lots >= '", m % 'min_lots', "' since '", d % 'lots_met_on',
            "case when require_kyc then " ~ dbt.concat(["'; KYC verified '", d % 'kyc_met_on']) ~ " else '; KYC not required' end",
            "'; country '", "coalesce(country, 'unknown')",
            "case when geo_allowlist is null then ' allowed (no allowlist)' else ' in allowlist' end",
            "'; CPA '", m % 'cpa_amount', "' '", "currency",
            "' by deal '", "deal_id", "' v'", d % 'deal_version'
        ]) }} as explanation,
        cast(1 as bigint) as source_count,
        {{ dbt.concat([
            "'customer '", "customer_id", "' brand '", "brand_id",
            "': payments, casino_activity, closed lots up to '", d % 'qualified_on'
        ]) }} as source_ref
    from qualifications

)

-- the exact commission-line columns and types of docs/architecture.md, in order
select {{ select_commission_line_columns() }}
from final
