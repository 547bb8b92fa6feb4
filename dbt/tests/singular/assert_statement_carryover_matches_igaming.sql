-- The statement shows the carryover of the final lines (int_revshare_carryover, line set
-- 'final': frozen lines for closed months); the sub-partner basis uses the chain of the
-- recomputed lines (line set 'recomputed'). On open months the two must agree: the frozen
-- months only differ from the recomputed ones by late data, and a partner and brand whose
-- closed revshare was adjusted for late data diverge by design (the frozen month keeps its
-- carry; the difference is paid as an adjustment line), so they are left out. Any other
-- difference means the statement and the sub-partner shares were priced on different chains.
with closes as (

    select distinct period_month from {{ source('ops_snapshot', 'period_closes') }}

),

recomputed as (

    select * from {{ ref('int_revshare_carryover') }}
    where line_set = 'recomputed'

)

select
    statement.partner_id,
    statement.brand_id,
    statement.period_month,
    statement.carryover_in,
    recomputed.carryover_in as recomputed_carryover_in,
    statement.carryover_out,
    recomputed.carryover_out as recomputed_carryover_out,
    statement.revshare,
    recomputed.revshare as recomputed_revshare
from {{ ref('fct_partner_monthly_statement') }} as statement
inner join recomputed
    on statement.partner_id = recomputed.partner_id
    and statement.brand_id = recomputed.brand_id
    and statement.currency = recomputed.currency
    and statement.period_month = recomputed.period_month
where statement.period_month
    > coalesce((select max(period_month) from closes), cast('1900-01-01' as date))
    and not exists (
        select 1
        from {{ ref('fct_commission_lines') }} as lines
        where lines.partner_id = statement.partner_id
            and lines.brand_id = statement.brand_id
            and lines.component = 'adjustment'
            and lines.basis_unit like 'late revshare %'
    )
    and (
        statement.carryover_in <> recomputed.carryover_in
        or statement.carryover_out <> recomputed.carryover_out
        or statement.revshare <> recomputed.revshare
        or statement.revshare_gross <> recomputed.revshare_gross
    )
