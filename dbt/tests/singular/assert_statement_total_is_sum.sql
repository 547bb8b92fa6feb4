-- OUTPUTS.md: total = the sum of the payable components (var commission_components, read
-- through statement_components(); the revshare column is after carryover, not its gross).
select *
from {{ ref('fct_partner_monthly_statement') }}
where
    total <> {% for component in statement_components() %}{{ component }}{% if not loop.last %} + {% endif %}{% endfor %}
