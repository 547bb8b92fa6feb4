{#- on-run-start: the ops_snapshot source tables exist (empty) before any period was closed
    or any payout decided. Columns come from var ops_snapshot_columns (closed_lines: the
    commission-line columns + closed_at), the one owner the build's Python mirror
    (partnerledger.ops_store) reads too; the mirror replaces these tables, this only
    guarantees they exist. One statement per run_query: engines differ on multi-statement calls. -#}
{% macro ops_snapshot_create_sql(table) -%}
    {%- set columns = [] %}
    {%- if table == 'closed_lines' %}
        {%- for name, type in commission_line_columns(mart=true) %}{% do columns.append(name ~ ' ' ~ type) %}{% endfor %}
        {%- do columns.append('closed_at timestamp') %}
    {%- else %}
        {%- for c in var('ops_snapshot_columns')[table] %}{% do columns.append(c['name'] ~ ' ' ~ portable_type(c['type'])) %}{% endfor %}
    {%- endif %}
    create table if not exists ops_snapshot.{{ table }} ({{ columns | join(', ') }})
{%- endmacro %}

{% macro create_ops_snapshot_tables() %}
    {%- if execute %}
        {% do run_query("create schema if not exists ops_snapshot") %}
        {%- for table in ['period_closes', 'closed_lines', 'decisions'] %}
        {% do run_query(ops_snapshot_create_sql(table)) %}
        {%- endfor %}
    {%- endif %}
    select 1 as ops_snapshot_tables_exist
{% endmacro %}
