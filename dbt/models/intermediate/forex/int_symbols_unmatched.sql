-- Report: traded symbols that match no listed symbol (priced in the default group).
select
    symbol,
    count(*) as trades,
    cast(sum(lots) as decimal(24, 8)) as lots,
    min(close_date) as first_close_date,
    max(close_date) as last_close_date
from {{ ref('int_lots_closed') }}
where symbol_unmatched
group by symbol
