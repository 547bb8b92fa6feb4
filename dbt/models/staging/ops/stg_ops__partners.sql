with source as (

    select * from {{ source('ops', 'partners') }}

),

renamed as (

    select
        -- ids
        cast(partner_id as {{ dbt.type_string() }}) as partner_id,
        cast(nullif(trim(parent_partner_id), '') as {{ dbt.type_string() }}) as parent_partner_id,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        -- attributes
        cast(display_name as {{ dbt.type_string() }}) as display_name,
        cast(partner_type as {{ dbt.type_string() }}) as partner_type,
        cast(upper(country) as {{ dbt.type_string() }}) as country,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(status as {{ dbt.type_string() }}) as status,
        cast(coalesce(kyc_status, 'none') as {{ dbt.type_string() }}) as kyc_status,
        cast(upper(payout_currency) as {{ dbt.type_string() }}) as payout_currency,
        -- amounts
        cast(coalesce(payout_threshold, 0) as decimal(24, 8)) as payout_threshold,
        -- timestamps
        cast(joined_at as timestamp) as joined_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- the latest load of a partner's master data wins
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['partner_id']) }} as copy_rank
    from renamed

),

final as (

    select
        partner_id,
        parent_partner_id,
        person_key,
        display_name,
        partner_type,
        country,
        email,
        status,
        kyc_status,
        payout_currency,
        payout_threshold,
        joined_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
