{#-
    Every name an ad-platform campaign has carried (issue 11 part 4): the four platforms'
    campaign-history staging models in one shape, one row per ad platform x ad campaign x
    name match key (macro campaign_name_key: case- and space-insensitive). first_named_at is
    the first version with that name, so a lead whose UTM tag carries a name the campaign had
    when the lead came in finds it after a rename. The platforms and their history models
    come from macro ad_platforms() (shared with int_ad_spend_daily).
-#}

with

{%- set platforms = ad_platforms() %}

{%- for platform in platforms %}

    {{ platform.name }}_versions as (

        select
            ad_campaign_id,
            ad_campaign_name,
            updated_at,
            is_latest

        from {{ ref(platform.history_model) }}

    ),
{%- endfor %}

versions_unioned as (

    {%- for platform in platforms %}

        select
            '{{ platform.name }}' as ad_platform,
            ad_campaign_id,
            ad_campaign_name,
            {{ campaign_name_key('ad_campaign_name') }} as campaign_name_key,
            updated_at,
            case when is_latest then 1 else 0 end as is_latest_version

        from {{ platform.name }}_versions
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}

),

names_grouped as (

    select
        ad_platform,
        ad_campaign_id,
        campaign_name_key,
        min(ad_campaign_name) as ad_campaign_name,
        min(updated_at) as first_named_at,
        max(is_latest_version) as is_current_name

    from versions_unioned

    where campaign_name_key is not null

    group by 1, 2, 3

),

ad_campaign_names as (

    select
        {{ surrogate_key(['ad_platform', 'ad_campaign_id', 'campaign_name_key']) }}
            as ad_campaign_name_id,
        cast(ad_platform as {{ dbt.type_string() }}) as ad_platform,
        cast(ad_campaign_id as {{ dbt.type_string() }}) as ad_campaign_id,
        cast(campaign_name_key as {{ dbt.type_string() }}) as campaign_name_key,
        cast(ad_campaign_name as {{ dbt.type_string() }}) as ad_campaign_name,
        first_named_at,
        cast(is_current_name = 1 as boolean) as is_current_name

    from names_grouped

)

select * from ad_campaign_names
