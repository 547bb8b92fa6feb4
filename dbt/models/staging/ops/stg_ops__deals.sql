with source as (

    select * from {{ source('ops', 'deals') }}

),

renamed as (

    select
        -- ids
        cast(deal_id as {{ dbt.type_string() }}) as deal_id,
        cast(version as bigint) as deal_version,
        cast(partner_id as {{ dbt.type_string() }}) as partner_id,
        cast(nullif(trim(brand_id), '') as {{ dbt.type_string() }}) as brand_id,
        -- attributes
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        cast(created_by as {{ dbt.type_string() }}) as created_by,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(terms as {{ dbt.type_string() }}) as terms_json,
        -- dates
        cast(effective_from as date) as effective_from,
        cast(effective_to as date) as effective_to,
        -- timestamps
        cast(created_at as timestamp) as created_at,
        -- terms
        cast(coalesce(has_cpa, false) as boolean) as has_cpa,
        cast(cpa_amount as decimal(24, 8)) as cpa_amount,
        cast(cpa_min_first_deposit as decimal(24, 8)) as cpa_min_first_deposit,
        cast(cpa_min_deposits_total as decimal(24, 8)) as cpa_min_deposits_total,
        cast(cpa_min_wagered as decimal(24, 8)) as cpa_min_wagered,
        cast(cpa_min_lots as decimal(24, 8)) as cpa_min_lots,
        cast(cpa_require_kyc as boolean) as cpa_require_kyc,
        cast(cpa_window_days as bigint) as cpa_window_days,
        cast(cpa_geo_allowlist as {{ dbt.type_string() }}) as cpa_geo_allowlist,
        cast(coalesce(has_revshare, false) as boolean) as has_revshare,
        cast(revshare_basis as {{ dbt.type_string() }}) as revshare_basis,
        cast(revshare_tier_metric as {{ dbt.type_string() }}) as revshare_tier_metric,
        cast(revshare_tier_mode as {{ dbt.type_string() }}) as revshare_tier_mode,
        cast(revshare_negative_carryover as boolean) as revshare_negative_carryover,
        cast(coalesce(has_lot_rebate, false) as boolean) as has_lot_rebate,
        cast(lot_rebate_override as {{ dbt.type_string() }}) as lot_rebate_override,
        cast(lot_rebate_min_hold_seconds as bigint) as lot_rebate_min_hold_seconds,
        cast(coalesce(has_spread_share, false) as boolean) as has_spread_share,
        cast(spread_share_rate as decimal(24, 8)) as spread_share_rate,
        cast(coalesce(has_challenge, false) as boolean) as has_challenge,
        cast(challenge_rate as decimal(24, 8)) as challenge_rate,
        cast(challenge_repeat_rate as decimal(24, 8)) as challenge_repeat_rate,
        cast(challenge_clawback_days as bigint) as challenge_clawback_days,
        cast(coalesce(has_sub_partner, false) as boolean) as has_sub_partner,
        cast(sub_partner_rate as decimal(24, 8)) as sub_partner_rate,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- deal versions are immutable; a copy in a later file changes nothing
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['deal_id', 'deal_version']) }} as copy_rank
    from renamed

),

final as (

    select
        deal_id,
        deal_version,
        partner_id,
        brand_id,
        currency,
        created_by,
        reason,
        terms_json,
        effective_from,
        effective_to,
        created_at,
        has_cpa,
        cpa_amount,
        cpa_min_first_deposit,
        cpa_min_deposits_total,
        cpa_min_wagered,
        cpa_min_lots,
        cpa_require_kyc,
        cpa_window_days,
        cpa_geo_allowlist,
        has_revshare,
        revshare_basis,
        revshare_tier_metric,
        revshare_tier_mode,
        revshare_negative_carryover,
        has_lot_rebate,
        lot_rebate_override,
        lot_rebate_min_hold_seconds,
        has_spread_share,
        spread_share_rate,
        has_challenge,
        challenge_rate,
        challenge_repeat_rate,
        challenge_clawback_days,
        has_sub_partner,
        sub_partner_rate,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
