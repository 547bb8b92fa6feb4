with source as (

    select * from {{ source('tracking', 'conversions') }}

),

renamed as (

    select
        -- ids
        cast(event_id as {{ dbt.type_string() }}) as event_id,
        cast(nullif(trim(click_id), '') as {{ dbt.type_string() }}) as click_id,
        cast(nullif(trim(coupon_code), '') as {{ dbt.type_string() }}) as coupon_code,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        -- attributes
        cast(event_type as {{ dbt.type_string() }}) as event_type,
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        -- amounts
        cast(amount as decimal(24, 8)) as amount,
        -- timestamps
        cast(occurred_at as timestamp) as occurred_at,
        cast(received_at as timestamp) as received_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- LANDING.md: the same event_id may arrive more than once and counts once; the first received copy wins
deduplicated as (

    select
        renamed.*,
        row_number() over (
            partition by renamed.event_id
            order by
                renamed.received_at asc nulls last,
                renamed._loaded_at asc nulls last,
                renamed._source_file asc nulls last,
                renamed._line_number asc nulls last
        ) as copy_rank
    from renamed

),

final as (

    select
        event_id,
        click_id,
        coupon_code,
        customer_id,
        brand_id,
        event_type,
        currency,
        amount,
        occurred_at,
        received_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
