-- One row per server and ticket. MT4 re-exports a ticket after every modification (same
-- TICKET, later MODIFY_TIME): the latest modify_time wins, a tie goes to the row loaded last.
-- An open trade carries CLOSE_TIME 1970-01-01 00:00:00: closed_at is NULL for it.
with

source as (

    select * from {{ source('trading', 'mt4_trades') }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by server, ticket
            order by
                modify_time desc nulls last,
                _loaded_at desc nulls last,
                _source_file desc nulls last,
                _line_number desc nulls last
        ) as version_rank
    from source

),

renamed as (

    select
        -- ids
        server,
        ticket,
        login,
        symbol,
        -- kinds: 0 buy, 1 sell, 2-5 pending orders, 6 balance, 7 credit
        cmd,
        cmd in (0, 1) as is_market_trade,
        close_time is not null
        and close_time > cast('{{ var("forex_mt4_open_close_time") }}' as timestamp) as is_closed,
        -- volumes (hundredths of a lot) and prices
        volume,
        digits,
        open_price,
        close_price,
        -- money
        commission,
        swaps,
        profit,
        comment,
        -- timestamps
        open_time as opened_at,
        case
            when
                close_time > cast('{{ var("forex_mt4_open_close_time") }}' as timestamp)
                then close_time
        end as closed_at,
        modify_time as modified_at,
        -- lineage
        _source_file,
        _line_number,
        _load_id,
        _loaded_at
    from ranked
    where version_rank = 1

)

select * from renamed
