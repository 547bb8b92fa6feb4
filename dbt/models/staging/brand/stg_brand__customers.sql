with source as (

    select * from {{ source('brand', 'customers') }}

),

renamed as (

    select
        -- ids
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        cast(nullif(trim(btag), '') as {{ dbt.type_string() }}) as btag,
        cast(nullif(trim(coupon_code), '') as {{ dbt.type_string() }}) as coupon_code,
        -- attributes
        cast(upper(country) as {{ dbt.type_string() }}) as country,
        cast(coalesce(kyc_status, 'none') as {{ dbt.type_string() }}) as kyc_status,
        cast(coalesce(is_test, false) as boolean) as is_test,
        -- timestamps
        cast(registered_at as timestamp) as registered_at,
        cast(kyc_verified_at as timestamp) as kyc_verified_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a brand re-exports customers (KYC updates): the latest load wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['customer_id', 'brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        customer_id,
        brand_id,
        btag,
        coupon_code,
        country,
        kyc_status,
        is_test,
        registered_at,
        kyc_verified_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
