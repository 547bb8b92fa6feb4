with source as (

    select * from {{ source('ops', 'deal_rates') }}

),

renamed as (

    select
        -- ids
        cast(deal_id as {{ dbt.type_string() }}) as deal_id,
        cast(version as bigint) as deal_version,
        -- attributes
        cast(rate_kind as {{ dbt.type_string() }}) as rate_kind,
        cast(symbol_group as {{ dbt.type_string() }}) as symbol_group,
        -- amounts
        cast(rate as decimal(24, 8)) as rate,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- rates belong to an immutable deal version
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['deal_id', 'deal_version', 'rate_kind', 'symbol_group']) }}
            as copy_rank
    from renamed

),

final as (

    select
        deal_id,
        deal_version,
        rate_kind,
        symbol_group,
        rate,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
