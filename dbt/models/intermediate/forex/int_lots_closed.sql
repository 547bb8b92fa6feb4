-- One row per closed round turn (LANDING.md "A rebate lot"), at close:
-- MT4: a CMD 0/1 ticket once closed, VOLUME / 100, at CLOSE_TIME; hold = CLOSE_TIME - OPEN_TIME.
-- MT5: a deal with Action 0/1 and Entry 1, 2 or 3, at Time, its closed volume
--   (VolumeClosedExt / 10^8 when non-zero, else VolumeClosed / 10^4 when the column is there);
--   when neither column is there, the deal's own volume for Entry 1 and 3 (a reversal, Entry 2,
--   without them cannot say how much it closed: no lot). Counting entry deals as well would
--   count every lot twice. Hold = exit Time - Time of the position's first entry deal.
-- Balance, credit, bonus, charge and commission rows, pending orders and open trades carry no lots.
{#- Lots per platform unit as exact decimal literals (0.01, 0.0001, 0.00000001): multiplying
    keeps exact decimal arithmetic (DuckDB divides decimals in double) and small precisions
    (20,0) x (9,8) keep Spark from cutting the scale. -#}
{%- set mt4_lot = '%.8f' % (1 / var('forex_mt4_volume_per_lot')) %}
{%- set mt5_lot = '%.8f' % (1 / var('forex_mt5_volume_per_lot')) %}
{%- set mt5_ext_lot = '%.8f' % (1 / var('forex_mt5_volume_ext_per_lot')) %}

with

accounts as (

    select
        platform,
        server,
        login,
        customer_id,
        brand_id
    from {{ ref('stg_trading__trading_accounts') }}

),

mt4_closed as (

    select
        'mt4' as platform,
        server,
        login,
        ticket as trade_ref,
        ticket as position_id,
        symbol,
        opened_at,
        closed_at,
        cast(volume as decimal(20, 0)) * cast({{ mt4_lot }} as decimal(9, 8)) as lots
    from {{ ref('stg_trading__mt4_trades') }}
    where is_market_trade and is_closed

),

mt5_trade_deals as (

    select * from {{ ref('stg_trading__mt5_deals') }}
    where action in (0, 1)

),

mt5_position_opened as (

    -- the position's first entry deal on the same server
    select
        server,
        position_id,
        min(deal_time) as opened_at
    from mt5_trade_deals
    where entry = 0 and position_id is not null
    group by server, position_id

),

mt5_exits as (

    select
        'mt5' as platform,
        exits.server,
        exits.login,
        exits.deal as trade_ref,
        exits.position_id,
        exits.symbol,
        opened.opened_at,
        exits.deal_time as closed_at,
        case
            when exits.volume_closed_ext <> 0
                then cast(exits.volume_closed_ext as decimal(20, 0)) * cast({{ mt5_ext_lot }} as decimal(9, 8))
            when exits.volume_closed is not null
                then cast(exits.volume_closed as decimal(20, 0)) * cast({{ mt5_lot }} as decimal(9, 8))
            -- VolumeClosedExt written but zero and VolumeClosed absent: nothing closed
            when exits.volume_closed_ext is not null then cast(0 as decimal(24, 8))
            -- neither column written: the exit deal's own volume, never for a reversal
            when exits.entry in (1, 3) and exits.volume_ext <> 0
                then cast(exits.volume_ext as decimal(20, 0)) * cast({{ mt5_ext_lot }} as decimal(9, 8))
            when exits.entry in (1, 3)
                then cast(exits.volume as decimal(20, 0)) * cast({{ mt5_lot }} as decimal(9, 8))
        end as lots
    from mt5_trade_deals as exits
    left join mt5_position_opened as opened
        on exits.server = opened.server
        and exits.position_id = opened.position_id
    where exits.entry in (1, 2, 3)

),

closed as (

    select * from mt4_closed
    union all
    select * from mt5_exits

),

final as (

    select
        -- ids
        closed.platform,
        closed.server,
        closed.login,
        closed.trade_ref,
        closed.position_id,
        accounts.customer_id,
        accounts.brand_id,
        -- symbol
        closed.symbol,
        symbols.matched_symbol,
        coalesce(symbols.symbol_group, '{{ var("forex_unmatched_symbol_group") }}') as symbol_group,
        coalesce(symbols.symbol_unmatched, true) as symbol_unmatched,
        coalesce(symbols.markup_per_lot_usd, cast(0 as decimal(24, 8))) as markup_per_lot_usd,
        -- volume
        cast(closed.lots as decimal(24, 8)) as lots,
        -- timestamps
        closed.opened_at,
        closed.closed_at,
        cast(closed.closed_at as date) as close_date,
        -- NULL when the opening deal is not in the data (opened before the history starts)
        {{ dbt.datediff('closed.opened_at', 'closed.closed_at', 'second') }} as hold_seconds
    from closed
    left join accounts
        on closed.platform = accounts.platform
        and closed.server = accounts.server
        and closed.login = accounts.login
    left join {{ ref('int_symbols_matched') }} as symbols
        on closed.symbol = symbols.symbol
    where closed.lots > 0

)

select * from final
