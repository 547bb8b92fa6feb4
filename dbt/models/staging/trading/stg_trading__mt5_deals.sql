-- One row per server and deal (a deal is immutable on the server; a second copy of it in
-- another file is the same deal: the row loaded last wins). Volumes stay in platform units
-- as given: Volume / VolumeClosed in 1/10^4 lot, the ...Ext columns in 1/10^8 lot, NULL when
-- the gateway did not write the column.
with

source as (

    select * from {{ source('trading', 'mt5_deals') }}

),

ranked as (

    select
        *,
        {{ latest_load_wins(['server', 'deal']) }} as load_rank
    from source

),

renamed as (

    select
        -- ids
        server,
        deal,
        login,
        positionid as position_id,
        symbol,
        -- kinds: action 0 buy, 1 sell, 2+ money movements; entry 0 in, 1 out, 2 in/out, 3 out-by
        action,
        entry,
        -- volumes in platform units
        volume,
        volumeext as volume_ext,
        volumeclosed as volume_closed,
        volumeclosedext as volume_closed_ext,
        -- prices and money
        price,
        profit,
        commission,
        fee,
        storage,
        comment,
        -- timestamps
        time as deal_time,
        timemsc as deal_time_msc,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from ranked
    where load_rank = 1

)

select * from renamed
