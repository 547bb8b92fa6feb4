{#- Step 2 of the payouts: the below-threshold carry, and what is paid.

    balance = carried_in + statement_total. The month pays when the balance reaches the
    partner's payout_threshold (and is above zero): amount = balance, carried_out = 0.
    Otherwise amount = 0 and the whole balance, negative ones included, is carried_out into
    the partner's next month with a statement (is_payable false: status below_threshold).
    A threshold reset depends on the running balance itself, so no window function can
    express it; the carry is computed set-based, one CTE per month number, every partner at
    once (a bounded Jinja loop, portable SQL). More months than var payout_carry_max_months
    leave carried_in NULL, which mart_payouts' not_null test reports. -#}
{%- set max_months = var('payout_carry_max_months') %}

with

numbered as (

    select
        converted.*,
        -- nothing is paid out at or below zero, whatever the threshold
        case
            when
                converted.payout_threshold > 0.01
                then cast(converted.payout_threshold as decimal(18, 2))
            else cast(0.01 as decimal(18, 2))
        end as pay_limit,
        row_number() over (
            partition by converted.partner_id
            order by converted.period_month asc nulls last
        ) as month_no
    from {{ ref('int_payouts_converted') }} as converted

),

{% for k in range(1, max_months + 1) %}
carry_{{ k }} as (

    select
        numbered.partner_id,
        numbered.month_no,
        numbered.pay_limit,
    {% if k == 1 -%}
    cast(0 as decimal(18, 2)) as carried_in,
    cast(numbered.statement_total as decimal(18, 2)) as balance
    {%- else -%}
    cast(case when prev.balance >= prev.pay_limit then 0 else prev.balance end as decimal(18, 2))
        as carried_in,
    cast(
        case when prev.balance >= prev.pay_limit then 0 else prev.balance end
        + numbered.statement_total
        as decimal(18, 2)
    ) as balance
    {%- endif %}
    from numbered
    {% if k > 1 -%}
    inner join carry_{{ k - 1 }} as prev
        on numbered.partner_id = prev.partner_id
    {%- endif %}
    where numbered.month_no = {{ k }}

),
{% endfor %}

carried as (

    {% for k in range(1, max_months + 1) %}
    select
        partner_id,
        month_no,
        carried_in,
        balance
    from carry_{{ k }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

balanced as (

    select
        {{ dbt.concat([
            "'PO-'", "numbered.partner_id", "'-'",
            "substr(cast(numbered.period_month as " ~ dbt.type_string() ~ "), 1, 7)",
        ]) }} as payout_id,
        numbered.partner_id,
        numbered.period_month,
        numbered.payout_currency,
        numbered.brand_count,
        numbered.fx_rate_date,
        numbered.payout_threshold,
        numbered.pay_limit,
        numbered.payout_usd_per_unit,
        numbered.statement_total,
        carried.carried_in,
        carried.balance,
        carried.balance >= numbered.pay_limit as is_payable
    from numbered
    left join carried
        on numbered.partner_id = carried.partner_id
        and numbered.month_no = carried.month_no

),

priced as (

    select
        balanced.*,
        cast(case when balanced.is_payable then balanced.balance else 0 end as decimal(18, 2))
            as amount,
        cast(case when balanced.is_payable then 0 else balanced.balance end as decimal(18, 2))
            as carried_out,
        cast(
            cast(case when balanced.is_payable then balanced.balance else 0 end as decimal(18, 2))
            * balanced.payout_usd_per_unit
            as decimal(18, 2)
        ) as amount_usd
    from balanced

)

select * from priced
