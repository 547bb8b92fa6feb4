-- Quarantined landing rows as ingestion refused them (docs/decisions/037-data-quality-page.md):
-- published so the Data quality page can show them without opening the warehouse.
select
    cast(entity as varchar) as entity,
    cast(source_file as varchar) as source_file,
    cast(line_number as bigint) as line_number,
    cast(raw_row as varchar) as raw_row,
    cast(reason as varchar) as reason,
    cast(load_id as varchar) as load_id,
    cast(loaded_at as timestamp) as loaded_at
from {{ source('ingest', 'quarantine') }}
