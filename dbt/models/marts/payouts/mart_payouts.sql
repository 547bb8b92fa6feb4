{#- One payout per partner and month, all brands consolidated in the partner's payout currency
    (OUTPUTS.md mart_payouts; docs/decisions/006-payouts-and-audit.md).

    1. Each statement total (deal currency) is converted at the rate of the period's last day
       (int_fx_rates_daily: the latest rate on or before it), via USD; a missing rate leaves
       the month NULL (the data-quality gate fails), never zero. Converted totals are summed
       exactly and rounded half-up to cents once per partner-month.
    2. Carry: balance = carried_in + statement_total. The month pays when the balance reaches
       the partner's payout_threshold (and is above zero): amount = balance, carried_out = 0.
       Otherwise amount = 0 and the whole balance, negative ones included, is carried_out into
       the partner's next month with a statement (status below_threshold).
       A threshold reset depends on the running balance itself, so no window function can
       express it; the carry is computed set-based, one CTE per month number, every partner at
       once (a bounded Jinja loop, portable SQL). More months than var
       payout_carry_max_months leave carried_in NULL, which the not_null test reports.
    3. Route on the payout in USD: finance when amount_usd >= payout_finance_threshold_usd;
       manager when amount_usd >= payout_auto_approval_threshold_usd or a risk signal is open;
       else auto.
    4. Status: the latest decision mirrored from the ops store wins (approve/batch_approve ->
       approved, reject -> rejected, hold -> held, release -> pending, or below_threshold when
       nothing is payable); without one: held when a risk signal is open, below_threshold
       when nothing is payable, else pending. An approval of another amount than the current
       one (late data changed the payout since) is stale: held, to be approved again. -#}
{{ config(
    pre_hook=[
        "create schema if not exists ops_snapshot",
        ops_snapshot_create_sql('decisions'),
    ]
) }}
{%- set max_months = var('payout_carry_max_months') %}
{%- set signals = ['ip_cluster', 'bonus_abuse', 'cpa_inactive', 'chargeback_share', 'restricted_traffic', 'self_referral'] %}
{%- set points = var('risk_score_points') %}

with

statements as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        total,
        cast({{ dbt.last_day('period_month', 'month') }} as date) as period_end
    from {{ ref('fct_partner_monthly_statement') }}

),

partners as (

    select
        partner_id,
        payout_currency,
        payout_threshold
    from {{ ref('stg_ops__partners') }}

),

fx as (

    select
        rate_date,
        currency,
        cast(usd_per_unit as decimal(20,10)) as usd_per_unit,
        source_rate_date
    from {{ ref('int_fx_rates_daily') }}

),

converted as (

    select
        statements.partner_id,
        statements.brand_id,
        statements.period_month,
        partners.payout_currency,
        partners.payout_threshold,
        fx_to.usd_per_unit as payout_usd_per_unit,
        case
            when statements.currency = partners.payout_currency then cast(statements.total as decimal(28,10))
            else cast(
                cast(statements.total as decimal(18,2)) * fx_from.usd_per_unit / nullif(fx_to.usd_per_unit, 0)
                as decimal(28,10)
            )
        end as total_payout,
        -- the oldest rate behind the figure (a stale rate is visible to the reviewer)
        case
            when fx_from.source_rate_date is null or fx_to.source_rate_date is null then null
            when fx_from.source_rate_date < fx_to.source_rate_date then fx_from.source_rate_date
            else fx_to.source_rate_date
        end as fx_rate_date
    from statements
    inner join partners
        on statements.partner_id = partners.partner_id
    left join fx as fx_from
        on statements.period_end = fx_from.rate_date
        and statements.currency = fx_from.currency
    left join fx as fx_to
        on statements.period_end = fx_to.rate_date
        and partners.payout_currency = fx_to.currency

),

partner_months as (

    select
        partner_id,
        period_month,
        payout_currency,
        max(payout_threshold) as payout_threshold,
        max(payout_usd_per_unit) as payout_usd_per_unit,
        -- one missing conversion makes the month unknown, never a partial sum
        case
            when count(total_payout) = count(*) then cast(round(sum(total_payout), 2) as decimal(18,2))
        end as statement_total,
        count(distinct brand_id) as brand_count,
        case when count(fx_rate_date) = count(*) then min(fx_rate_date) end as fx_rate_date
    from converted
    group by 1, 2, 3

),

numbered as (

    select
        partner_months.*,
        -- nothing is paid out at or below zero, whatever the threshold
        case
            when payout_threshold > 0.01 then cast(payout_threshold as decimal(18,2))
            else cast(0.01 as decimal(18,2))
        end as pay_limit,
        row_number() over (
            partition by partner_id
            order by period_month asc nulls last
        ) as month_no
    from partner_months

),

