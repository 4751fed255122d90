-- Listings and price changes per scrape day and site, both markets (docs/dbt.md).
with versions as (
    select 'real_estate' as market, source_code, scraped_date, listing_url_key, version_number,
           price_amount, previous_price_amount
    from {{ ref('stg_property_listings') }}
    union all
    select 'used_phones' as market, source_code, scraped_date, listing_url_key, version_number,
           price_amount, previous_price_amount
    from {{ ref('stg_phone_listings') }}
)
select
    {{ souk.souk_surrogate_key(['scraped_date', 'source_code']) }} as activity_key,
    scraped_date as activity_date,
    source_code,
    market,
    count(distinct listing_url_key) as listings_seen,
    count(*) as listing_versions,
    sum(case when version_number = 1 then 1 else 0 end) as new_listings,
    sum(case when version_number > 1 and price_amount is distinct from previous_price_amount
             then 1 else 0 end) as price_changes
from versions
group by scraped_date, source_code, market
