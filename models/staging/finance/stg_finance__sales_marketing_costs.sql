{#- Monthly sales and marketing cost by department and cost type; programs carry a channel. -#}

with

source as (

    select * from {{ raw_source('finance', 'sales_marketing_cost') }}

),

renamed as (

    select
        {{ surrogate_key([
            'source.month', 'source.department', 'source.cost_type', 'source.channel'
        ]) }} as sales_marketing_cost_id,
        cast(cast(source.month as {{ type_text() }}) as date) as month_start,
        lower(trim(cast(source.department as {{ type_text() }}))) as department,
        lower(trim(cast(source.cost_type as {{ type_text() }}))) as cost_type,
        nullif(trim(cast(source.channel as {{ type_text() }})), '') as raw_channel,
        case
            when nullif(trim(cast(source.channel as {{ type_text() }})), '') is not null
                then {{ lookup_key('source.channel') }}
        end as channel_key,
        cast(source.amount as decimal(18, 4)) as amount,
        upper(trim(cast(source.currency as {{ type_text() }}))) as currency

    from source

),

channels_mapped as (

    select
        renamed.sales_marketing_cost_id,
        renamed.month_start,
        renamed.department,
        renamed.cost_type,
        renamed.channel_key,
        channel_mapping.channel,
        renamed.amount,
        renamed.currency

    from renamed

    {{ channel_mapping_join('renamed') }}

)

select * from channels_mapped
