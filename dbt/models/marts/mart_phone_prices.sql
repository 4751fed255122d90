-- Median, lowest and highest asking price by phone brand, model and storage, over each listing's
-- latest version with a price and no quality flag (docs/dbt.md).
select
    {{ souk.souk_surrogate_key(['brand', 'model', 'storage_gb', 'price_currency']) }} as phone_price_key,
    brand,
    model,
    storage_gb,
    price_currency,
    count(*) as listings,
    {{ souk.median('price_amount') }} as median_price,
    min(price_amount) as min_price,
    max(price_amount) as max_price
from {{ ref('stg_phone_listings') }}
where is_latest_version
  and price_amount is not null
  and quality_flag_count = 0
group by brand, model, storage_gb, price_currency
