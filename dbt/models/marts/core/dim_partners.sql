-- One row per partner: master data, place in the partner tree (parent, root, depth) and a
-- summary of its open deal versions (valid_to NULL: in force with no end date). "Open" rather
-- than "in force today" keeps the dimension reproducible from the same inputs.

with partners as (

    select * from {{ ref('stg_ops__partners') }}

),

ancestors as (

    select * from {{ ref('int_partner_ancestors') }}

),

tree as (

    select
        partners.partner_id,
        coalesce(max(ancestors.depth), 0) as tree_depth
    from partners
    left join ancestors
        on partners.partner_id = ancestors.partner_id
    group by partners.partner_id

),

roots as (

    select
        tree.partner_id,
        tree.tree_depth,
        coalesce(ancestors.ancestor_partner_id, tree.partner_id) as root_partner_id
    from tree
    left join ancestors
        on tree.partner_id = ancestors.partner_id
        and tree.tree_depth = ancestors.depth

),

brand_links as (

    select
        partner_id,
        count(*) as brand_count,
        sum(case when status = 'active' then 1 else 0 end) as active_brand_count
    from {{ ref('stg_ops__partner_brands') }}
    group by partner_id

),

open_versions as (

    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        currency,
        trim({{ dbt.concat([
            "case when has_cpa then 'cpa ' else '' end",
            "case when has_revshare then 'revshare ' else '' end",
            "case when has_lot_rebate then 'lot_rebate ' else '' end",
            "case when has_spread_share then 'spread_share ' else '' end",
            "case when has_challenge then 'challenge ' else '' end",
            "case when has_sub_partner then 'sub_partner ' else '' end",
        ]) }}) as components
    from {{ ref('int_deal_versions') }}
    where valid_to is null

),

version_summaries as (

    select
        partner_id,
        {{ dbt.concat([
            "brand_id", "': '", "deal_id", "' v'", "cast(deal_version as " ~ dbt.type_string() ~ ")",
            "' '", "currency", "' ('", "components", "')'",
        ]) }} as version_summary
    from open_versions

),

deal_summaries as (

    select
        partner_id,
        count(*) as open_deal_version_count,
        {{ dbt.listagg('version_summary', "'; '", 'order by version_summary') }} as deal_summary
    from version_summaries
    group by partner_id

),

final as (

    select
        -- ids
        partners.partner_id,
        partners.parent_partner_id,
        roots.root_partner_id,
        partners.person_key,
        -- attributes
        partners.display_name,
        partners.partner_type,
        partners.country,
        partners.email,
        partners.status,
        partners.kyc_status,
        partners.payout_currency,
        partners.payout_threshold,
        -- tree
        cast(roots.tree_depth as bigint) as tree_depth,
        (partners.parent_partner_id is not null) as is_sub_partner,
        -- brands and deals
        cast(coalesce(brand_links.brand_count, 0) as bigint) as brand_count,
        cast(coalesce(brand_links.active_brand_count, 0) as bigint) as active_brand_count,
        cast(coalesce(deal_summaries.open_deal_version_count, 0) as bigint)
            as open_deal_version_count,
        deal_summaries.deal_summary,
        -- timestamps
        partners.joined_at
    from partners
    inner join roots
        on partners.partner_id = roots.partner_id
    left join brand_links
        on partners.partner_id = brand_links.partner_id
    left join deal_summaries
        on partners.partner_id = deal_summaries.partner_id

)

select * from final
