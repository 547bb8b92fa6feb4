-- Each partner's own statement per brand and month from the recomputed domain lines (cpa,
-- revshare with carryover, forex, prop), before sub-partner shares and adjustments: the
-- basis of int_commission_lines_sub_partner. Same rules as fct_partner_monthly_statement
-- (macro monthly_statement_sql); computed separately so sub-partner lines do not depend on
-- the statement they feed (no cycle). Carryover: int_revshare_carryover, line set 'recomputed'.
{{ monthly_statement_sql(ref('int_commission_lines_union'), line_set='recomputed') }}
