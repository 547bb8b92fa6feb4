-- The first approved deposit (FTD) of each customer on each brand: amount, currency and date.
-- LANDING.md: "The first approved deposit is the FTD"; declined and reversed deposits never
-- count (a payment whose latest status is reversed is no longer approved, staging keeps the
-- latest status). Ties at the same instant are broken by transaction id so the pick is stable.
with

approved_deposits as (

    select
        transaction_id,
        customer_id,
        brand_id,
        amount,
        currency,
        occurred_at,
        row_number() over (
            partition by customer_id, brand_id
            order by occurred_at asc nulls last, transaction_id asc nulls last
        ) as deposit_no
    from {{ ref('stg_brand__payments') }}
    where kind = 'deposit'
        and status = 'approved'

),

final as (

    select
        -- ids
        customer_id,
        brand_id,
        transaction_id as ftd_transaction_id,
        -- amounts
        amount as ftd_amount,
        currency as ftd_currency,
        -- timestamps
        occurred_at as ftd_at,
        cast(occurred_at as date) as ftd_date
    from approved_deposits
    where deposit_no = 1

)

select * from final
