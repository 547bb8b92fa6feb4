with source as (

    select * from {{ source('brand', 'casino_activity') }}

),

renamed as (

    select
        -- ids
        cast(activity_date as date) as activity_date,
        cast(customer_id as {{ dbt.type_string() }}) as customer_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        cast(product as {{ dbt.type_string() }}) as product,
        -- attributes
        cast(upper(currency) as {{ dbt.type_string() }}) as currency,
        -- amounts
        cast(stakes as decimal(24, 8)) as stakes,
        cast(payouts as decimal(24, 8)) as payouts,
        cast(coalesce(bonus_cost, 0) as decimal(24, 8)) as bonus_cost,
        cast(coalesce(jackpot_contribution, 0) as decimal(24, 8)) as jackpot_contribution,
        cast(coalesce(gaming_tax, 0) as decimal(24, 8)) as gaming_tax,
        cast(coalesce(chargebacks, 0) as decimal(24, 8)) as chargebacks,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a re-exported activity day corrects the earlier one: the latest load wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['activity_date', 'customer_id', 'brand_id', 'product']) }} as copy_rank
    from renamed

),

final as (

    select
        activity_date,
        customer_id,
        brand_id,
        product,
        currency,
        stakes,
        payouts,
        bonus_cost,
        jackpot_contribution,
        gaming_tax,
        chargebacks,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
