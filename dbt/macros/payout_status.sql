{#- The payout status rule, in one place (docs/decisions/010-payout-status-one-home.md).

    The status of a payout after a decision `action` (approve, batch_approve, reject, hold,
    release; NULL = no decision yet) on the payout as built:
    - a stale approval (approved at another amount: late data changed the payout since) -> held,
      to be approved again;
    - approve/batch_approve -> approved, reject -> rejected, hold -> held;
    - release -> pending, or below_threshold when nothing is payable;
    - no decision: held when the payout is risk-held (int_payouts_routed.is_risk_hold: payable,
      risk_score at or above var risk_hold_score), below_threshold when nothing is payable,
      else pending.
    mart_payouts calls it twice: `status` from the latest mirrored decision, and
    status_after_<action> with the action as a literal, what each possible new decision would
    make of the payout as published (the app and the command line look those up for decisions
    recorded after the build; they derive nothing). -#}
{% macro payout_status_after(action, is_stale_approval='false', is_risk_hold='is_risk_hold', is_payable='is_payable') -%}
    case
        when {{ is_stale_approval }} then 'held'
        when {{ action }} in ('approve', 'batch_approve') then 'approved'
        when {{ action }} = 'reject' then 'rejected'
        when {{ action }} = 'hold' then 'held'
        when {{ action }} = 'release' and not {{ is_payable }} then 'below_threshold'
        when {{ action }} = 'release' then 'pending'
        when {{ is_risk_hold }} then 'held'
        when not {{ is_payable }} then 'below_threshold'
        else 'pending'
    end
{%- endmacro %}
