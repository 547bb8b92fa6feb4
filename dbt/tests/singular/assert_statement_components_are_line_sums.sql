-- OUTPUTS.md: the lines of a component add up to the statement's figure for it (revshare
-- lines to revshare_gross), and every line has a statement row.
with line_sums as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        {%- for component in statement_components() %}
        sum(case when component = '{{ component }}' then amount else 0 end)
            as {{ statement_column(component) }}{% if not loop.last %},
        {% endif %}
        {%- endfor %}
    from {{ ref('fct_commission_lines') }}
    group by partner_id, brand_id, period_month, currency

)

select line_sums.*
from line_sums
left join {{ ref('fct_partner_monthly_statement') }} as statement
    on line_sums.partner_id = statement.partner_id
    and line_sums.brand_id = statement.brand_id
    and line_sums.period_month = statement.period_month
    and line_sums.currency = statement.currency
where statement.partner_id is null
    {%- for component in statement_components() %}
    or line_sums.{{ statement_column(component) }} <> statement.{{ statement_column(component) }}
    {%- endfor %}
