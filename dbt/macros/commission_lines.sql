{#- Helpers shared by the commission-line models (one column list, one month label). -#}

{#- A portable type of the vocabulary vars (`string` -> the engine's string type). -#}
{% macro portable_type(name) %}
    {{ return(dbt.type_string() if name == 'string' else name) }}
{% endmacro %}

{#- The commission-line columns of the domain line models, in order, with their exact types
    (var commission_line_columns, the one owner; the mart adds the `mart_only` ones). -#}
{% macro commission_line_columns(mart=false) %}
    {%- set columns = [] %}
    {%- for c in var('commission_line_columns') if mart or not c.get('mart_only') %}
        {%- do columns.append((c['name'], portable_type(c['type']))) %}
    {%- endfor %}
    {{ return(columns) }}
{% endmacro %}

{#- select list casting a relation's columns to the commission-line types, in order (mart=true:
    the mart's columns, line_id and amount_usd included) -#}
{% macro select_commission_line_columns(prefix='', mart=false) -%}
    {%- for name, type in commission_line_columns(mart=mart) %}
        cast({{ prefix }}{{ name }} as {{ type }}) as {{ name }}{% if not loop.last %},{% endif %}
    {%- endfor %}
{%- endmacro %}

{#- 'YYYY-MM' of a date (portable: a date cast to string is ISO on DuckDB and Spark) -#}
{% macro month_label(date_expr) -%}
    substring(cast({{ date_expr }} as {{ dbt.type_string() }}), 1, 7)
{%- endmacro %}

{#- The payable components of a statement row, in statement order (var commission_components). -#}
{% macro statement_components() %}
    {{ return(var('commission_components') | map(attribute='name') | list) }}
{% endmacro %}
