-- One row per deal version, as written (LANDING.md deals) or amended in the app, with the
-- ranges in which it actually priced events after overlaps were resolved (int_deal_versions):
-- the deal history a manager, a partner's auditor or a regulator reads.

with deals as (

    select * from {{ ref('stg_ops__deals') }}

),

priced as (

    select
        deal_id,
        deal_version,
        string_agg(
            brand_id || ' ' || cast(valid_from as {{ dbt.type_string() }}) || ' to '
            || coalesce(cast(valid_to as {{ dbt.type_string() }}), 'open'),
            '; ' order by brand_id, valid_from
        ) as priced_ranges
    from {{ ref('int_deal_versions') }}
    group by deal_id, deal_version

),

final as (

    select
        deals.deal_id,
        deals.deal_version,
        deals.partner_id,
        deals.brand_id,
        deals.effective_from,
        deals.effective_to,
        deals.currency,
        concat_ws(
            ', ',
            case when deals.has_cpa then 'cpa' end,
            case when deals.has_revshare then 'revshare' end,
            case when deals.has_lot_rebate then 'lot_rebate' end,
            case when deals.has_spread_share then 'spread_share' end,
            case when deals.has_challenge then 'challenge' end,
            case when deals.has_sub_partner then 'sub_partner' end
        ) as components,
        -- NULL: fully replaced by other versions (or no brand to price), it never priced
        priced.priced_ranges,
        deals.terms_json,
        deals.created_at,
        deals.created_by,
        deals.reason,
        -- partnerledger.deal_amendments exports app amendments under this file name
        case
            when deals._source_file like 'ops/deals_app_amendment_%' then 'app'
            else 'landing'
        end as source,
        deals._source_file as source_file
    from deals
    left join priced
        on deals.deal_id = priced.deal_id
        and deals.deal_version = priced.deal_version

)

select * from final
