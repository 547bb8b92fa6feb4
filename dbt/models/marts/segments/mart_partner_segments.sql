-- One row per partner (dim_partners): cross-brand performance in the recent window (the last
-- segments_window_months complete months up to the reference month), growth against the window
-- before it, and a segment from transparent rules, first match wins
-- (docs/decisions/007-segments-and-tiers.md; thresholds in vars, "segments & tiers" block):
--   at_risk   any open risk signal (int_partner_risk_signals) in the last segments_risk_lookback_months
--   new       joined within the last segments_new_partner_months months
--   dormant   no activity in the last segments_dormant_months months
--   top       in the top segments_top_share of partners with a positive recent score_usd
--             (commissions + value brought, USD)
--   growing / declining   recent score vs the previous window moved by at least
--             segments_growth_threshold (relative to |previous|; from 0 any gain is growth)
--   stable    otherwise, and whenever the previous window lies before the data
{%- set window = var('segments_window_months') %}
{#- Risk signals (int_partner_risk_signals, payouts domain) are a plain ref: a graph.nodes guard
    cannot make it optional, because dbt records refs while parsing, when `graph` is still empty
    (and it is empty again while a unit test runs), and a ref to a missing model fails the parse. #}

with

monthly as (

    select * from {{ ref('mart_partner_segments_monthly') }}

),

partners as (

    select
        partner_id,
        display_name,
        partner_type,
        status,
        joined_at
    from {{ ref('dim_partners') }}

),

reference as (

    select max(as_of_month) as as_of_month from monthly

),

windowed as (

    select
        monthly.*,
        reference.as_of_month as reference_month,
        (monthly.period_month > {{ dbt.dateadd('month', -window, 'reference.as_of_month') }})
            as in_recent,
        (
            monthly.period_month <= {{ dbt.dateadd('month', -window, 'reference.as_of_month') }}
            and monthly.period_month
            > {{ dbt.dateadd('month', -2 * window, 'reference.as_of_month') }}
        ) as in_previous,
        (monthly.period_month = reference.as_of_month) as is_reference_month
    from monthly
    cross join reference

),

window_totals as (

    select
        partner_id,
        sum(case when is_reference_month then active_customers else 0 end) as active_customers,
        sum(case when in_recent then ftd_count else 0 end) as ftd_count,
        sum(case when in_recent then cpa_count else 0 end) as cpa_count,
        sum(case when in_recent then ngr_usd else 0 end) as ngr_usd,
        sum(case when in_recent then lots else 0 end) as lots,
        sum(case when in_recent then challenge_fees_usd else 0 end) as challenge_fees_usd,
        sum(case when in_recent then value_usd else 0 end) as value_usd,
        sum(case when in_recent then commissions_usd else 0 end) as commissions_usd,
        sum(case when in_recent then score_usd else 0 end) as score_usd,
        sum(case when in_previous then score_usd else 0 end) as previous_score_usd,
        sum(case when in_previous then 1 else 0 end) as previous_months_in_data,
        max(case when in_recent then active_brand_count else 0 end) as active_brand_count,
        sum(commissions_usd) as lifetime_commissions_usd,
        min(case when has_activity then period_month end) as first_active_month,
        max(case when has_activity then period_month end) as last_active_month
    from windowed
    group by partner_id

),

worked_pairs as (

    select distinct
        partner_id,
        brand_id,
        vertical
    from {{ ref('mart_partner_brand_monthly') }}
    where has_activity

),

brands_worked as (

    select
        partner_id,
        count(*) as brands_worked_count,
        {{ dbt.listagg('brand_id', "','", 'order by brand_id') }} as brands_worked
    from worked_pairs
    group by partner_id

),

verticals_worked as (

    select
        partner_id,
        count(*) as verticals_worked_count,
        {{ dbt.listagg('vertical', "','", 'order by vertical') }} as verticals_worked
    from (select distinct
        partner_id,
        vertical
    from worked_pairs
    where vertical is not null)
        as distinct_verticals
    group by partner_id

),

risk as (

    select
        signals.partner_id,
        count(*) as risk_signal_count,
        {{ dbt.listagg('signals.signal', "','", 'order by signals.signal') }} as risk_signals
    from (
        select distinct
            partner_id,
            signal
        from {{ ref('int_partner_risk_signals') }}
        cross join reference
        where period_month <= reference.as_of_month
            and period_month
            > {{ dbt.dateadd('month', -var('segments_risk_lookback_months'), 'reference.as_of_month') }}
    ) as signals
    group by signals.partner_id

),

ranked as (

    -- the top share among partners whose recent score is positive
    select
        partner_id,
        rank() over (order by score_usd desc nulls last) as score_rank,
        count(*) over () as ranked_partners
    from window_totals
    where score_usd > 0

),

measured as (

    select
        partners.partner_id,
        partners.display_name,
        partners.partner_type,
        partners.status,
        partners.joined_at,
        reference.as_of_month,
        window_totals.first_active_month,
        window_totals.last_active_month,
        coalesce(brands_worked.brands_worked_count, 0) as brands_worked_count,
        brands_worked.brands_worked,
        coalesce(verticals_worked.verticals_worked_count, 0) as verticals_worked_count,
        verticals_worked.verticals_worked,
        coalesce(window_totals.active_brand_count, 0) as active_brand_count,
        coalesce(window_totals.active_customers, 0) as active_customers,
        coalesce(window_totals.ftd_count, 0) as ftd_count,
        coalesce(window_totals.cpa_count, 0) as cpa_count,
        case when window_totals.partner_id is null then 0 else window_totals.ngr_usd end as ngr_usd,
        coalesce(window_totals.lots, 0) as lots,
        case
            when window_totals.partner_id is null then 0 else window_totals.challenge_fees_usd
        end as challenge_fees_usd,
        case when window_totals.partner_id is null then 0 else window_totals.value_usd end
            as value_usd,
        coalesce(window_totals.commissions_usd, 0) as commissions_usd,
        coalesce(window_totals.lifetime_commissions_usd, 0) as lifetime_commissions_usd,
        case when window_totals.partner_id is null then 0 else window_totals.score_usd end
            as score_usd,
        case
            when window_totals.partner_id is null then 0 else window_totals.previous_score_usd
        end as previous_score_usd,
        coalesce(window_totals.previous_months_in_data, 0) as previous_months_in_data,
        ranked.score_rank,
        coalesce(risk.risk_signal_count, 0) as risk_signal_count,
        risk.risk_signals,
        (risk.partner_id is not null) as is_at_risk,
        (
            partners.joined_at is not null
            and cast({{ dbt.date_trunc('month', 'partners.joined_at') }} as date)
            > {{ dbt.dateadd('month', -var('segments_new_partner_months'), 'reference.as_of_month') }}
        ) as is_new,
        (
            window_totals.last_active_month is null
            or window_totals.last_active_month
            <= {{ dbt.dateadd('month', -var('segments_dormant_months'), 'reference.as_of_month') }}
        ) as is_dormant,
        coalesce(
            ranked.score_rank
            <= greatest(1, ceil(ranked.ranked_partners * {{ var('segments_top_share') }})),
            false
        ) as is_top
    from partners
    cross join reference
    left join window_totals
        on partners.partner_id = window_totals.partner_id
    left join brands_worked
        on partners.partner_id = brands_worked.partner_id
    left join verticals_worked
        on partners.partner_id = verticals_worked.partner_id
    left join risk
        on partners.partner_id = risk.partner_id
    left join ranked
        on partners.partner_id = ranked.partner_id

),

trended as (

    select
        measured.*,
        cast(
            (measured.score_usd - measured.previous_score_usd)
            / nullif(abs(measured.previous_score_usd), 0) as decimal(18, 6)
        ) as growth_rate,
        case
            when
                measured.previous_months_in_data = 0
                or measured.score_usd is null
                or measured.previous_score_usd is null
                then 'stable'
            when measured.previous_score_usd = 0 and measured.score_usd > 0 then 'growing'
            when measured.previous_score_usd = 0 and measured.score_usd < 0 then 'declining'
            when measured.previous_score_usd = 0 then 'stable'
            when
                (measured.score_usd - measured.previous_score_usd)
                / abs(measured.previous_score_usd)
                >= {{ var('segments_growth_threshold') }}
                then 'growing'
            when
                (measured.score_usd - measured.previous_score_usd)
                / abs(measured.previous_score_usd)
                <= -{{ var('segments_growth_threshold') }}
                then 'declining'
            else 'stable'
        end as trend
    from measured

),

final as (

    select
        -- ids
        partner_id,
        display_name,
        partner_type,
        status,
        -- segment
        case
            when is_at_risk then 'at_risk'
            when is_new then 'new'
            when is_dormant then 'dormant'
            when is_top then 'top'
            else trend
        end as segment,
        case
            when
                is_at_risk
                then {{ dbt.concat(["'risk signals in the last " ~ var('segments_risk_lookback_months') ~ " months: '", 'risk_signals']) }}
            when
                is_new
                then {{ dbt.concat(["'joined '", "cast(cast(joined_at as date) as " ~ dbt.type_string() ~ ")", "', within " ~ var('segments_new_partner_months') ~ " months of '", "cast(as_of_month as " ~ dbt.type_string() ~ ")"]) }}
            when
                is_dormant
                then {{ dbt.concat(["'no activity since '", "coalesce(cast(last_active_month as " ~ dbt.type_string() ~ "), 'ever')"]) }}
            when
                is_top
                then {{ dbt.concat(["'rank '", "cast(score_rank as " ~ dbt.type_string() ~ ")", "' by commissions + value: '", "cast(score_usd as " ~ dbt.type_string() ~ ")", "' USD in " ~ window ~ " months'"]) }}
            else {{ dbt.concat(["'commissions + value '", "cast(score_usd as " ~ dbt.type_string() ~ ")", "' USD vs '", "cast(previous_score_usd as " ~ dbt.type_string() ~ ")", "' USD in the " ~ window ~ " months before'"]) }}
        end as segment_reason,
        trend,
        is_at_risk,
        is_new,
        is_dormant,
        is_top,
        -- window
        as_of_month,
        first_active_month,
        last_active_month,
        -- breadth
        cast(brands_worked_count as bigint) as brands_worked_count,
        brands_worked,
        cast(verticals_worked_count as bigint) as verticals_worked_count,
        verticals_worked,
        cast(active_brand_count as bigint) as active_brand_count,
        -- recent window measures
        cast(active_customers as bigint) as active_customers,
        cast(ftd_count as bigint) as ftd_count,
        cast(cpa_count as bigint) as cpa_count,
        cast(ngr_usd as decimal(18, 2)) as ngr_usd,
        cast(lots as decimal(24, 8)) as lots,
        cast(challenge_fees_usd as decimal(18, 2)) as challenge_fees_usd,
        cast(value_usd as decimal(18, 2)) as value_usd,
        cast(commissions_usd as decimal(18, 2)) as commissions_usd,
        cast(commissions_usd / nullif(ngr_usd, 0) as decimal(18, 6)) as commission_to_ngr,
        cast(commissions_usd / nullif(ftd_count, 0) as decimal(18, 2)) as cost_per_ftd_usd,
        cast(score_usd as decimal(18, 2)) as score_usd,
        cast(previous_score_usd as decimal(18, 2)) as previous_score_usd,
        growth_rate,
        cast(score_rank as bigint) as score_rank,
        cast(lifetime_commissions_usd as decimal(18, 2)) as lifetime_commissions_usd,
        cast(risk_signal_count as bigint) as risk_signal_count,
        risk_signals
    from trended

)

select * from final
