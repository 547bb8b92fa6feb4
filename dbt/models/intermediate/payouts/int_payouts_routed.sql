{#- Step 4 of the payouts: payout routing, who decides each payout.

    Payout routing on the payout in USD (amount_usd, the period's last-day rate), thresholds in
    vars payout_auto_approval_threshold_usd and payout_finance_threshold_usd:
    finance when amount_usd >= the finance threshold; manager when amount_usd >= the auto
    threshold or the payout is risk-held; else auto.

    is_risk_hold: a payable payout whose risk_score reaches var risk_hold_score. Signals below
    it are shown (signal_reasons) but hold nothing; nothing payable (amount 0) is never held,
    there is nothing to stop (docs/decisions/030-hold-calibration-and-payment-files.md). Who may decide each route is
    partnerledger/ops_store/policy.py (may_decide). -#}
with

carried as (

    select * from {{ ref('int_payouts_carried') }}

),

risk as (

    select * from {{ ref('int_payout_risk') }}

),

routed as (

    select
        carried.*,
        coalesce(risk.signal_count, 0) as signal_count,
        coalesce(risk.risk_score, cast(0 as bigint)) as risk_score,
        coalesce(risk.signal_reasons, '') as signal_reasons,
        coalesce(
            carried.is_payable and risk.risk_score >= {{ var('risk_hold_score') }}, false
        ) as is_risk_hold,
        -- payout routing
        case
            when carried.amount_usd is null then null
            when carried.amount_usd >= {{ var('payout_finance_threshold_usd') }} then 'finance'
            when
                carried.amount_usd >= {{ var('payout_auto_approval_threshold_usd') }}
                then 'manager'
            when
                carried.is_payable and risk.risk_score >= {{ var('risk_hold_score') }}
                then 'manager'
            else 'auto'
        end as route
    from carried
    left join risk
        on carried.partner_id = risk.partner_id
        and carried.period_month = risk.period_month

)

select * from routed
