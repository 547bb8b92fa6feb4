-- Aggregating must not invent lots: per brand and day the attributed lots never exceed the
-- closed lots of the brand's customers (joins to deals or customers must not fan out).
with

closed as (

    select
        brand_id,
        close_date,
        sum(lots) as lots
    from {{ ref('int_lots_closed') }}
    group by brand_id, close_date

),

attributed as (

    select
        brand_id,
        close_date,
        sum(lots) as lots,
        sum(rebate_lots) as rebate_lots
    from {{ ref('int_lots_attributed_daily') }}
    group by brand_id, close_date

)

select attributed.*
from attributed
left join closed
    on attributed.brand_id = closed.brand_id
    and attributed.close_date = closed.close_date
where closed.lots is null
    or attributed.lots > closed.lots
    or attributed.rebate_lots > attributed.lots
