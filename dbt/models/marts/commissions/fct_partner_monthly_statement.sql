-- One row per partner, brand and month with any activity (OUTPUTS.md), from the final lines
-- (frozen lines for closed months, adjustments included), plus zero rows for months in which
-- a negative revshare carryover only passes through. Rules in macro monthly_statement_sql;
-- the carryover (revshare = max(0, revshare_gross + carryover_in), carryover_out = min(0, ...)
-- where the deal carries negatives) is int_revshare_carryover's, line set 'final';
-- total = sum of the payable components.
{{ monthly_statement_sql(ref('fct_commission_lines'), line_set='final', include_line_count=false) }}
