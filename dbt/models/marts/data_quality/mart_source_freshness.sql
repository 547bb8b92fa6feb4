-- Per landing entity: how many files were seen and refused, rows loaded and quarantined, and
-- when its last file arrived. Files of no entity are grouped under entity NULL.
select
    cast(entity as varchar) as entity,
    cast(count(*) as bigint) as files_seen,
    cast(count(*) filter (where status = 'rejected') as bigint) as files_refused,
    cast(coalesce(sum(rows_loaded), 0) as bigint) as rows_loaded,
    cast(coalesce(sum(rows_quarantined), 0) as bigint) as rows_quarantined,
    cast(max(loaded_at) as timestamp) as last_file_at
from {{ source('ingest', 'files') }}
group by entity
