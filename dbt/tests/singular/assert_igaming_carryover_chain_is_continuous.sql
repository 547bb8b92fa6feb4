-- RULES.md "Negative carryover", for each line set: carryover_in is the previous row's carryover_out (first row 0);
-- revshare >= 0, carryover_out <= 0, and nothing is created or lost:
-- revshare + carryover_out = carryover_in + the month's effective gross (the gross, or 0 for a
-- negative gross without negative_carryover).
with chained as (

    select
        carry.*,
        coalesce(
            lag(carry.carryover_out) over (
                partition by carry.line_set, carry.partner_id, carry.brand_id, carry.currency
                order by carry.period_month asc nulls last
            ),
            0
        ) as previous_carryover_out,
        case
            when not carry.negative_carryover and carry.revshare_gross < 0 then 0
            else carry.revshare_gross
        end as effective_gross
    from {{ ref('int_revshare_carryover') }} as carry

)

select *
from chained
where carryover_in <> previous_carryover_out
    or revshare < 0
    or carryover_out > 0
    or revshare + carryover_out <> carryover_in + effective_gross
