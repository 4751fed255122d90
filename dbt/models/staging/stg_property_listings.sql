-- One row per real-estate listing version, with its dimensions' attributes, its rank among the
-- listing's versions and the price of the version before it.
with versions as (
    select
        f.listing_version_key,
        f.listing_url_key,
        s.source_code,
        s.country,
        l.city,
        l.neighbourhood,
        t.property_type,
        f.offer,
        f.price_amount,
        f.price_currency,
        f.price_on_request,
        f.price_per_m2,
        f.surface_total_m2,
        f.surface_living_m2,
        f.rooms,
        f.bedrooms,
        f.bathrooms,
        {{ souk.array_size('f.quality_flags') }} as quality_flag_count,
        d.full_date as scraped_date,
        f.scraped_at
    from {{ source('souk', 'fact_property_listing') }} f
    join {{ source('souk', 'dim_source') }} s on s.source_key = f.source_key
    join {{ source('souk', 'dim_location') }} l on l.location_key = f.location_key
    join {{ source('souk', 'dim_property_type') }} t on t.property_type_key = f.property_type_key
    join {{ source('souk', 'dim_date') }} d on d.date_key = f.scraped_date_key
)
select
    versions.*,
    row_number() over (partition by listing_url_key order by scraped_at, listing_version_key) as version_number,
    row_number() over (partition by listing_url_key order by scraped_at desc, listing_version_key desc) = 1
        as is_latest_version,
    lag(price_amount) over (partition by listing_url_key order by scraped_at, listing_version_key)
        as previous_price_amount
from versions
