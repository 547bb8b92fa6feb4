-- The partner tree as one row per partner and each of its ancestors (depth 1 = the direct
-- parent), for everyone who walks the tree: the app's sub-partner views read the partners
-- below one ancestor here instead of recursing over dim_partners. The walk and its depth
-- bound (var partner_tree_max_depth) are int_partner_ancestors'; this mart only publishes it.

with ancestors as (

    select * from {{ ref('int_partner_ancestors') }}

),

final as (

    select
        -- ids
        cast(partner_id as {{ dbt.type_string() }}) as partner_id,
        cast(ancestor_partner_id as {{ dbt.type_string() }}) as ancestor_partner_id,
        -- tree
        cast(depth as bigint) as depth
    from ancestors

)

select * from final
