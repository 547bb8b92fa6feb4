-- RULES.md "CPA and qualification": the qualification date is on or after registration, on or
-- before registration + window_days, inside the paying version's validity, and not before any
-- of the conditions was met.
select q.*
from {{ ref('int_cpa_qualifications') }} as q
inner join {{ ref('int_deal_versions') }} as v
    on q.partner_id = v.partner_id
    and q.brand_id = v.brand_id
    and q.deal_id = v.deal_id
    and q.deal_version = v.deal_version
where q.qualified_on < q.registration_date
    or (q.window_end is not null and q.qualified_on > q.window_end)
    or q.qualified_on < v.valid_from
    or (v.valid_to is not null and q.qualified_on >= v.valid_to)
    or q.qualified_on < q.ftd_met_on
    or q.qualified_on < q.deposits_met_on
    or q.qualified_on < q.wagered_met_on
    or q.qualified_on < q.lots_met_on
    or q.qualified_on < q.kyc_met_on
    or q.qualified_on < q.geo_met_on
