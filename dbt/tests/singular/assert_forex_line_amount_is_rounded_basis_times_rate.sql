-- Every forex line pays round(basis x rate, 2), rounded once (RULES.md "Rounding"); a line
-- whose amount is NULL (missing FX rate) is the data-quality gate's business, not this test's.
with forex_lines as (

    {% for model_name in ['int_commission_lines_lot_rebate', 'int_commission_lines_spread_share', 'int_commission_lines_ib_override'] %}
    select
        component,
        partner_id,
        brand_id,
        period_month,
        symbol_group,
        basis_amount,
        rate,
        amount
    from {{ ref(model_name) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select *
from forex_lines
where amount is not null
    and amount <> cast(round(basis_amount * rate, 2) as decimal(18, 2))
