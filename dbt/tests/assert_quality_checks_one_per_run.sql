-- souk_quality_checks holds one row per run, site, metric and field (its primary key, upserted by
-- the job, so a resumed run replaces its checks): returns any that occur twice.
select run_id, site, metric, field, count(*) as n
from {{ source('souk', 'souk_quality_checks') }}
group by run_id, site, metric, field
having count(*) > 1
