-- OUTPUTS.md: total = cpa + revshare + lot_rebate + spread_share + challenge
-- + challenge_clawback + sub_partner + ib_override + adjustment.
select *
from {{ ref('fct_partner_monthly_statement') }}
where total <> cpa + revshare + lot_rebate + spread_share + challenge + challenge_clawback
    + sub_partner + ib_override + adjustment
