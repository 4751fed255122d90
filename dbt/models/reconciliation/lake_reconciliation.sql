-- Facts against the lake: per site, the listing versions the warehouse's fact tables hold and the
-- silver versions the lake holds (var souk_lake_versions, from the runs' run-report.json:
-- dbt/lake_counts.py). Every silver version becomes exactly one fact row (its
-- listing_version_key), so the two must be equal. Without the var this view has no rows.
{%- set lake = var('souk_lake_versions', {}) %}
with lake as (
{%- for site, versions in lake.items() %}
    select cast('{{ site }}' as {{ dbt.type_string() }}) as source_code, cast({{ versions | int }} as {{ dbt.type_bigint() }}) as lake_versions
    {%- if not loop.last %} union all{% endif %}
{%- endfor %}
{%- if not lake %}
    select cast(null as {{ dbt.type_string() }}) as source_code, cast(null as {{ dbt.type_bigint() }}) as lake_versions
    where 1 = 0
{%- endif %}
),
warehouse as (
    select source_code, count(*) as warehouse_versions
    from (
        select source_code from {{ ref('stg_property_listings') }}
        union all
        select source_code from {{ ref('stg_phone_listings') }}
    ) v
    group by source_code
)
select
    coalesce(lake.source_code, warehouse.source_code) as source_code,
    coalesce(lake.lake_versions, 0) as lake_versions,
    coalesce(warehouse.warehouse_versions, 0) as warehouse_versions
from lake
full outer join warehouse on warehouse.source_code = lake.source_code
{%- if not lake %}
where 1 = 0
{%- endif %}
