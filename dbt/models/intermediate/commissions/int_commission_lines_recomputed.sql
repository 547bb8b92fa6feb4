-- Every commission line as the current data prices it: the domain lines plus the sub-partner
-- shares. fct_commission_lines shows these for open months; for closed months it shows the
-- frozen lines instead and int_commission_lines_adjustments carries the difference.

with domain_lines as (

    select * from {{ ref('int_commission_lines_union') }}

),

sub_partner_lines as (

    select * from {{ ref('int_commission_lines_sub_partner') }}

),

final as (

    select {{ select_commission_line_columns() }} from domain_lines
    union all
    select {{ select_commission_line_columns() }} from sub_partner_lines

)

select * from final
