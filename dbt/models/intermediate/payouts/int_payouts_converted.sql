{#- Step 1 of the payouts (docs/decisions/006-payouts-and-audit.md): each partner's month in
    the partner's payout currency, every brand consolidated.

    Each statement total (deal currency) is converted at the rate of the period's last day
    (int_fx_rates_daily: the latest rate on or before it), via USD; a missing rate leaves the
    month NULL (the data-quality gate fails), never zero. Converted totals are summed exactly
    and rounded half-up to cents once per partner-month. -#}
with

statements as (

    select
        partner_id,
        brand_id,
        period_month,
        currency,
        total,
        cast({{ dbt.last_day('period_month', 'month') }} as date) as period_end
    from {{ ref('fct_partner_monthly_statement') }}

),

partners as (

    select
        partner_id,
        payout_currency,
        payout_threshold
    from {{ ref('stg_ops__partners') }}

),

fx as (

    select
        rate_date,
        currency,
        cast(usd_per_unit as decimal(20, 10)) as usd_per_unit,
        source_rate_date
    from {{ ref('int_fx_rates_daily') }}

),

converted as (

    select
        statements.partner_id,
        statements.brand_id,
        statements.period_month,
        partners.payout_currency,
        partners.payout_threshold,
        fx_to.usd_per_unit as payout_usd_per_unit,
        case
            when
                statements.currency = partners.payout_currency
                then cast(statements.total as decimal(28, 10))
            else {{ fx_convert('cast(statements.total as decimal(18,2))', type='decimal(28,10)') }}
        end as total_payout,
        -- the oldest rate behind the figure (a stale rate is visible to the reviewer)
        case
            when fx_from.source_rate_date is null or fx_to.source_rate_date is null then null
            when fx_from.source_rate_date < fx_to.source_rate_date then fx_from.source_rate_date
            else fx_to.source_rate_date
        end as fx_rate_date
    from statements
    inner join partners
        on statements.partner_id = partners.partner_id
    {{ fx_rates_of_day('statements.period_end', 'statements.currency', 'partners.payout_currency') }}

),

partner_months as (

    select
        partner_id,
        period_month,
        payout_currency,
        max(payout_threshold) as payout_threshold,
        max(payout_usd_per_unit) as payout_usd_per_unit,
        -- one missing conversion makes the month unknown, never a partial sum
        case
            when
                count(total_payout) = count(*)
                then cast(round(sum(total_payout), 2) as decimal(18, 2))
        end as statement_total,
        count(distinct brand_id) as brand_count,
        case when count(fx_rate_date) = count(*) then min(fx_rate_date) end as fx_rate_date
    from converted
    group by 1, 2, 3

)

select * from partner_months
