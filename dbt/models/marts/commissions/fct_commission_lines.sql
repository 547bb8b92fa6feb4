-- One row per priced item: the atoms of every statement (OUTPUTS.md).
--   * open months: the lines as the current data prices them (domain lines + sub-partner shares);
--   * closed months (ops_snapshot.period_closes): exactly the lines frozen at the close;
--   * adjustment lines in the first open month for late data of closed months.
-- line_id = md5 of the identifying columns (partner, brand, month, deal version, component,
-- customer, symbol group, basis unit, source_ref); identical lines get a running suffix.
-- amount_usd = amount at the USD rate of the period's last day.

with closes as (

    select distinct period_month
    from {{ source('ops_snapshot', 'period_closes') }}

),

recomputed_open as (

    select recomputed.*
    from {{ ref('int_commission_lines_recomputed') }} as recomputed
    left join closes
        on recomputed.period_month = closes.period_month
    where closes.period_month is null

),

priced as (

    select {{ select_commission_line_columns() }}
    from recomputed_open
    union all
    select {{ select_commission_line_columns() }}
    from {{ ref('int_commission_lines_adjustments') }}

),

keyed as (

    select
        priced.*,
        {{ dbt.hash(dbt.concat([
            "partner_id", "'|'", "brand_id", "'|'", "cast(period_month as " ~ dbt.type_string() ~ ")",
            "'|'", "deal_id", "'|'", "cast(deal_version as " ~ dbt.type_string() ~ ")",
            "'|'", "component", "'|'", "coalesce(customer_id, '')", "'|'", "coalesce(symbol_group, '')",
            "'|'", "coalesce(basis_unit, '')", "'|'", "coalesce(source_ref, '')",
        ])) }} as identity_hash
    from priced

),

numbered as (

    select
        keyed.*,
        row_number() over (
            partition by keyed.identity_hash
            order by
                keyed.amount asc nulls last,
                keyed.basis_amount asc nulls last,
                keyed.explanation asc nulls last
        ) as copy_no
    from keyed

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

fresh_lines as (

    select
        cast(case
            when copy_no = 1 then identity_hash
            else {{ dbt.hash(dbt.concat(["identity_hash", "'#'", "cast(copy_no as " ~ dbt.type_string() ~ ")"])) }}
        end as {{ dbt.type_string() }}) as line_id,
        numbered.partner_id,
        numbered.brand_id,
        numbered.period_month,
        numbered.deal_id,
        numbered.deal_version,
        numbered.component,
        numbered.customer_id,
        numbered.symbol_group,
        numbered.basis_amount,
        numbered.basis_unit,
        numbered.rate,
        numbered.amount,
        numbered.currency,
        cast(round(numbered.amount * fx.usd_per_unit, 2) as decimal(18, 2)) as amount_usd,
        numbered.explanation,
        numbered.source_count,
        numbered.source_ref
    from numbered
    left join fx
        on numbered.currency = fx.currency
        and cast({{ dbt.last_day('numbered.period_month', 'month') }} as date) = fx.rate_date

),

frozen_lines as (

    select
        frozen.line_id,
        frozen.partner_id,
        frozen.brand_id,
        frozen.period_month,
        frozen.deal_id,
        frozen.deal_version,
        frozen.component,
        frozen.customer_id,
        frozen.symbol_group,
        frozen.basis_amount,
        frozen.basis_unit,
        frozen.rate,
        frozen.amount,
        frozen.currency,
        frozen.amount_usd,
        frozen.explanation,
        frozen.source_count,
        frozen.source_ref
    from {{ source('ops_snapshot', 'closed_lines') }} as frozen
    inner join closes
        on frozen.period_month = closes.period_month

),

unioned as (

    select * from fresh_lines
    union all
    select * from frozen_lines

),

final as (

    -- the mart's columns and types: var commission_line_columns, mart-only ones included
    select {{ select_commission_line_columns(mart=true) }}
    from unioned

)

select * from final
