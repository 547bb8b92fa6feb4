-- Period close (issue: "Closing a period freezes its statements and payouts: late data for a
-- closed month never rewrites it; the difference appears as an adjustment line in the first
-- open month, with the reason and the source rows").
-- For every closed month, per partner, brand, component, deal version and currency:
--   difference = recomputed lines - frozen lines - adjustments already made for it
-- and a non-zero difference becomes one `adjustment` line in the first open month (the month
-- after the latest closed month), priced under the same deal version, rate 1.
-- basis_unit 'late <component> <currency> <YYYY-MM>' names what is adjusted; a later close
-- freezes adjustment lines too, and matching on basis_unit keeps them from being paid twice.

with closes as (

    select distinct period_month
    from {{ source('ops_snapshot', 'period_closes') }}

),

first_open as (

    select
        {{ first_open_month() }} as period_month
    from closes
    having count(*) > 0

),

recomputed as (

    select recomputed.*
    from {{ ref('int_commission_lines_recomputed') }} as recomputed
    inner join closes
        on recomputed.period_month = closes.period_month

),

frozen as (

    select frozen.*
    from {{ source('ops_snapshot', 'closed_lines') }} as frozen
    inner join closes
        on frozen.period_month = closes.period_month

),

recomputed_refs as (

    select distinct
        partner_id,
        brand_id,
        period_month,
        component,
        deal_id,
        deal_version,
        currency,
        source_ref
    from recomputed

),

recomputed_sums as (

    select
        recomputed.partner_id,
        recomputed.brand_id,
        recomputed.period_month,
        recomputed.component,
        recomputed.deal_id,
        recomputed.deal_version,
        recomputed.currency,
        sum(recomputed.amount) as amount,
        sum(recomputed.source_count) as source_count
    from recomputed
    group by 1, 2, 3, 4, 5, 6, 7

),

recomputed_ref_lists as (

    select
        partner_id,
        brand_id,
        period_month,
        component,
        deal_id,
        deal_version,
        currency,
        {{ dbt.listagg('source_ref', "'; '", 'order by source_ref') }} as source_refs
    from recomputed_refs
    group by 1, 2, 3, 4, 5, 6, 7

),

frozen_sums as (

    select
        partner_id,
        brand_id,
        period_month,
        component,
        deal_id,
        deal_version,
        currency,
        sum(amount) as amount
    from frozen
    where component <> 'adjustment'
    group by 1, 2, 3, 4, 5, 6, 7

),

earlier_adjustments as (

    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        basis_unit,
        sum(amount) as amount
    from frozen
    where component = 'adjustment'
    group by 1, 2, 3, 4, 5

),

compared as (

    select
        coalesce(r.partner_id, f.partner_id) as partner_id,
        coalesce(r.brand_id, f.brand_id) as brand_id,
        coalesce(r.period_month, f.period_month) as closed_month,
        coalesce(r.component, f.component) as adjusted_component,
        coalesce(r.deal_id, f.deal_id) as deal_id,
        coalesce(r.deal_version, f.deal_version) as deal_version,
        coalesce(r.currency, f.currency) as currency,
        coalesce(r.amount, 0) as recomputed_amount,
        coalesce(f.amount, 0) as frozen_amount,
        coalesce(r.source_count, 0) as source_count
    from recomputed_sums as r
    full outer join frozen_sums as f
        on r.partner_id = f.partner_id
        and r.brand_id = f.brand_id
        and r.period_month = f.period_month
        and r.component = f.component
        and r.deal_id = f.deal_id
        and r.deal_version = f.deal_version
        and r.currency = f.currency

),

labelled as (

    select
        compared.*,
        {{ dbt.concat([
            "'late '", "adjusted_component", "' '", "currency", "' '", month_label('closed_month'),
        ]) }} as basis_unit
    from compared

),

differences as (

    select
        labelled.*,
        coalesce(earlier_adjustments.amount, 0) as earlier_amount,
        labelled.recomputed_amount - labelled.frozen_amount
        - coalesce(earlier_adjustments.amount, 0) as difference
    from labelled
    left join earlier_adjustments
        on labelled.partner_id = earlier_adjustments.partner_id
        and labelled.brand_id = earlier_adjustments.brand_id
        and labelled.deal_id = earlier_adjustments.deal_id
        and labelled.deal_version = earlier_adjustments.deal_version
        and labelled.basis_unit = earlier_adjustments.basis_unit

),

final as (

    select
        differences.partner_id,
        differences.brand_id,
        first_open.period_month,
        differences.deal_id,
        cast(differences.deal_version as bigint) as deal_version,
        cast('adjustment' as {{ dbt.type_string() }}) as component,
        cast(null as {{ dbt.type_string() }}) as customer_id,
        cast(null as {{ dbt.type_string() }}) as symbol_group,
        cast(differences.difference as decimal(24, 8)) as basis_amount,
        cast(differences.basis_unit as {{ dbt.type_string() }}) as basis_unit,
        cast(1 as decimal(24, 8)) as rate,
        cast(differences.difference as decimal(18, 2)) as amount,
        differences.currency,
        cast({{ dbt.concat([
            "'Adjustment of '", "differences.adjusted_component", "' for closed period '",
            month_label('differences.closed_month'),
            "': recomputed '", "cast(cast(differences.recomputed_amount as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' minus frozen '", "cast(cast(differences.frozen_amount as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' minus earlier adjustments '", "cast(cast(differences.earlier_amount as decimal(18,2)) as " ~ dbt.type_string() ~ ")",
            "' '", "differences.currency", "'; reason: late data for closed period '",
            month_label('differences.closed_month'),
        ]) }} as {{ dbt.type_string() }}) as explanation,
        cast(differences.source_count as bigint) as source_count,
        cast({{ dbt.concat([
            "'late data for closed period '", month_label('differences.closed_month'), "': '",
            "coalesce(ref_lists.source_refs, 'no recomputed lines (frozen lines no longer priced)')",
        ]) }} as {{ dbt.type_string() }}) as source_ref
    from differences
    cross join first_open
    left join recomputed_ref_lists as ref_lists
        on differences.partner_id = ref_lists.partner_id
        and differences.brand_id = ref_lists.brand_id
        and differences.closed_month = ref_lists.period_month
        and differences.adjusted_component = ref_lists.component
        and differences.deal_id = ref_lists.deal_id
        and differences.deal_version = ref_lists.deal_version
        and differences.currency = ref_lists.currency
    where differences.difference <> 0

)

select * from final
