{#- Schemas are the layer names themselves (staging, intermediate, marts), not prefixed with
    the target schema: the output contract names `marts.<table>`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
