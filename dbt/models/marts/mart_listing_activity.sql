-- Listings and price changes per scrape day and site, both markets (docs/dbt.md): from the
-- listing history, whose version numbers and previous prices are the warehouse's one account of
-- how a listing changed.
select
    {{ souk.souk_surrogate_key(['valid_from_date', 'source_code']) }} as activity_key,
    valid_from_date as activity_date,
    source_code,
    market,
    count(distinct listing_url_key) as listings_seen,
    count(*) as listing_versions,
    sum(case when version_number = 1 then 1 else 0 end) as new_listings,
    sum(case when version_number > 1 and price_amount is distinct from previous_price_amount
             then 1 else 0 end) as price_changes
from {{ ref('stg_listing_history') }}
group by valid_from_date, source_code, market
