with source as (

    select * from {{ source('ops', 'fx_rates') }}

),

renamed as (

    select
        -- ids
        cast(rate_date as date) as rate_date,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        -- amounts
        cast(usd_per_unit as decimal(24, 10)) as usd_per_unit,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a corrected rate for a day wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['rate_date', 'currency']) }} as copy_rank
    from renamed

),

final as (

    select
        rate_date,
        currency,
        usd_per_unit,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
