{#-
    Body of the HubSpot adapters' stage_definitions CTE: every deal pipeline stage read from
    `relation`, deleted ones included (issue 11: a stage deleted in HubSpot's pipeline settings
    after deals passed through it must keep labelling their history), with its label,
    probability (0-1) and is_deleted. One row per stage_id: where the connector holds the same
    id twice, the live row wins, then the first label. A renamed stage keeps its id, so it
    carries its current label; the stage_mapping seed maps old and new labels alike.
-#}
{% macro hubspot_stage_definitions(relation) -%}
    select
        stage_id,
        stage_label,
        stage_probability,
        is_deleted

    from (
        select
            cast(stage_id as {{ type_text() }}) as stage_id,
            cast(label as {{ type_text() }}) as stage_label,
            cast(probability as {{ type_double() }}) as stage_probability,
            coalesce(cast(_fivetran_deleted as boolean), false) as is_deleted,
            row_number() over (
                partition by cast(stage_id as {{ type_text() }})
                order by
                    coalesce(cast(_fivetran_deleted as boolean), false),
                    cast(label as {{ type_text() }})
            ) as stage_rank

        from {{ relation }}
    ) as ranked_stages

    where stage_rank = 1
{%- endmacro %}
