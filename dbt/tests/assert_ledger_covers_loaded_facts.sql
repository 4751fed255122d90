-- The warehouse's ledger (souk_lake_loads) records the silver table of every fact holding rows:
-- rows are only loaded together with the ledger's mark (docs/graph.md, "Kill it anywhere"), so a
-- non-empty fact without its mark means the load did not finish. Returns the missing marks.
with loaded as (
    select 'silver.property_listings' as lake_table, count(*) as fact_rows
    from {{ source('souk', 'fact_property_listing') }}
    union all
    select 'silver.phone_listings' as lake_table, count(*) as fact_rows
    from {{ source('souk', 'fact_used_phone_listings') }}
)
select loaded.lake_table, loaded.fact_rows
from loaded
left join {{ source('souk', 'souk_lake_loads') }} ledger on ledger.lake_table = loaded.lake_table
where loaded.fact_rows > 0 and ledger.lake_table is null
