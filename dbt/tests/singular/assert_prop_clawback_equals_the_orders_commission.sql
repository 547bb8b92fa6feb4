-- A clawback takes back exactly what the refunded order earned, under the same deal version
-- (RULES.md "Prop trading"): each clawback line mirrors one challenge line, negated.
with

challenge as (

    select * from {{ ref('int_commission_lines_prop') }}
    where component = 'challenge'

),

clawback as (

    select * from {{ ref('int_commission_lines_prop') }}
    where component = 'challenge_clawback'

)

select clawback.*
from clawback
left join challenge
    on clawback.brand_id = challenge.brand_id
    and clawback.partner_id = challenge.partner_id
    and clawback.customer_id = challenge.customer_id
    and clawback.deal_id = challenge.deal_id
    and clawback.deal_version = challenge.deal_version
    and clawback.rate = challenge.rate
    and clawback.basis_amount = -challenge.basis_amount
    and clawback.amount = -challenge.amount
where challenge.partner_id is null
