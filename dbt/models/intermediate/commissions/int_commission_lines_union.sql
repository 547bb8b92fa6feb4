-- The commission lines of every domain (cpa, revshare, forex, prop), recomputed from the
-- current data, before sub-partner shares and before period-close freezing. The list of
-- domain models is the var commission_line_models (see dbt_project.yml for why).

{%- set line_models = var('commission_line_models') %}

with unioned as (

    {% for model_name in line_models %}
    select
        {{ select_commission_line_columns() }}
    from {{ ref(model_name) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

)

select * from unioned
