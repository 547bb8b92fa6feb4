{#- 0 .. 10^digits - 1 as column `n`: a portable number table (no generate_series, no
    unnest) made of cross-joined digits. Used for date spines. -#}
{% macro integers(digits=5) %}
    {%- for i in range(digits) %}
    {% if not loop.first %}cross join {% endif %}(
        select 0 as d union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    ) as digit_{{ i }}
    {%- endfor %}
{% endmacro %}

{% macro integers_expr(digits=5) -%}
    {%- for i in range(digits) %}{% if not loop.first %} + {% endif %}digit_{{ i }}.d * {{ 10 ** i }}{% endfor -%}
{%- endmacro %}

{#- ';'-separated list membership, portable (no split/unnest): ';A;B;' like '%;A;%'.
    Blanks inside the list are ignored. -#}
{% macro list_contains(list_column, value_column) -%}
    {{ dbt.concat(["';'", "replace(coalesce(" ~ list_column ~ ", ''), ' ', '')", "';'"]) }}
        like {{ dbt.concat(["'%;'", value_column, "';%'"]) }}
{%- endmacro %}
