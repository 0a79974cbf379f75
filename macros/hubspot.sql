{#-
    Body of the HubSpot adapters' live_stages CTE: the deal pipeline stages not deleted in
    HubSpot, with their label and probability (0-1), read from `relation`.
-#}
{% macro hubspot_live_stages(relation) -%}
    select
        cast(stage_id as {{ type_text() }}) as stage_id,
        cast(label as {{ type_text() }}) as stage_label,
        cast(probability as {{ type_double() }}) as stage_probability

    from {{ relation }}
    where not coalesce(cast(_fivetran_deleted as boolean), false)
{%- endmacro %}
