{#-
    Published fct_lead_funnel: the columns of int_lead_funnel, where the logic lives
    (models/intermediate/salesops/int_lead_funnel.sql). This mart is the contracted interface.
-#}

{{ publish_contract_columns('int_lead_funnel') }}
