{#- Partner x brand x month statement rows from a relation of commission lines (the columns of
    docs/architecture.md). One implementation for two uses: int_partner_monthly_components
    (recomputed domain lines: the basis of sub-partner shares, line_set 'recomputed') and
    fct_partner_monthly_statement (the final lines, frozen months included, line_set 'final').

    The component columns are the sums of the relation's lines (var commission_components, in
    statement order; the revshare lines sum to revshare_gross). Negative carryover is NOT priced
    here: carryover_in, carryover_out and revshare come from int_revshare_carryover, the one home
    of that rule, for the line set the relation holds.

    Rows: every month with a line, plus months without lines while a negative carryover passes
    through (int_revshare_carryover's zero rows whose carryover_in = carryover_out), up to the
    relation's last month. Grouped by currency too: a deal currency change starts a new chain. -#}
{% macro statement_column(component) -%}
    {{ return('revshare_gross' if component == 'revshare' else component) }}
{%- endmacro %}

{% macro monthly_statement_sql(lines_relation, line_set, include_line_count=true) %}
with lines as (

    select * from {{ lines_relation }}

),

components as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        {%- for component in statement_components() %}
        sum(case when component = '{{ component }}' then amount else 0 end) as {{ statement_column(component) }},
        {%- endfor %}
        count(*) as line_count
    from lines
    group by partner_id, brand_id, period_month, currency

),

carryover as (

    select *
    from {{ ref('int_revshare_carryover') }}
    where line_set = '{{ line_set }}'
        and period_month <= (select max(period_month) from components)

),

-- the months with lines, and the months a carried balance passes through
statement_months as (

    select partner_id, brand_id, period_month, currency from components
    union
    select partner_id, brand_id, period_month, currency from carryover

),

final as (

    select
        statement_months.partner_id,
        statement_months.brand_id,
        statement_months.period_month,
        statement_months.currency,
        {%- for component in statement_components() %}
        cast(coalesce(components.{{ statement_column(component) }}, 0) as decimal(18,2)) as {{ statement_column(component) }},
        {%- if component == 'revshare' %}
        cast(coalesce(carryover.carryover_in, 0) as decimal(18,2)) as carryover_in,
        cast(coalesce(carryover.carryover_out, 0) as decimal(18,2)) as carryover_out,
        cast(coalesce(carryover.revshare, 0) as decimal(18,2)) as revshare,
        {%- endif %}
        {%- endfor %}
        -- the payable components: revshare after carryover, not its gross
        cast(
            {%- for component in statement_components() %}
            coalesce({{ 'carryover.revshare' if component == 'revshare' else 'components.' ~ component }}, 0)
            {%- if not loop.last %} +{% endif %}
            {%- endfor %}
        as decimal(18,2)) as total{% if include_line_count %},
        cast(coalesce(components.line_count, 0) as bigint) as line_count{% endif %}
    from statement_months
    left join components
        on statement_months.partner_id = components.partner_id
        and statement_months.brand_id = components.brand_id
        and statement_months.currency = components.currency
        and statement_months.period_month = components.period_month
    left join carryover
        on statement_months.partner_id = carryover.partner_id
        and statement_months.brand_id = carryover.brand_id
        and statement_months.currency = carryover.currency
        and statement_months.period_month = carryover.period_month

)

select * from final
{% endmacro %}
