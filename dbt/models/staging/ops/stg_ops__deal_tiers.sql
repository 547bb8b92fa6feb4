with source as (

    select * from {{ source('ops', 'deal_tiers') }}

),

renamed as (

    select
        -- ids
        cast(deal_id as {{ dbt.type_string() }}) as deal_id,
        cast(version as bigint) as deal_version,
        cast(tier_no as bigint) as tier_no,
        -- amounts
        cast(tier_from as decimal(24, 8)) as tier_from,
        cast(rate as decimal(24, 8)) as rate,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- tiers belong to an immutable deal version
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['deal_id', 'deal_version', 'tier_no']) }} as copy_rank
    from renamed

),

final as (

    select
        deal_id,
        deal_version,
        tier_no,
        tier_from,
        rate,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
