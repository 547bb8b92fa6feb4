"""Vectorised text formatting of generated values: money, timestamps, dates, ids.

Every landing column is written as text (CSV cells, JSON strings, parquet strings) so a file
can carry deliberately bad values ('abc' in an amount) in any format. Amounts are generated as
integer minor units (cents, or 1e-6 for rates) so no float ever reaches a money string.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

EPOCH_1970 = "1970-01-01 00:00:00"


def decimal_str(units: np.ndarray, scale: int = 2) -> pa.Array:
    """Integers in 10**-scale units -> exact decimal strings ('-12.05' for -1205, scale 2)."""
    units = np.asarray(units, dtype=np.int64)
    neg = units < 0
    absu = np.abs(units)
    whole = pa.array(absu // 10**scale).cast(pa.string())
    if scale == 0:
        text = whole
    else:
        frac = pc.utf8_lpad(pa.array(absu % 10**scale).cast(pa.string()), width=scale, padding="0")
        text = pc.binary_join_element_wise(whole, frac, ".")
    if neg.any():
        text = pc.if_else(pa.array(neg), pc.binary_join_element_wise("-", text, ""), text)
    return text


def int_str(values: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64)).cast(pa.string())


def ts_str(epoch_s: np.ndarray) -> pa.Array:
    """Epoch seconds (UTC) -> 'YYYY-MM-DD HH:MM:SS' (no offset: UTC by the contract).

    Arrow's cast to string is ~100x faster than strftime and prints exactly this form.
    """
    return pa.array(np.asarray(epoch_s, dtype=np.int64)).cast(pa.timestamp("s")).cast(pa.string())


def ts_iso_z(epoch_s: np.ndarray) -> pa.Array:
    """ISO-8601 with an explicit UTC offset, as tracking postbacks send it."""
    text = pc.utf8_replace_slice(ts_str(epoch_s), start=10, stop=11, replacement="T")
    return pc.binary_join_element_wise(text, "Z", "")


def ts_msc_str(epoch_ms: np.ndarray) -> pa.Array:
    """Epoch milliseconds -> 'YYYY-MM-DD HH:MM:SS.mmm' (MT5 TimeMsc as a datetime)."""
    ms = np.asarray(epoch_ms, dtype=np.int64)
    base = ts_str(ms // 1000)
    frac = pc.utf8_lpad(pa.array(ms % 1000).cast(pa.string()), width=3, padding="0")
    return pc.binary_join_element_wise(base, frac, ".")


def date_str(epoch_s: np.ndarray) -> pa.Array:
    return (
        pa.array(np.asarray(epoch_s, dtype=np.int64))
        .cast(pa.timestamp("s"))
        .cast(pa.date32())
        .cast(pa.string())
    )


def ids(prefix: str, numbers: np.ndarray, width: int = 7) -> pa.Array:
    """'C-0000042' style identifiers from integers."""
    num = pc.utf8_lpad(
        pa.array(np.asarray(numbers, dtype=np.int64)).cast(pa.string()), width=width, padding="0"
    )
    return pc.binary_join_element_wise(prefix, num, "")


def pick(labels: list[str] | tuple[str, ...], index: np.ndarray) -> pa.Array:
    """Labels chosen by integer index; negative index means empty (NULL)."""
    index = np.asarray(index, dtype=np.int64)
    dict_arr = pa.DictionaryArray.from_arrays(
        pa.array(np.where(index < 0, 0, index).astype(np.int32), mask=index < 0),
        pa.array(list(labels), pa.string()),
    )
    return dict_arr.cast(pa.string())


def const(value: str | None, n: int) -> pa.Array:
    return pa.repeat(pa.scalar(value, pa.string()), n)


def masked(values: pa.Array, keep: np.ndarray) -> pa.Array:
    """Values where keep is True, NULL (empty) elsewhere."""
    return pc.if_else(pa.array(np.asarray(keep, dtype=bool)), values, pa.scalar(None, pa.string()))


def pick_where(mask: np.ndarray, if_true: pa.Array, otherwise: pa.Array) -> pa.Array:
    return pc.if_else(pa.array(np.asarray(mask, dtype=bool)), if_true, otherwise)


def empty(n: int) -> pa.Array:
    return pa.nulls(n, pa.string())
