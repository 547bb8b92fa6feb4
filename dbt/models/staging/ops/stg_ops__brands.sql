with source as (

    select * from {{ source('ops', 'brands') }}

),

renamed as (

    select
        -- ids
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        -- attributes
        cast(brand_name as {{ dbt.type_string() }}) as brand_name,
        cast(vertical as {{ dbt.type_string() }}) as vertical,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        cast(upper(coalesce(restricted_countries, '')) as {{ dbt.type_string() }})
            as restricted_countries,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a re-dropped master-data file corrects a brand: the latest load wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        brand_id,
        brand_name,
        vertical,
        currency,
        restricted_countries,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
