{#- Step 3 of the payouts: the open risk signals of a partner's month (int_partner_risk_signals),
    one row per partner-month with at least one. int_payouts_routed holds a payable payout
    whose risk_score reaches var risk_hold_score (docs/decisions/030-hold-calibration-and-payment-files.md).

    risk_score: 0-100, the sum over signal kinds of var risk_score_points by the kind's highest
    severity (var risk_signal_severity; `report` = 0 points), capped at 100. signal_reasons: one '; <signal> (<count>)' fragment per kind, in
    the order below, the fragments hold_reasons ends with. -#}
{%- set signals = ['ip_cluster', 'bonus_abuse', 'cpa_inactive', 'chargeback_share', 'restricted_traffic', 'self_referral'] %}
{%- set points = var('risk_score_points') %}

with

by_kind as (

    select
        partner_id,
        period_month,
        {% for s in signals %}
        sum(case when signal = '{{ s }}' then 1 else 0 end) as n_{{ s }},
        max(case when signal = '{{ s }}'
                then
                    case severity
                        when 'high' then {{ points['high'] }}
                        when 'medium' then {{ points['medium'] }}
                        when 'low' then {{ points['low'] }}
                        else {{ points['report'] }}
                    end
            else 0
        end) as points_{{ s }},
        {% endfor %}
        count(*) as signal_count
    from {{ ref('int_partner_risk_signals') }}
    group by 1, 2

),

scored as (

    select
        partner_id,
        period_month,
        signal_count,
        {%- set total = [] %}
        {%- for s in signals %}{% do total.append('points_' ~ s) %}{% endfor %}
        cast(
            case when {{ total | join(' + ') }} > 100 then 100 else {{ total | join(' + ') }} end
            as bigint
        ) as risk_score,
        {%- set parts = [] %}
        {%- for s in signals %}
        {%- do parts.append("case when n_" ~ s ~ " > 0 then " ~ dbt.concat(["'; " ~ s ~ " ('", "cast(n_" ~ s ~ " as " ~ dbt.type_string() ~ ")", "')'"]) ~ " else '' end") %}
        {%- endfor %}
        {{ dbt.concat(parts) }} as signal_reasons
    from by_kind

)

select * from scored
