-- RULES.md "iGaming": NGR = GGR - bonuses - jackpot - tax - chargebacks - admin fee (each
-- deduction already 0 where the brand switches it off), in the deal currency. Rows are rounded
-- to 8 decimals one by one, so a difference of more than a millionth per row is an error.
select *
from {{ ref('int_casino_ngr_daily') }}
where abs(
        ngr
        - (
            ggr
            - bonus_deduction
            - jackpot_deduction
            - tax_deduction
            - chargeback_deduction
            - admin_fee
        )
    ) > 0.000001 * activity_rows
    or admin_fee < 0
