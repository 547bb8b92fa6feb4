"""Assets of the build, left to right: landing -> raw -> dbt models -> payout marts -> serving."""
