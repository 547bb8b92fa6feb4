with source as (

    select * from {{ source('ops', 'ngr_rules') }}

),

renamed as (

    select
        -- ids
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        -- amounts
        cast(coalesce(admin_fee_rate, 0) as decimal(24, 8)) as admin_fee_rate,
        -- flags
        cast(coalesce(deduct_bonuses, true) as boolean) as deduct_bonuses,
        cast(coalesce(deduct_jackpot, true) as boolean) as deduct_jackpot,
        cast(coalesce(deduct_tax, true) as boolean) as deduct_tax,
        cast(coalesce(deduct_chargebacks, true) as boolean) as deduct_chargebacks,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- the latest load of a brand's NGR rules wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        brand_id,
        admin_fee_rate,
        deduct_bonuses,
        deduct_jackpot,
        deduct_tax,
        deduct_chargebacks,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
