{#- RULES.md "Lot rebate": a deal's rate for a symbol group is its rate for that group, else its
    `default` rate (the key var forex_unmatched_symbol_group names). join_deal_rate adds the two
    lookups on stg_ops__deal_rates (deal_id, deal_version, rate_kind, symbol_group, rate) as
    <alias>_group and <alias>_default, so no model repeats a deal-rates CTE; deal_rate_for_group
    is the rate they give, 0 without one. -#}
{% macro join_deal_rate(kind, alias, deal, group_expr) -%}
    left join {{ ref('stg_ops__deal_rates') }} as {{ alias }}_group
        on {{ deal }}.deal_id = {{ alias }}_group.deal_id
        and {{ deal }}.deal_version = {{ alias }}_group.deal_version
        and {{ alias }}_group.rate_kind = '{{ kind }}'
        and {{ group_expr }} = {{ alias }}_group.symbol_group
    left join {{ ref('stg_ops__deal_rates') }} as {{ alias }}_default
        on {{ deal }}.deal_id = {{ alias }}_default.deal_id
        and {{ deal }}.deal_version = {{ alias }}_default.deal_version
        and {{ alias }}_default.rate_kind = '{{ kind }}'
        and {{ alias }}_default.symbol_group = '{{ var("forex_unmatched_symbol_group") }}'
{%- endmacro %}

{% macro deal_rate_for_group(alias) -%}
    cast(coalesce({{ alias }}_group.rate, {{ alias }}_default.rate, 0) as decimal(24, 8))
{%- endmacro %}
