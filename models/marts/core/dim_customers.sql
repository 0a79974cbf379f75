{#-
    The billing customer with its CRM attributes and acquisition cohort, one row
    per billing customer, published from int_customers (the one home of the
    customer attribution, DECISIONLOG R17) under a contract.
-#}

{{ publish_contract_columns('int_customers') }}
