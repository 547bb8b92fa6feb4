{#- Every value of the column is a commission component of the vocabulary (var
    commission_components, its one owner, read through statement_components()): the
    accepted_values of `component` without a second copy of the list. -#}
{% test component_in_vocabulary(model, column_name) %}

select
    {{ column_name }} as value_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
    and {{ column_name }} not in (
        {%- for component in statement_components() %}'{{ component }}'{% if not loop.last %}, {% endif %}{% endfor -%}
    )
group by {{ column_name }}

{% endtest %}
