-- One row per platform, server and login. The same account may land twice (a later export
-- of the accounts file): the latest load wins, so an owner change is picked up.
with

source as (

    select * from {{ source('trading', 'trading_accounts') }}

),

ranked as (

    select
        *,
        {{ latest_load_wins(['platform', 'server', 'login']) }} as load_rank
    from source

),

renamed as (

    select
        -- ids
        platform,
        server,
        login,
        customer_id,
        brand_id,
        -- attributes
        currency,
        -- timestamps
        opened_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from ranked
    where load_rank = 1

)

select * from renamed
