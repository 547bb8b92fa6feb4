{#- on-run-start: the ops_snapshot source tables exist (empty) before any period was closed.
    Column types mirror marts.fct_commission_lines (its contract) plus closed_at. The build's
    Python mirror (partnerledger.ops_store.mirror_to_warehouse) replaces them; this only
    guarantees they exist. One statement per run_query: engines differ on multi-statement calls. -#}
{% macro create_ops_snapshot_tables() %}
    {%- if execute %}
        {%- set string = dbt.type_string() %}
        {% do run_query("create schema if not exists ops_snapshot") %}
        {% do run_query(
            "create table if not exists ops_snapshot.period_closes ("
            ~ "period_month date, closed_at timestamp, closed_by " ~ string ~ ", reason " ~ string ~ ")"
        ) %}
        {% do run_query(
            "create table if not exists ops_snapshot.closed_lines ("
            ~ "line_id " ~ string ~ ", partner_id " ~ string ~ ", brand_id " ~ string
            ~ ", period_month date, deal_id " ~ string ~ ", deal_version bigint, component " ~ string
            ~ ", customer_id " ~ string ~ ", symbol_group " ~ string ~ ", basis_amount decimal(24,8)"
            ~ ", basis_unit " ~ string ~ ", rate decimal(24,8), amount decimal(18,2), currency " ~ string
            ~ ", amount_usd decimal(18,2), explanation " ~ string ~ ", source_count bigint"
            ~ ", source_ref " ~ string ~ ", closed_at timestamp)"
        ) %}
        {#- decisions belongs to the payouts domain (columns of ops_store._DECISION_COLUMNS); created
            here too because unit tests of its marts read the relation before any model pre-hook. -#}
        {% do run_query(
            "create table if not exists ops_snapshot.decisions ("
            ~ "decision_id bigint, seq bigint, decided_at timestamp, actor " ~ string ~ ", role " ~ string
            ~ ", action " ~ string ~ ", payout_id " ~ string ~ ", partner_id " ~ string
            ~ ", period_month date, reason " ~ string ~ ", hash " ~ string ~ ")"
        ) %}
    {%- endif %}
    select 1 as ops_snapshot_tables_exist
{% endmacro %}
