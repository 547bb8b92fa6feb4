with source as (

    select * from {{ source('ops', 'partner_brands') }}

),

renamed as (

    select
        -- ids
        cast(partner_id as {{ dbt.type_string() }}) as partner_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        -- attributes
        cast(status as {{ dbt.type_string() }}) as status,
        cast(coalesce(coupon_codes, '') as {{ dbt.type_string() }}) as coupon_codes,
        -- timestamps
        cast(joined_at as timestamp) as joined_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- the latest load of a partner-brand link wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['partner_id', 'brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        partner_id,
        brand_id,
        status,
        coupon_codes,
        joined_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
