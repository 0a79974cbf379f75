{#- is_paid is a property of the channel: every raw source of one channel agrees on it. -#}

with

channel_mapping as (

    select
        channel,
        is_paid

    from {{ ref('channel_mapping') }}

),

channels_with_conflicts as (

    select
        channel,
        count(distinct is_paid) as count_is_paid_values

    from channel_mapping

    group by 1

    having count(distinct is_paid) > 1

)

select * from channels_with_conflicts
