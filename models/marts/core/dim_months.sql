{#-
    The reporting calendar: every month from reporting_start_month through the
    month that contains as_of_date (inclusive), and never beyond it (TB02, TB03).
    The months themselves come from int_calendar_months (one home of the calendar).
-#}

{{ publish_contract_columns('int_calendar_months', where='is_reporting_month') }}
