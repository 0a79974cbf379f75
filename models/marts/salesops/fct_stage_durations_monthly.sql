{#-
    Published fct_stage_durations_monthly: the columns of int_stage_durations_monthly, where the
    logic lives. This mart is the contracted interface.
-#}

{{ publish_contract_columns('int_stage_durations_monthly') }}
