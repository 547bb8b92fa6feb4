-- int_partner_ancestors follows parent chains only var('partner_tree_max_depth') deep: a
-- partner whose deepest ancestor still has a parent is in a deeper tree or a cycle.
select
    ancestors.partner_id,
    ancestors.ancestor_partner_id,
    ancestors.depth
from {{ ref('int_partner_ancestors') }} as ancestors
inner join {{ ref('stg_ops__partners') }} as partners
    on ancestors.ancestor_partner_id = partners.partner_id
where ancestors.depth = {{ var('partner_tree_max_depth') }}
    and partners.parent_partner_id is not null
