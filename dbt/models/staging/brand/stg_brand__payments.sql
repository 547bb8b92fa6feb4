with source as (

    select * from {{ source('brand', 'payments') }}

),

renamed as (

    select
        -- ids
        cast(transaction_id as {{ dbt.type_string() }}) as transaction_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        -- attributes
        cast(kind as {{ dbt.type_string() }}) as kind,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        -- amounts
        cast(amount as decimal(24, 8)) as amount,
        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a payment's status can change (approved, then reversed): the latest load wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['transaction_id', 'brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        transaction_id,
        customer_id,
        brand_id,
        kind,
        status,
        currency,
        amount,
        occurred_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
