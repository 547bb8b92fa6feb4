-- Every forex line pays round(basis x rate, 2), rounded once (RULES.md "Rounding"); a line
-- whose amount is NULL (missing FX rate) is the data-quality gate's business, not this test's.
select *
from {{ ref('int_commission_lines_forex') }}
where amount is not null
  and amount <> cast(round(basis_amount * rate, 2) as decimal(18, 2))
