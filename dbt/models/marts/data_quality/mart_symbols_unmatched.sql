-- Traded symbols matching no listed symbol (priced in the default group), published for the
-- Data quality page.
select
    cast(symbol as varchar) as symbol,
    cast(trades as bigint) as trades,
    cast(lots as decimal(24, 8)) as lots,
    cast(first_close_date as date) as first_close_date,
    cast(last_close_date as date) as last_close_date
from {{ ref('int_symbols_unmatched') }}
