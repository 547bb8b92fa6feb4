-- Landing files ingestion rejected whole, with why (one row per content hash).
select
    cast(entity as varchar) as entity,
    cast(path as varchar) as path,
    cast(reason as varchar) as reason,
    cast(rows_read as bigint) as rows_read,
    cast(loaded_at as timestamp) as loaded_at
from {{ source('ingest', 'files') }}
where status = 'rejected'
