-- dim_listing_history is a chain per listing: versions numbered 1..n by valid_from, each valid
-- until the next one begins, exactly the last one current (open-ended). Returns the rows that
-- break it.
with ordered as (
    select
        listing_url_key,
        listing_version_key,
        version_number,
        valid_from,
        valid_to,
        is_current,
        row_number() over (partition by listing_url_key order by version_number) as position,
        count(*) over (partition by listing_url_key) as versions,
        lead(valid_from) over (partition by listing_url_key order by version_number) as next_valid_from
    from {{ source('souk', 'dim_listing_history') }}
)
select *
from ordered
where version_number <> position
   or (position = versions) <> is_current
   or (is_current and valid_to is not null)
   or (not is_current and (valid_to is null or valid_to <> next_valid_from))
   or valid_to < valid_from
