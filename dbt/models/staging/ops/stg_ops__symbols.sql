with source as (

    select * from {{ source('ops', 'symbols') }}

),

renamed as (

    select
        -- ids
        cast(upper(symbol) as {{ dbt.type_string() }}) as symbol,
        -- attributes
        cast(symbol_group as {{ dbt.type_string() }}) as symbol_group,
        -- amounts
        cast(contract_size as decimal(24, 8)) as contract_size,
        cast(coalesce(markup_per_lot_usd, 0) as decimal(24, 8)) as markup_per_lot_usd,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- the latest load of a symbol wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['symbol']) }} as copy_rank
    from renamed

),

final as (

    select
        symbol,
        symbol_group,
        contract_size,
        markup_per_lot_usd,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
