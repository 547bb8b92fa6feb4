{#- The deal version in force on a date (LANDING.md ops/deals): valid_from inclusive, valid_to
    exclusive, an open valid_to runs for ever. A join condition on the versions relation. -#}
{% macro deal_version_in_force(date_expr, versions='deals') -%}
    {{ date_expr }} >= {{ versions }}.valid_from
        and ({{ versions }}.valid_to is null or {{ date_expr }} < {{ versions }}.valid_to)
{%- endmacro %}
