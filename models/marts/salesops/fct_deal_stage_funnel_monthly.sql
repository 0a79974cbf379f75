{#-
    Published fct_deal_stage_funnel_monthly: the columns of int_deal_stage_funnel_monthly, where
    the logic lives. This mart is the contracted interface.
-#}

{{ publish_contract_columns('int_deal_stage_funnel_monthly') }}
