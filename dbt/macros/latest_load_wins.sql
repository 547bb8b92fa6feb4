{#- Latest load wins (LANDING.md: a re-dropped file corrects the rows it repeats): the rank of a
    staging row among the copies of its key, 1 = the copy of the latest load (then the later
    file, then the later line). Staging models keep `where copy_rank = 1`. -#}
{% macro latest_load_wins(key_columns) -%}
    row_number() over (
            partition by {{ key_columns | join(', ') }}
            order by _loaded_at desc nulls last, _source_file desc nulls last, _line_number desc nulls last
        )
{%- endmacro %}
