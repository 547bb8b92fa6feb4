{#- Partner x brand x month statement rows from a relation of commission lines (the columns of
    docs/architecture.md). One implementation for two uses: int_partner_monthly_components
    (recomputed domain lines: the basis of sub-partner shares) and
    fct_partner_monthly_statement (the final lines, frozen months included), so both apply the
    same carryover.

    Negative carryover (RULES.md) is the recursion carry_out = min(0, carry_in + e), e = the
    month's gross (0 when the month's latest revshare deal version has no negative_carryover
    and the gross is negative: such a month pays 0 and carries nothing new, an older balance
    stays owed - the igaming domain's rule, docs/decisions/004-revshare.md). It is a Lindley
    recursion, so plain window functions compute it (portable, no recursive CTE): with
    S = running sum of -e, carry_out = -(S - min(0, lowest S so far));
    revshare = carry_in + e - carry_out.

    Rows: every month with a line, plus months without lines while a negative carryover passes
    through (a zero row whose carryover_in = carryover_out), so the chain is continuous and
    auditable. Grouped by currency too: a deal currency change starts a new chain. -#}
{% macro monthly_statement_sql(lines_relation, include_line_count=true) %}
with lines as (

    select * from {{ lines_relation }}

),

components as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        {%- for component in statement_components() %}
        {%- set column = 'revshare_gross' if component == 'revshare' else component %}
        sum(case when component = '{{ component }}' then amount else 0 end) as {{ column }},
        {%- endfor %}
        count(*) as line_count
    from lines
    group by partner_id, brand_id, period_month, currency

),

chains as (

    select
        partner_id,
        brand_id,
        currency,
        min(period_month) as first_month
    from components
    group by partner_id, brand_id, currency

),

last_month as (

    select max(period_month) as last_month from components

),

numbers as (

    select {{ integers_expr(3) }} as n
    from {{ integers(3) }}

),

months as (

    select
        chains.partner_id,
        chains.brand_id,
        chains.currency,
        cast({{ dbt.dateadd('month', 'numbers.n', 'chains.first_month') }} as date) as period_month
    from chains
    cross join last_month
    inner join numbers
        on numbers.n <= {{ dbt.datediff('chains.first_month', 'last_month.last_month', 'month') }}

),

revshare_versions as (

    -- the carryover flag of a month is that of its latest revshare deal version (the same
    -- choice as the igaming domain's int_revshare_carryover)
    select
        lines.partner_id,
        lines.brand_id,
        lines.period_month,
        lines.currency,
        lines.deal_id,
        lines.deal_version,
        row_number() over (
            partition by lines.partner_id, lines.brand_id, lines.period_month, lines.currency
            order by lines.deal_version desc nulls last, lines.deal_id desc nulls last
        ) as version_rank
    from lines
    where lines.component = 'revshare'
    group by lines.partner_id, lines.brand_id, lines.period_month, lines.currency,
        lines.deal_id, lines.deal_version

),

carry_flags as (

    select
        revshare_versions.partner_id,
        revshare_versions.brand_id,
        revshare_versions.period_month,
        revshare_versions.currency,
        max(case when deals.revshare_negative_carryover then 1 else 0 end) as carries_negative
    from revshare_versions
    left join {{ ref('int_deal_versions') }} as deals
        on revshare_versions.partner_id = deals.partner_id
        and revshare_versions.brand_id = deals.brand_id
        and revshare_versions.deal_id = deals.deal_id
        and revshare_versions.deal_version = deals.deal_version
    where revshare_versions.version_rank = 1
    group by revshare_versions.partner_id, revshare_versions.brand_id,
        revshare_versions.period_month, revshare_versions.currency

),

grid as (

    select
        months.partner_id,
        months.brand_id,
        months.period_month,
        months.currency,
        {%- for component in statement_components() %}
        {%- set column = 'revshare_gross' if component == 'revshare' else component %}
        cast(coalesce(components.{{ column }}, 0) as decimal(18,2)) as {{ column }},
        {%- endfor %}
        coalesce(components.line_count, 0) as line_count,
        -- what the month adds to the chain: without negative carryover a negative month adds 0
        cast(case
            when carry_flags.carries_negative = 1 then coalesce(components.revshare_gross, 0)
            when coalesce(components.revshare_gross, 0) < 0 then 0
            else coalesce(components.revshare_gross, 0)
        end as decimal(18,2)) as effective_gross
    from months
    left join components
        on months.partner_id = components.partner_id
        and months.brand_id = components.brand_id
        and months.currency = components.currency
        and months.period_month = components.period_month
    left join carry_flags
        on months.partner_id = carry_flags.partner_id
        and months.brand_id = carry_flags.brand_id
        and months.currency = carry_flags.currency
        and months.period_month = carry_flags.period_month

),

running as (

    select
        grid.*,
        sum(-effective_gross) over (
            partition by partner_id, brand_id, currency
            order by period_month asc nulls last
            rows between unbounded preceding and current row
        ) as owed_running
    from grid

),

lows as (

    select
        running.*,
        min(owed_running) over (
            partition by partner_id, brand_id, currency
            order by period_month asc nulls last
            rows between unbounded preceding and current row
        ) as owed_low
    from running

),

carried as (

    select
        lows.*,
        cast(-(owed_running - case when owed_low < 0 then owed_low else 0 end) as decimal(18,2))
            as carryover_out
    from lows

),

stated as (

    select
        carried.*,
        cast(coalesce(lag(carryover_out) over (
            partition by partner_id, brand_id, currency
            order by period_month asc nulls last
        ), 0) as decimal(18,2)) as carryover_in
    from carried

),

final as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        cpa,
        revshare_gross,
        carryover_in,
        carryover_out,
        cast(carryover_in + effective_gross - carryover_out as decimal(18,2)) as revshare,
        lot_rebate,
        spread_share,
        challenge,
        challenge_clawback,
        sub_partner,
        ib_override,
        adjustment,
        cast(
            cpa
            + (carryover_in + effective_gross - carryover_out)
            + lot_rebate + spread_share + challenge + challenge_clawback + sub_partner
            + ib_override + adjustment
        as decimal(18,2)) as total{% if include_line_count %},
        cast(line_count as bigint) as line_count{% endif %}
    from stated
    where line_count > 0
        or carryover_in <> 0

)

select * from final
{% endmacro %}
