{#-
    Published fct_opportunities: the columns of int_opportunities, where the logic lives
    (models/intermediate/salesops/int_opportunities.sql). This mart is the contracted interface.
-#}

{{ publish_contract_columns('int_opportunities') }}
