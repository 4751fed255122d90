-- Median asking price per m² by city, neighbourhood, property type and offer, over each listing's
-- latest version with a price per m² and no quality flag (docs/dbt.md).
select
    {{ souk.souk_surrogate_key(['country', 'city', 'neighbourhood', 'property_type', 'offer', 'price_currency']) }}
        as price_per_m2_key,
    country,
    city,
    neighbourhood,
    property_type,
    offer,
    price_currency,
    count(*) as listings,
    {{ souk.median('price_per_m2') }} as median_price_per_m2,
    min(price_per_m2) as min_price_per_m2,
    max(price_per_m2) as max_price_per_m2
from {{ ref('stg_property_listings') }}
where is_latest_version
  and price_per_m2 is not null
  and quality_flag_count = 0
group by country, city, neighbourhood, property_type, offer, price_currency
