"""Every CSV the project writes (portal, manager pages, CLI, payment files), made formula-safe here.

A spreadsheet opening a CSV runs a cell that begins with `=`, `+`, `-` or `@` as a formula
(and a leading tab or carriage return can hide such a start): a partner's own sub-id or link
name could carry one. Text cells beginning with any of them get a leading apostrophe, which
spreadsheets show as text. Numbers (Decimal amounts, counts) are written exactly: a number,
negative or not, is never a formula.
"""

from __future__ import annotations

from decimal import Decimal
from numbers import Number

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text value that a spreadsheet would run as a formula, prefixed with `'`; others as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_csv(df: pd.DataFrame) -> bytes:
    """The CSV bytes of a portal export: UTF-8, no index, text cells neutralised."""
    out = df.copy()
    for column in out.columns:
        if not all(isinstance(v, (Number, Decimal)) or v is None for v in out[column]):
            out[column] = out[column].map(neutralise)
    out.columns = [str(neutralise(str(c))) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8")
