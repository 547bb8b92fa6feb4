{#- on-run-start: the ops_snapshot source tables exist (empty) before any period was closed.
    Column types mirror marts.fct_commission_lines (its contract) plus closed_at. The build's
    Python mirror replaces the contents; this only guarantees the tables exist. -#}
{% macro create_ops_snapshot_tables() %}
    create schema if not exists ops_snapshot;
    create table if not exists ops_snapshot.period_closes (
        period_month date,
        closed_at timestamp,
        closed_by {{ dbt.type_string() }},
        reason {{ dbt.type_string() }}
    );
    create table if not exists ops_snapshot.closed_lines (
        line_id {{ dbt.type_string() }},
        partner_id {{ dbt.type_string() }},
        brand_id {{ dbt.type_string() }},
        period_month date,
        deal_id {{ dbt.type_string() }},
        deal_version bigint,
        component {{ dbt.type_string() }},
        customer_id {{ dbt.type_string() }},
        symbol_group {{ dbt.type_string() }},
        basis_amount decimal(24,8),
        basis_unit {{ dbt.type_string() }},
        rate decimal(24,8),
        amount decimal(18,2),
        currency {{ dbt.type_string() }},
        amount_usd decimal(18,2),
        explanation {{ dbt.type_string() }},
        source_count bigint,
        source_ref {{ dbt.type_string() }},
        closed_at timestamp
    )
{% endmacro %}
