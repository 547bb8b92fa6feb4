"""Filters the manager pages share: one vertical → brand pair, the brand list narrowed by the
chosen vertical, so every page filters and labels brands alike."""

from __future__ import annotations

import pandas as pd
from streamlit.delta_generator import DeltaGenerator


def vertical_and_brand(
    brands: pd.DataFrame, vertical_column: DeltaGenerator, brand_column: DeltaGenerator, key: str
) -> tuple[str | None, str | None]:
    """A vertical and a brand choice (None: all) in the two given columns; widget keys
    `<key>_vertical` and `<key>_brand`. `brands` is data.brands()."""
    vertical = vertical_column.selectbox(
        "Vertical",
        sorted(brands["vertical"].unique()),
        index=None,
        key=f"{key}_vertical",
        placeholder="all verticals",
    )
    shown = brands if vertical is None else brands[brands["vertical"] == vertical]
    names = dict(zip(brands["brand_id"], brands["brand_name"]))
    brand_id = brand_column.selectbox(
        "Brand",
        list(shown["brand_id"]),
        index=None,
        key=f"{key}_brand",
        format_func=lambda b: f"{b} — {names[b]}",
        placeholder="all brands",
    )
    return vertical, brand_id
