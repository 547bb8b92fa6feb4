{#- An amount converted at a day's rates (RULES.md "Currency"): via USD,
    x x usd_per_unit(from) / usd_per_unit(to), both rates those of the same day (the callers join
    int_fx_rates_daily twice). A missing rate leaves NULL, never zero. DuckDB divides decimals in
    DOUBLE: the quotient is cast straight back to an exact decimal. -#}
{% macro fx_convert(amount, from_fx='fx_from', to_fx='fx_to', type='decimal(24,8)') -%}
    cast({{ amount }} * {{ from_fx }}.usd_per_unit / nullif({{ to_fx }}.usd_per_unit, 0) as {{ type }})
{%- endmacro %}

{#- The two joins fx_convert reads: the rates of `day` for the amount's currency (fx_from) and
    the target currency (fx_to). Left joins, so a missing rate leaves NULL for the FX gate to
    name, never a dropped row. -#}
{% macro fx_rates_of_day(day, from_currency, to_currency, fx='fx') -%}
    left join {{ fx }} as fx_from
        on {{ day }} = fx_from.rate_date
        and {{ from_currency }} = fx_from.currency
    left join {{ fx }} as fx_to
        on {{ day }} = fx_to.rate_date
        and {{ to_currency }} = fx_to.currency
{%- endmacro %}
