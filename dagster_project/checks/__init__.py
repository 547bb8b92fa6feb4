"""Data-quality gates: GX suites run as blocking asset checks on the models they protect."""
