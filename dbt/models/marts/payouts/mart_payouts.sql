{#- One payout per partner and month, all brands consolidated in the partner's payout currency
    (OUTPUTS.md mart_payouts; docs/decisions/006-payouts-and-audit.md), assembled from its steps:
    int_payouts_converted (payout currency, last-day rate) -> int_payouts_carried (the
    below-threshold carry, amount) -> int_payouts_routed (risk signals of int_payout_risk,
    payout routing) -> here: the latest decision mirrored from the ops store.

    Status: macro payout_status_after (dbt/macros/payout_status.sql), the one home of the rule.
    An approval of another amount than the current one (late data changed the payout since)
    is stale: held, to be approved again. status_after_<action> is what a decision recorded
    after this build would make of the payout (taken on the published amount, so never a
    stale approval); decisions_seen_through_seq is the last ops-store seq this build mirrored.
    The app and `partnerledger payouts list` show status_after_<latest action> for a payout
    decided after that seq, else status (docs/decisions/010-payout-status-one-home.md). -#}
{{ config(
    pre_hook=[
        "create schema if not exists ops_snapshot",
        ops_snapshot_create_sql('decisions'),
    ]
) }}

with

routed as (

    select * from {{ ref('int_payouts_routed') }}

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

-- one row, also without decisions (an aggregate without group by)
seen as (

    select coalesce(max(seq), 0) as decisions_seen_through_seq
    from {{ source('ops_decisions', 'decisions') }}

),

decided as (

    select
        routed.*,
        decisions.action,
        decisions.actor,
        decisions.reason,
        decisions.decided_at,
        decisions.amount_at_decision,
        -- an approval stands for the amount approved: late data that changed the payout since
        -- makes it stale, and the payout is held to be approved again
        coalesce(
            decisions.action in ('approve', 'batch_approve')
            and decisions.amount_at_decision <> routed.amount,
            false
        ) as is_stale_approval
    from routed
    left join decisions
        on routed.payout_id = decisions.payout_id
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
        decided.route,
        {{ payout_status_after('decided.action', 'decided.is_stale_approval', 'decided.is_risk_hold', 'decided.is_payable') }}
            as status,
        case
            -- a hold's reasons: signals below the hold score hold nothing (risk_signals shows them)
            when not decided.is_risk_hold and coalesce(decided.action, '') <> 'hold'
                and not decided.is_stale_approval then null
            {%- set parts = [
                "case when decided.action = 'hold' then " ~ dbt.concat(["'; manual hold by '", "decided.actor", "': '", "decided.reason"]) ~ " else '' end",
                "case when decided.is_stale_approval then " ~ dbt.concat(["'; approved by '", "decided.actor", "' at '", "cast(decided.amount_at_decision as " ~ dbt.type_string() ~ ")", "', the amount changed since: approve again'"]) ~ " else '' end",
                "case when decided.is_risk_hold then decided.signal_reasons else '' end",
            ] %}
            -- '; '-prefixed fragments, the first prefix cut off
            else substr({{ dbt.concat(parts) }}, 3)
        end as hold_reasons,
        decided.risk_score,
        decided.fx_rate_date,
        -- extras
        decided.statement_total,
        decided.carried_in,
        decided.carried_out,
        decided.amount_usd,
        decided.payout_threshold,
        decided.signal_count,
        decided.is_risk_hold,
        -- every open signal with its count, held or not (what a reviewer reads), NULL when none
        case when decided.signal_count > 0 then substr(decided.signal_reasons, 3) end
            as risk_signals,
        decided.action as last_decision_action,
        decided.actor as last_decision_actor,
        decided.decided_at as last_decided_at,
        -- what a decision recorded after this build makes of the payout (batch_approve = approve)
        {%- for action in ['approve', 'reject', 'hold', 'release'] %}
        {{ payout_status_after("'" ~ action ~ "'", 'false', 'decided.is_risk_hold', 'decided.is_payable') }}
            as status_after_{{ action }},
        {%- endfor %}
        seen.decisions_seen_through_seq
    from decided
    cross join seen

)

select * from final
