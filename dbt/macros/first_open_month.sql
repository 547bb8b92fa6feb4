{#- The first open month (period close, docs/decisions/006-payouts-and-audit.md): the month after
    the latest closed month, where adjustment lines for closed months go and through which
    carryover chains run. An aggregate over rows of closed months (`month` their column). -#}
{% macro first_open_month(month='period_month') -%}
    cast({{ dbt.dateadd('month', 1, 'max(' ~ month ~ ')') }} as date)
{%- endmacro %}
