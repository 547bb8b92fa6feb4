-- Sub-partner shares (RULES.md "Sub-affiliates"): a master earns sub_partner.rate x each
-- direct sub-partner's own monthly commission total on the same brand (after carryover, before
-- the master's own items; one level only: the sub's own sub_partner earnings are not in it).
-- Decisions:
--   * the master's deal version in force on the month's last day prices the share (the share
--     is earned when the sub's month is complete);
--   * the sub's total is converted into the master's deal currency at the month's last day
--     rate (RULES.md: statement totals convert at the period's last day);
--   * a negative sub total (clawbacks) gives a negative share: the master shares the month as
--     it is; a zero total gives no line.

with subs as (

    select
        partner_id as sub_partner_id,
        parent_partner_id as master_partner_id
    from {{ ref('stg_ops__partners') }}
    where parent_partner_id is not null

),

sub_totals as (

    select
        subs.master_partner_id,
        components.partner_id as sub_partner_id,
        components.brand_id,
        components.period_month,
        components.currency as sub_currency,
        components.total as sub_total,
        components.line_count,
        cast({{ dbt.last_day('components.period_month', 'month') }} as date) as month_end
    from {{ ref('int_partner_monthly_components') }} as components
    inner join subs
        on components.partner_id = subs.sub_partner_id
    where components.total <> 0

),

priced as (

    select
        sub_totals.*,
        deals.deal_id,
        deals.deal_version,
        deals.currency as deal_currency,
        deals.sub_partner_rate as rate,
        {{ fx_convert('sub_totals.sub_total') }} as basis_amount
    from sub_totals
    inner join {{ ref('int_deal_versions') }} as deals
        on sub_totals.master_partner_id = deals.partner_id
        and sub_totals.brand_id = deals.brand_id
        and {{ deal_version_in_force('sub_totals.month_end', 'deals') }}
        and deals.has_sub_partner
    left join {{ ref('int_fx_rates_daily') }} as fx_from
        on sub_totals.sub_currency = fx_from.currency
        and sub_totals.month_end = fx_from.rate_date
    left join {{ ref('int_fx_rates_daily') }} as fx_to
        on deals.currency = fx_to.currency
        and sub_totals.month_end = fx_to.rate_date

),

final as (

    select
        master_partner_id as partner_id,
        brand_id,
        period_month,
        deal_id,
        cast(deal_version as bigint) as deal_version,
        cast('sub_partner' as {{ dbt.type_string() }}) as component,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as symbol_group,
        basis_amount,
        cast(
            {{ dbt.concat(["'sub-partner commission '", "deal_currency"]) }} as {{ dbt.type_string() }}
        )
            as basis_unit,
        cast(rate as decimal(24, 8)) as rate,
        cast(round(basis_amount * rate, 2) as decimal(18, 2)) as amount,
        deal_currency as currency,
        cast({{ dbt.concat([
            "'Share '", "cast(cast(rate as decimal(18,4)) as " ~ dbt.type_string() ~ ")",
            "' of sub-partner '", "sub_partner_id", "' own commission total '",
            "cast(sub_total as " ~ dbt.type_string() ~ ")", "' '", "sub_currency",
            "' on '", "brand_id", "' in '", month_label('period_month'),
            "' (= '", "cast(round(basis_amount, 2) as " ~ dbt.type_string() ~ ")", "' '", "deal_currency",
            "' at the month-end rate), deal '", "deal_id", "' v'",
            "cast(deal_version as " ~ dbt.type_string() ~ ")",
        ]) }} as {{ dbt.type_string() }}) as explanation,
        cast(line_count as bigint) as source_count,
        cast({{ dbt.concat([
            "'fct_partner_monthly_statement '", "sub_partner_id", "' '", "brand_id", "' '",
            month_label('period_month'),
        ]) }} as {{ dbt.type_string() }}) as source_ref
    from priced
    where rate is not null

)

select * from final
