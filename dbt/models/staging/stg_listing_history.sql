-- One row per listing version of either market with its validity range (dim_listing_history,
-- SCD2), the market it belongs to, the day it began, and the price of the version before it.
select
    h.listing_version_key,
    h.listing_url_key,
    h.source_code,
    h.listing_id,
    case when p.listing_version_key is not null then 'real_estate' else 'used_phones' end as market,
    h.version_number,
    h.valid_from,
    h.valid_to,
    h.is_current,
    d.full_date as valid_from_date,
    h.price_amount,
    h.price_currency,
    h.price_on_request,
    lag(h.price_amount) over (partition by h.listing_url_key order by h.version_number) as previous_price_amount
from {{ source('souk', 'dim_listing_history') }} h
join {{ source('souk', 'dim_date') }} d on d.date_key = h.valid_from_date_key
left join {{ source('souk', 'fact_property_listing') }} p on p.listing_version_key = h.listing_version_key
