-- Signal self_referral: two partner accounts with the same person_key (one real party)
-- where one is paid through the other (an ancestor earning sub-partner or override
-- commission on the other) or both earn in the same month. Customers carry no person_key in
-- the contract, so a partner signing up as its own customer cannot be seen; this is the
-- overlap that can. Both accounts are flagged, in each month the flagged account earns.
-- Partner-level: brand_id is NULL.
with

partners as (

    select
        partner_id,
        person_key
    from {{ ref('stg_ops__partners') }}
    where person_key is not null
        and trim(person_key) <> ''

),

pairs as (

    select
        a.partner_id,
        b.partner_id as other_partner_id,
        a.person_key
    from partners as a
    inner join partners as b
        on a.person_key = b.person_key
        and a.partner_id <> b.partner_id

),

earning as (

    -- the domain lines and the sub-partner lines (a master earning on its sub's commission)
    select distinct
        partner_id,
        period_month
    from {{ ref('int_commission_lines_union') }}
    union
    select distinct
        partner_id,
        period_month
    from {{ ref('int_commission_lines_sub_partner') }}

),

related as (

    select
        partner_id,
        ancestor_partner_id as other_partner_id
    from {{ ref('int_partner_ancestors') }}
    union all
    select
        ancestor_partner_id as partner_id,
        partner_id as other_partner_id
    from {{ ref('int_partner_ancestors') }}

),

flagged as (

    select distinct
        pairs.partner_id,
        pairs.other_partner_id,
        earning.period_month,
        case when related.partner_id is not null then 1 else 0 end as is_tree
    from pairs
    inner join earning
        on pairs.partner_id = earning.partner_id
    left join related
        on pairs.partner_id = related.partner_id
        and pairs.other_partner_id = related.other_partner_id
    left join earning as other_earning
        on pairs.other_partner_id = other_earning.partner_id
        and earning.period_month = other_earning.period_month
    where related.partner_id is not null
        or other_earning.partner_id is not null

),

final as (

    select
        partner_id,
        cast(null as {{ dbt.type_string() }}) as brand_id,
        period_month,
        cast('self_referral' as {{ dbt.type_string() }}) as signal,
        cast('{{ var("risk_signal_severity")["self_referral"] }}' as {{ dbt.type_string() }}) as severity,
        cast({{ dbt.concat([
            "'same person_key as partner '", "other_partner_id",
            "case when is_tree = 1 then ', which is in its partner tree (one pays the other)' else ', both earning this month' end",
        ]) }} as {{ dbt.type_string() }}) as detail
    from flagged

)

select * from final
