{#- The names among `names` that are models of this project, known only at execution time
    (at parse time `graph` is empty, so this returns []). Useful to skip optional work at run
    time; it can NOT decide which models to ref(): dbt records refs at parse time. -#}
{% macro models_in_project(names) %}
    {%- set found = [] -%}
    {%- for node in graph.get("nodes", {}).values() -%}
        {%- if node.resource_type == 'model' and node.name in names and node.package_name == project_name -%}
            {%- do found.append(node.name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(found) }}
{% endmacro %}
