-- Row-count reconciliation against the lake: for every site, the fact rows (listing versions) in
-- the warehouse equal the silver versions in the lake that the runs reported
-- (var souk_lake_versions; dbt/lake_counts.py). A site on one side only counts as 0 on the other.
-- Returns the sites that disagree.
select source_code, lake_versions, warehouse_versions
from {{ ref('lake_reconciliation') }}
where lake_versions <> warehouse_versions