{% for k in range(1, max_months + 1) %}
carry_{{ k }} as (

    select
        numbered.partner_id,
        numbered.month_no,
        numbered.pay_limit,
        {% if k == 1 -%}
        cast(0 as decimal(18,2)) as carried_in,
        cast(numbered.statement_total as decimal(18,2)) as balance
        {%- else -%}
        cast(case when prev.balance >= prev.pay_limit then 0 else prev.balance end as decimal(18,2)) as carried_in,
        cast(
            case when prev.balance >= prev.pay_limit then 0 else prev.balance end + numbered.statement_total
            as decimal(18,2)
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
    select partner_id, month_no, carried_in, balance from carry_{{ k }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

signals as (

    select
        partner_id,
        period_month,
        {% for s in signals %}
        sum(case when signal = '{{ s }}' then 1 else 0 end) as n_{{ s }},
        max(case when signal = '{{ s }}' then
            case severity
                when 'high' then {{ points['high'] }}
                when 'medium' then {{ points['medium'] }}
                else {{ points['low'] }}
            end
        else 0 end) as points_{{ s }},
        {% endfor %}
        count(*) as signal_count
    from {{ ref('int_partner_risk_signals') }}
    group by 1, 2

),

decisions as (

    select
        payout_id,
        action,
        actor,
        reason,
        decided_at,
        amount_at_decision,
        row_number() over (
            partition by payout_id
            order by seq desc nulls last
        ) as decision_rank
    from {{ source('ops_decisions', 'decisions') }}

),

payouts as (

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
        carried.balance >= numbered.pay_limit as is_payable,
        coalesce(signals.signal_count, 0) as signal_count,
        {% for s in signals %}
        coalesce(signals.n_{{ s }}, 0) as n_{{ s }},
        {% endfor %}
        {% for s in signals %}coalesce(signals.points_{{ s }}, 0){% if not loop.last %} + {% endif %}{% endfor %} as risk_points
    from numbered
    left join carried
        on numbered.partner_id = carried.partner_id
        and numbered.month_no = carried.month_no
    left join signals
        on numbered.partner_id = signals.partner_id
        and numbered.period_month = signals.period_month

),

priced as (

    select
        payouts.*,
        cast(case when is_payable then balance else 0 end as decimal(18,2)) as amount,
        cast(case when is_payable then 0 else balance end as decimal(18,2)) as carried_out,
        cast(
            cast(case when is_payable then balance else 0 end as decimal(18,2)) * payout_usd_per_unit
            as decimal(18,2)
        ) as amount_usd
    from payouts

),

decided as (

    select
        priced.*,
        decisions.action,
        decisions.actor,
        decisions.reason,
        decisions.decided_at,
        decisions.amount_at_decision,
        -- an approval stands for the amount approved: late data that changed the payout since
        -- makes it stale, and the payout is held to be approved again
        coalesce(
            decisions.action in ('approve', 'batch_approve')
            and decisions.amount_at_decision <> priced.amount,
            false
        ) as is_stale_approval
    from priced
    left join decisions
        on priced.payout_id = decisions.payout_id
        and decisions.decision_rank = 1

),

final as (

    select
        decided.payout_id,
        decided.partner_id,
        decided.period_month,
        decided.payout_currency,
        decided.amount,
        decided.brand_count,
        case
            when decided.amount_usd is null then null
            when decided.amount_usd >= {{ var('payout_finance_threshold_usd') }} then 'finance'
            when decided.amount_usd >= {{ var('payout_auto_approval_threshold_usd') }} then 'manager'
            when decided.signal_count > 0 then 'manager'
            else 'auto'
        end as route,
        case
            when decided.is_stale_approval then 'held'
            when decided.action in ('approve', 'batch_approve') then 'approved'
            when decided.action = 'reject' then 'rejected'
            when decided.action = 'hold' then 'held'
            when decided.action = 'release' and not decided.is_payable then 'below_threshold'
            when decided.action = 'release' then 'pending'
            when decided.signal_count > 0 then 'held'
            when not decided.is_payable then 'below_threshold'
            else 'pending'
        end as status,
        case
            when decided.signal_count = 0 and coalesce(decided.action, '') <> 'hold'
                and not decided.is_stale_approval then null
            {%- set parts = [
                "case when decided.action = 'hold' then " ~ dbt.concat(["'; manual hold by '", "decided.actor", "': '", "decided.reason"]) ~ " else '' end",
                "case when decided.is_stale_approval then " ~ dbt.concat(["'; approved by '", "decided.actor", "' at '", "cast(decided.amount_at_decision as " ~ dbt.type_string() ~ ")", "', the amount changed since: approve again'"]) ~ " else '' end",
            ] %}
            {%- for s in signals %}
            {%- do parts.append("case when decided.n_" ~ s ~ " > 0 then " ~ dbt.concat(["'; " ~ s ~ " ('", "cast(decided.n_" ~ s ~ " as " ~ dbt.type_string() ~ ")", "')'"]) ~ " else '' end") %}
            {%- endfor %}
            -- '; '-prefixed fragments, the first prefix cut off
            else substr({{ dbt.concat(parts) }}, 3)
        end as hold_reasons,
        cast(case when decided.risk_points > 100 then 100 else decided.risk_points end as bigint) as risk_score,
        decided.fx_rate_date,
        -- extras
        decided.statement_total,
        decided.carried_in,
        decided.carried_out,
        decided.amount_usd,
        decided.payout_threshold,
        decided.signal_count,
        decided.action as last_decision_action,
        decided.actor as last_decision_actor,
        decided.decided_at as last_decided_at
    from decided

)

select * from final
