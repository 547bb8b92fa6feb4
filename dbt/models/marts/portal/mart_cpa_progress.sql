-- CPA progress of each partner's recent registrations, per condition, for the partner portal
-- (docs/decisions/034-cpa-progress.md). The partner is the attributed one: a sub-partner's
-- customers are rows of the sub-partner, never of its master.
select
    partner_id,
    brand_id,
    customer_id,
    condition,
    condition_order,
    status,
    current_value,
    required_value,
    value_unit,
    deal_id,
    deal_version,
    registration_date,
    window_end,
    days_left,
    qualified_on,
    as_of_date
from {{ ref('int_cpa_progress') }}
