with source as (

    select * from {{ source('tracking', 'clicks') }}

),

renamed as (

    select
        -- ids
        cast(click_id as {{ dbt.type_string() }}) as click_id,
        cast(partner_id as {{ dbt.type_string() }}) as partner_id,
        cast(brand_id as {{ dbt.type_string() }}) as brand_id,
        cast(link_id as {{ dbt.type_string() }}) as link_id,
        -- attributes
        cast(sub1 as {{ dbt.type_string() }}) as sub1,
        cast(sub2 as {{ dbt.type_string() }}) as sub2,
        cast(sub3 as {{ dbt.type_string() }}) as sub3,
        cast(sub4 as {{ dbt.type_string() }}) as sub4,
        cast(sub5 as {{ dbt.type_string() }}) as sub5,
        cast(upper(country) as {{ dbt.type_string() }}) as country,
        cast(ip_hash as {{ dbt.type_string() }}) as ip_hash,
        cast(user_agent as {{ dbt.type_string() }}) as user_agent,
        cast(landing_url as {{ dbt.type_string() }}) as landing_url,
        -- timestamps
        cast(clicked_at as timestamp) as clicked_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from source

),

-- a click id is unique; a re-delivered click changes nothing, keep the latest load
deduplicated as (

    select
        renamed.*,
        {{ latest_load_wins(['click_id']) }} as copy_rank
    from renamed

),

final as (

    select
        click_id,
        partner_id,
        brand_id,
        link_id,
        sub1,
        sub2,
        sub3,
        sub4,
        sub5,
        country,
        ip_hash,
        user_agent,
        landing_url,
        clicked_at,
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from deduplicated
    where copy_rank = 1

)

select * from final
