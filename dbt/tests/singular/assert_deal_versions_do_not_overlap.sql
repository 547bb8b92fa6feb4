-- docs/architecture.md GUARANTEE: for one (partner_id, brand_id) the [valid_from, valid_to)
-- ranges of int_deal_versions never overlap. Returns the overlapping pairs.
select
    a.partner_id,
    a.brand_id,
    a.deal_id as deal_id_a,
    a.deal_version as deal_version_a,
    b.deal_id as deal_id_b,
    b.deal_version as deal_version_b
from {{ ref('int_deal_versions') }} as a
inner join {{ ref('int_deal_versions') }} as b
    on a.partner_id = b.partner_id
    and a.brand_id = b.brand_id
    and a.valid_from < b.valid_from
    and (a.valid_to is null or a.valid_to > b.valid_from)
