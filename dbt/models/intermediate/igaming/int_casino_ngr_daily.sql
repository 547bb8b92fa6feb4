-- NGR of the partners' customers per partner, brand, day and deal version: the big iGaming fact.
-- RULES.md "iGaming": GGR = stakes - payouts; NGR = GGR - the deductions the brand's ngr_rules
-- switch on - admin fee, where the admin fee is admin_fee_rate x GGR of each activity row
-- (customer, day, product) whose GGR is positive, else 0. NGR is computed per activity row in
-- the row's (brand) currency, converted into the currency of the deal version in force on the
-- activity date, and only then aggregated ONCE to this grain; later models read this aggregate.
-- Only customers who earn commission (attributed, not test, not restricted) count. Activity of a
-- partner with no deal version in force on the day prices nothing and is left out.
with

activity as (

    select * from {{ ref('stg_brand__casino_activity') }}

),

customers as (

    select
        customer_id,
        brand_id,
        partner_id
    from {{ ref('int_customers_attributed') }}
    where earns_commission

),

-- a brand without an ngr_rules row takes the contract's defaults (vars, igaming block)
ngr_rules as (

    select
        brands.brand_id,
        coalesce(
            rules.admin_fee_rate,
            cast({{ var('igaming_default_admin_fee_rate') }} as decimal(24, 8))
        )
            as admin_fee_rate,
        coalesce(rules.deduct_bonuses, {{ var('igaming_default_deduct_bonuses') }})
            as deduct_bonuses,
        coalesce(rules.deduct_jackpot, {{ var('igaming_default_deduct_jackpot') }})
            as deduct_jackpot,
        coalesce(rules.deduct_tax, {{ var('igaming_default_deduct_tax') }}) as deduct_tax,
        coalesce(rules.deduct_chargebacks, {{ var('igaming_default_deduct_chargebacks') }})
            as deduct_chargebacks
    from {{ ref('stg_ops__brands') }} as brands
    left join {{ ref('stg_ops__ngr_rules') }} as rules
        on brands.brand_id = rules.brand_id

),

deal_versions as (

    select * from {{ ref('int_deal_versions') }}

),

fx as (

    select
        rate_date,
        currency,
        usd_per_unit
    from {{ ref('int_fx_rates_daily') }}

),

-- one row per activity row: GGR, each deduction as the brand's switches say, admin fee, NGR
rows_ngr as (

    select
        activity.activity_date,
        activity.customer_id,
        activity.brand_id,
        customers.partner_id,
        activity.currency,
        activity.stakes,
        activity.stakes - activity.payouts as ggr,
        case
            when ngr_rules.deduct_bonuses then activity.bonus_cost else cast(0 as decimal(24, 8))
        end as bonus_deduction,
        case
            when ngr_rules.deduct_jackpot then activity.jackpot_contribution else
                cast(0 as decimal(24, 8))
        end as jackpot_deduction,
        case when ngr_rules.deduct_tax then activity.gaming_tax else cast(0 as decimal(24, 8)) end
            as tax_deduction,
        case
            when ngr_rules.deduct_chargebacks then activity.chargebacks else
                cast(0 as decimal(24, 8))
        end as chargeback_deduction,
        -- the admin fee is charged only on a winning row for the operator (GGR > 0)
        case
            when activity.stakes - activity.payouts > 0
                then cast(
                        coalesce(ngr_rules.admin_fee_rate, 0)
                        * (activity.stakes - activity.payouts) as decimal(24, 8)
                    )
            else cast(0 as decimal(24, 8))
        end as admin_fee
    from activity
    inner join customers
        on activity.customer_id = customers.customer_id
        and activity.brand_id = customers.brand_id
    left join ngr_rules
        on activity.brand_id = ngr_rules.brand_id

),

rows_ngr_total as (

    select
        rows_ngr.*,
        rows_ngr.ggr
        - rows_ngr.bonus_deduction
        - rows_ngr.jackpot_deduction
        - rows_ngr.tax_deduction
        - rows_ngr.chargeback_deduction
        - rows_ngr.admin_fee as ngr
    from rows_ngr

),

-- the deal version in force on the activity date prices the row; convert into its currency
-- via USD at the activity date's rate. A missing rate leaves the amount NULL (never 0).
-- DuckDB divides decimals as DOUBLE: the quotient is cast straight back to decimal(24,8), and a
-- same-currency row is not converted at all (exact).
rows_priced as (

    select
        rows_ngr_total.partner_id,
        rows_ngr_total.brand_id,
        rows_ngr_total.activity_date,
        rows_ngr_total.customer_id,
        deal_versions.deal_id,
        deal_versions.deal_version,
        deal_versions.currency as deal_currency,
    {% for col in ['stakes', 'ggr', 'bonus_deduction', 'jackpot_deduction', 'tax_deduction', 'chargeback_deduction', 'admin_fee', 'ngr'] %}
    case
        when
            rows_ngr_total.currency = deal_versions.currency
            then cast(rows_ngr_total.{{ col }} as decimal(24, 8))
        else {{ fx_convert('rows_ngr_total.' ~ col) }}
    end as {{ col }}_deal{{ ',' if not loop.last }}  -- noqa: LT02
    {% endfor %}
    from rows_ngr_total
    inner join deal_versions
        on rows_ngr_total.partner_id = deal_versions.partner_id
        and rows_ngr_total.brand_id = deal_versions.brand_id
        and {{ deal_version_in_force('rows_ngr_total.activity_date', 'deal_versions') }}
    {{ fx_rates_of_day('rows_ngr_total.activity_date', 'rows_ngr_total.currency', 'deal_versions.currency') }}

),

final as (

    select
        -- grain
        partner_id,
        brand_id,
        activity_date,
        deal_id,
        deal_version,
        deal_currency,
        -- sources
        count(*) as activity_rows,
        count(distinct customer_id) as customer_count,
        -- a day with an unconvertible row has no NGR at all (NULL), never a partial sum
        count(*) - count(ngr_deal) as rows_missing_fx,
    {% for col in ['stakes', 'ggr', 'bonus_deduction', 'jackpot_deduction', 'tax_deduction', 'chargeback_deduction', 'admin_fee', 'ngr'] %}
    case
        when count(*) = count({{ col }}_deal) then cast(sum({{ col }}_deal) as decimal(24, 8))
    end
        as {{ col }}{{ ',' if not loop.last }}  -- noqa: LT02
    {% endfor %}
    from rows_priced
    group by partner_id, brand_id, activity_date, deal_id, deal_version, deal_currency

)

select * from final
