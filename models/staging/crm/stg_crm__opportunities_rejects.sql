{#-
    Raw CRM opportunities left out of stg_crm__opportunities, with the reason (DD02);
    unknown_enum (stage or type not in the lookup seeds) only when var unknown_enum_severity
    sets crm.opportunity to warn.
-#}

{{ staging_rejects([
    'opportunity_id',
    'raw_name',
    'raw_stage_name',
    'raw_loss_reason',
    'raw_is_deleted',
    'raw_type',
    'stage_name as mapped_stage_name',
    'opp_type as mapped_opp_type',
    'raw_amount',
    'raw_probability',
    'raw_prior_arr',
    'raw_created_date',
    'raw_close_date',
    'raw_renewal_due_date',
]) }}
