-- RevShare commission lines: one per partner, brand, month, deal version and tier band, so
-- finance sees each rate (progressive months give one line per band slice). basis = the NGR
-- (deal currency) priced at the band's rate; amount rounded half-up to cents once per line.
-- The lines add up to revshare_gross; the carryover is applied at the statement
-- (int_revshare_carryover), never here.
{%- set str = dbt.type_string() %}
{%- set m = "cast(cast(%s as decimal(18,2)) as " ~ str ~ ")" %}
{%- set d = "cast(%s as " ~ str ~ ")" %}
{%- set month = "substring(cast(period_month as " ~ str ~ "), 1, 7)" %}
with

bands as (

    select * from {{ ref('int_revshare_bands') }}

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        deal_id,
        deal_version,
        cast('revshare' as {{ str }}) as component,
        cast(null as {{ str }}) as customer_id,
        cast(null as {{ str }}) as symbol_group,
        cast(basis_amount as decimal(24, 8)) as basis_amount,
        {{ dbt.concat(["'NGR '", "currency"]) }} as basis_unit,
        cast(rate as decimal(24, 8)) as rate,
        amount,
        currency,
        {{ dbt.concat([
            "'RevShare '", month, "': '",
            "case when pricing_mode = 'progressive' then " ~ dbt.concat(["'NGR slice '", m % 'basis_amount', "' '", "currency", "' inside tier '", d % 'tier_no', "' (from '", m % 'tier_from', "case when tier_to is null then ' up' else " ~ dbt.concat(["' to '", m % 'tier_to']) ~ " end", "')'"]) ~ " else " ~ dbt.concat(["'NGR '", m % 'basis_amount', "' '", "currency", "' in tier '", d % 'tier_no', "' (from '", m % 'tier_from', "')'"]) ~ " end",
            "' at '", "cast(cast(rate * 100 as decimal(18,2)) as " ~ str ~ ")", "'%, '", "pricing_mode",
            "case when month_ngr < 0 then ' (negative NGR month: lowest tier rate)' when tier_metric = 'ftd_count' then " ~ dbt.concat(["' (tier by '", d % 'month_ftd_count', "' FTDs in the month)'"]) ~ " else " ~ dbt.concat(["' (tier by month NGR '", m % 'month_ngr', "' '", "currency", "')'"]) ~ " end",
            "'; deal '", "deal_id", "' v'", d % 'deal_version',
            "case when slice_ngr <> month_ngr then " ~ dbt.concat(["', its part of the month from '", d % 'first_activity_date', "' to '", d % 'last_activity_date']) ~ " else '' end"
        ]) }} as explanation,
        cast(activity_rows as bigint) as source_count,
        {{ dbt.concat([
            "'casino_activity '", month, "' partner '", "partner_id", "' brand '", "brand_id",
            "' days '", d % 'first_activity_date', "'..'", d % 'last_activity_date'
        ]) }} as source_ref
    from bands

)

-- the exact commission-line columns and types of docs/architecture.md, in order
select {{ select_commission_line_columns() }}
from final
