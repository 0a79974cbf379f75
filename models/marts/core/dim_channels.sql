{#-
    Marketing channels (lookups/channel_mapping, which includes 'unknown'): a display
    name beside each channel code, and whether the channel is paid. A channel is paid
    when any of its mapping rows is (fct_cac_monthly reads it for its new logos).
-#}

with

channel_mapping as (

    select
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

),

channels as (

    select
        channel,
        max(case when is_paid then 1 else 0 end) = 1 as is_paid

    from channel_mapping
    group by 1

),

channel_names as (

    select
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(
            {{ dbt.concat([
                "upper(substr(channel, 1, 1))",
                "replace(substr(channel, 2), '_', ' ')",
            ]) }} as {{ dbt.type_string() }}
        ) as channel_name,
        cast(is_paid as boolean) as is_paid

    from channels

)

select * from channel_names
