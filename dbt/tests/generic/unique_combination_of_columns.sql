{#- A compound key is unique (as dbt_utils names it; written here so the project needs no package).
    Portable: group by the columns, no count(distinct a, b). -#}
{% test unique_combination_of_columns(model, columns) %}
select
    {{ columns | join(', ') }},
    count(*) as copies
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}
