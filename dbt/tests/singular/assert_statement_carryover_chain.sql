-- RULES.md: carryover_in of a statement row = carryover_out of the previous statement row of
-- the same partner and brand (0 for the first), and where carryover applies
-- revshare = max(0, gross + carryover_in), carryover_out = min(0, gross + carryover_in).
with ordered as (

    select
        statement.*,
        coalesce(lag(statement.carryover_out) over (
            partition by statement.partner_id, statement.brand_id
            order by statement.period_month asc nulls last
        ), 0) as previous_carryover_out
    from {{ ref('fct_partner_monthly_statement') }} as statement

)

select *
from ordered
where carryover_in <> previous_carryover_out
    or carryover_out > 0
    or carryover_in > 0
    or revshare < 0
    or (
        carryover_out <> 0
        and (
            carryover_out <> revshare_gross + carryover_in
            or revshare <> 0
        )
    )
