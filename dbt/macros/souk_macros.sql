{#- dbt_utils.generate_surrogate_key without the package (dbt hub is not needed to build this
    project): md5 over the parts cast to text, nulls as dbt_utils' marker, joined with '-'.
    Souk's Java keys follow the same recipe (docs/graph.md, "Surrogate keys"). -#}
{% macro souk_surrogate_key(field_list) -%}
  {%- set parts = [] -%}
  {%- for field in field_list -%}
    {%- do parts.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '_dbt_utils_surrogate_key_null_')") -%}
    {%- if not loop.last %}{% do parts.append("'-'") %}{% endif -%}
  {%- endfor -%}
  {{ dbt.hash(dbt.concat(parts)) }}
{%- endmacro %}

{#- Number of elements of an array column (quality_flags: VARCHAR[] in DuckDB, text[] in
    PostgreSQL, ARRAY in Snowflake); 0 for an empty or null array. -#}
{% macro array_size(column) -%}
  {{ return(adapter.dispatch('array_size', 'souk')(column)) }}
{%- endmacro %}
{% macro default__array_size(column) -%} coalesce(len({{ column }}), 0) {%- endmacro %}
{% macro postgres__array_size(column) -%} coalesce(cardinality({{ column }}), 0) {%- endmacro %}
{% macro snowflake__array_size(column) -%} coalesce(array_size({{ column }}), 0) {%- endmacro %}

{#- The median of an expression as an aggregate, as double precision: percentile_cont(0.5) within
    group (order by …) reads the same on DuckDB, PostgreSQL and Snowflake, but PostgreSQL computes
    it only over double precision (DuckDB would keep a DECIMAL and round it), so the input is cast
    to double precision on all of them and they agree. -#}
{% macro median(expression) -%}
  percentile_cont(0.5) within group (order by cast({{ expression }} as double precision))
{%- endmacro %}
