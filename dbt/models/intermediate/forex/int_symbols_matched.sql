-- Each symbol traded on MT4/MT5 matched to a listed symbol (LANDING.md symbols): its exact
-- row, else the LONGEST listed symbol it starts with (brokers add suffixes: EURUSD., EURUSDm,
-- EURUSD.pro). The exact row is itself the longest prefix, so one rule covers both. A symbol
-- matching nothing falls in the default group and is flagged for the unmatched report.
-- Matched on the distinct traded symbols (few) rather than on the trades (many), case-blind
-- like the symbol list (stg_ops__symbols upper-cases it); the traded spelling is kept.
with

traded as (

    select distinct symbol from {{ ref('stg_trading__mt4_trades') }}
    where is_market_trade and symbol is not null
    union
    select distinct symbol from {{ ref('stg_trading__mt5_deals') }}
    where action in (0, 1) and symbol is not null

),

listed as (

    select
        symbol,
        symbol_group,
        markup_per_lot_usd
    from {{ ref('stg_ops__symbols') }}

),

candidates as (

    select
        traded.symbol,
        listed.symbol as matched_symbol,
        listed.symbol_group,
        listed.markup_per_lot_usd,
        row_number() over (
            partition by traded.symbol
            order by {{ dbt.length('listed.symbol') }} desc nulls last, listed.symbol asc nulls last
        ) as match_rank
    from traded
    inner join listed
        on substring(upper(traded.symbol), 1, {{ dbt.length('listed.symbol') }}) = listed.symbol

),

matched as (

    select
        traded.symbol,
        candidates.matched_symbol,
        coalesce(candidates.symbol_group, '{{ var("forex_unmatched_symbol_group") }}')
            as symbol_group,
        cast(coalesce(candidates.markup_per_lot_usd, 0) as decimal(24, 8)) as markup_per_lot_usd,
        candidates.matched_symbol is null as symbol_unmatched
    from traded
    left join candidates
        on traded.symbol = candidates.symbol
        and candidates.match_rank = 1

)

select * from matched
