"""GX Core suites as Python factories, one module per dataset a gate validates.

Each module holds `DATASET`, the SQL `frame(con, ...)` that computes the columns the suite
checks (identities are computed in SQL, judged by GX), and `build_<dataset>_suite(...)`.
"""
