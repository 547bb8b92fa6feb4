-- Every ancestor of every partner, depth 1 = the direct parent, up to the root. Built with a
-- bounded chain of self-joins (portable: no recursive CTE). The bound is the var
-- partner_tree_max_depth; a parent chain deeper than it (or a cycle) is cut there and the
-- singular test assert_partner_tree_within_max_depth fails.

{%- set max_depth = var('partner_tree_max_depth') %}

with partners as (

    select
        partner_id,
        parent_partner_id
    from {{ ref('stg_ops__partners') }}

),

{% for depth in range(1, max_depth + 1) %}
depth_{{ depth }} as (

    {% if depth == 1 %}
    select
        partner_id,
        parent_partner_id as ancestor_partner_id,
        1 as depth
    from partners
    where parent_partner_id is not null
    {% else %}
    select
        depth_{{ depth - 1 }}.partner_id,
        partners.parent_partner_id as ancestor_partner_id,
        {{ depth }} as depth
    from depth_{{ depth - 1 }}
    inner join partners
        on depth_{{ depth - 1 }}.ancestor_partner_id = partners.partner_id
    where partners.parent_partner_id is not null
    {% endif %}

),
{% endfor %}

final as (

    {% for depth in range(1, max_depth + 1) %}
    select
        partner_id,
        ancestor_partner_id,
        cast(depth as bigint) as depth
    from depth_{{ depth }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from final
