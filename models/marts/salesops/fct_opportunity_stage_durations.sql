{#-
    Published fct_opportunity_stage_durations: the columns of int_opportunity_stage_durations,
    where the logic lives. This mart is the contracted interface.
-#}

{{ publish_contract_columns('int_opportunity_stage_durations') }}
