{#- Helpers shared by the commission-line models (one column list, one month label). -#}

{#- The commission-line columns of docs/architecture.md, in order, with their exact types. -#}
{% macro commission_line_columns() %}
    {{ return([
        ('partner_id', dbt.type_string()),
        ('brand_id', dbt.type_string()),
        ('period_month', 'date'),
        ('deal_id', dbt.type_string()),
        ('deal_version', 'bigint'),
        ('component', dbt.type_string()),
        ('customer_id', dbt.type_string()),
        ('symbol_group', dbt.type_string()),
        ('basis_amount', 'decimal(24,8)'),
        ('basis_unit', dbt.type_string()),
        ('rate', 'decimal(24,8)'),
        ('amount', 'decimal(18,2)'),
        ('currency', dbt.type_string()),
        ('explanation', dbt.type_string()),
        ('source_count', 'bigint'),
        ('source_ref', dbt.type_string()),
    ]) }}
{% endmacro %}

{#- select list casting a relation's columns to the commission-line types, in order -#}
{% macro select_commission_line_columns(prefix='') -%}
    {%- for name, type in commission_line_columns() %}
        cast({{ prefix }}{{ name }} as {{ type }}) as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- 'YYYY-MM' of a date (portable: a date cast to string is ISO on DuckDB and Spark) -#}
{% macro month_label(date_expr) -%}
    substring(cast({{ date_expr }} as {{ dbt.type_string() }}), 1, 7)
{%- endmacro %}

{#- The payable components of a statement row, in OUTPUTS.md order. -#}
{% macro statement_components() %}
    {{ return(['cpa', 'revshare', 'lot_rebate', 'spread_share', 'challenge', 'challenge_clawback',
               'sub_partner', 'ib_override', 'adjustment']) }}
{% endmacro %}
