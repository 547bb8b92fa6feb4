with source as (

    select * from {{ source('brand', 'prop_orders') }}

),

renamed as (

    select
        -- ids
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        cast(nullif(trim(refers_to_order_id), '') as {{ dbt.type_string() }}) as refers_to_order_id,
        -- attributes
        cast(kind as {{ dbt.type_string() }}) as kind,
        cast(product as {{ dbt.type_string() }}) as product,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        cast(nullif(trim(coupon_code), '') as {{ dbt.type_string() }}) as coupon_code,
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

-- an order id is unique per brand: the latest load wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['order_id', 'brand_id']) }} as copy_rank
    from renamed

),

final as (

    select
        order_id,
        customer_id,
        brand_id,
        refers_to_order_id,
        kind,
        product,
        currency,
        coupon_code,
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
