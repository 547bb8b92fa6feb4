-- Deal versions per partner and brand with non-overlapping validity ranges [valid_from, valid_to).
-- All-brand versions (brand_id empty) are expanded to every brand of the partner in
-- partner_brands. GUARANTEE (docs/architecture.md): for one (partner_id, brand_id) the ranges
-- never overlap, so a range join finds at most one version for an event date.
-- Resolution, on every day where several versions are in force for a partner and brand:
--   1. a brand-specific version beats an all-brand one;
--   2. then the later effective_from wins (an amendment replaces its predecessor);
--   3. then the higher deal_version, then the higher deal_id (deterministic tie-break).
-- Method (portable, no generators): cut each partner-brand timeline at every effective_from and
-- effective_to, pick the winner of each elementary interval, then merge consecutive intervals
-- of the same winner (gaps and islands).

{%- set terms = deal_term_columns() %}

with deals as (

    select * from {{ ref('stg_ops__deals') }}

),

expanded as (

    select
        deals.*,
        deals.brand_id as priced_brand_id,
        false as is_all_brand
    from deals
    where deals.brand_id is not null

    union all

    select
        deals.*,
        partner_brands.brand_id as priced_brand_id,
        true as is_all_brand
    from deals
    inner join {{ ref('stg_ops__partner_brands') }} as partner_brands
        on deals.partner_id = partner_brands.partner_id
    where deals.brand_id is null

),

versions as (

    select
        partner_id,
        priced_brand_id as brand_id,
        deal_id,
        deal_version,
        effective_from,
        effective_to,
        is_all_brand
    from expanded
    -- an empty range (effective_to on or before effective_from) is never in force
    where effective_to is null or effective_to > effective_from

),

boundaries as (

    select
        partner_id,
        brand_id,
        effective_from as cut_date
    from versions
    union
    select
        partner_id,
        brand_id,
        effective_to as cut_date
    from versions
    where effective_to is not null

),

elementary as (

    select
        partner_id,
        brand_id,
        cut_date as interval_start,
        lead(cut_date) over (
            partition by partner_id, brand_id
            order by cut_date asc nulls last
        ) as interval_end,
        row_number() over (
            partition by partner_id, brand_id
            order by cut_date asc nulls last
        ) as interval_no
    from boundaries

),

winners as (

    select
        elementary.partner_id,
        elementary.brand_id,
        elementary.interval_start,
        elementary.interval_end,
        elementary.interval_no,
        versions.deal_id,
        versions.deal_version,
        row_number() over (
            partition by elementary.partner_id, elementary.brand_id, elementary.interval_no
            order by
                case when versions.is_all_brand then 1 else 0 end asc nulls last,
                versions.effective_from desc nulls last,
                versions.deal_version desc nulls last,
                versions.deal_id desc nulls last
        ) as priority
    from elementary
    inner join versions
        on elementary.partner_id = versions.partner_id
        and elementary.brand_id = versions.brand_id
        and elementary.interval_start >= versions.effective_from
        and (versions.effective_to is null or elementary.interval_start < versions.effective_to)

),

islands as (

    -- consecutive elementary intervals won by the same version share an island number
    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        interval_start,
        interval_end,
        interval_no - row_number() over (
            partition by partner_id, brand_id, deal_id, deal_version
            order by interval_no asc nulls last
        ) as island
    from winners
    where priority = 1

),

ranges as (

    select
        partner_id,
        brand_id,
        deal_id,
        deal_version,
        min(interval_start) as valid_from,
        case
            when count(interval_end) < count(*) then null
            else max(interval_end)
        end as valid_to
    from islands
    group by partner_id, brand_id, deal_id, deal_version, island

),

final as (

    select
        ranges.partner_id,
        ranges.brand_id,
        ranges.deal_id,
        ranges.deal_version,
        ranges.valid_from,
        ranges.valid_to,
        expanded.currency,
        expanded.is_all_brand,
        {%- for column in terms %}
        expanded.{{ column }},
        {%- endfor %}
        expanded.effective_from,
        expanded.effective_to,
        expanded.created_at,
        expanded.created_by,
        expanded.reason
    from ranges
    inner join expanded
        on ranges.partner_id = expanded.partner_id
        and ranges.brand_id = expanded.priced_brand_id
        and ranges.deal_id = expanded.deal_id
        and ranges.deal_version = expanded.deal_version

)

select * from final
