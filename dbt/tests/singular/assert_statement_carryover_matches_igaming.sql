-- The statement recomputes the revshare carryover from the final lines (so closed months,
-- shown with their frozen lines, stay consistent); on open months it must agree with the
-- igaming domain's int_revshare_carryover, the owner of the rule. A partner and brand whose
-- closed revshare was adjusted for late data diverge by design (the frozen month keeps its
-- carry; the difference is paid as an adjustment line) and are left out.
with closes as (

    select distinct period_month from {{ source('ops_snapshot', 'period_closes') }}

)

select
    statement.partner_id,
    statement.brand_id,
    statement.period_month,
    statement.carryover_in,
    carry.carryover_in as igaming_carryover_in,
    statement.carryover_out,
    carry.carryover_out as igaming_carryover_out,
    statement.revshare,
    carry.revshare as igaming_revshare
from {{ ref('fct_partner_monthly_statement') }} as statement
inner join {{ ref('int_revshare_carryover') }} as carry
    on statement.partner_id = carry.partner_id
    and statement.brand_id = carry.brand_id
    and statement.period_month = carry.period_month
where statement.period_month > coalesce((select max(period_month) from closes), cast('1900-01-01' as date))
    and not exists (
        select 1
        from {{ ref('fct_commission_lines') }} as lines
        where lines.partner_id = statement.partner_id
            and lines.brand_id = statement.brand_id
            and lines.component = 'adjustment'
            and lines.basis_unit like 'late revshare %'
    )
    and (
        statement.carryover_in <> carry.carryover_in
        or statement.carryover_out <> carry.carryover_out
        or statement.revshare <> carry.revshare
        or statement.revshare_gross <> carry.revshare_gross
    )
