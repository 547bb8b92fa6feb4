-- Every open risk signal, one row per signal occurrence: partner, brand (NULL for partner-level
-- signals), month, signal, severity and a reason a reviewer can act on. mart_payouts holds a
-- partner-month with any row here and scores it (var risk_score_points).
{%- set signal_models = [
    'int_risk_ip_clusters',
    'int_risk_bonus_abuse',
    'int_risk_cpa_inactive',
    'int_risk_chargebacks',
    'int_risk_restricted_traffic',
    'int_risk_self_referral',
] %}

with

unioned as (

    {% for model in signal_models %}
    select
        partner_id,
        brand_id,
        period_month,
        signal,
        severity,
        detail
    from {{ ref(model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
