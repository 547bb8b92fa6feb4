"""Plotly figures from the DataFrames of app/data.py; no SQL, no Streamlit.

Amounts arrive as exact Decimals; they become floats here only to place bars on screen
(tables and exports keep the Decimals).
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go


def _plot_ready(df: pd.DataFrame, value: str) -> pd.DataFrame:
    out = df.copy()
    out[value] = pd.to_numeric(out[value].map(lambda v: None if v is None else float(v)))
    if "period_month" in out:
        out["period_month"] = out["period_month"].astype(str)
    return out


def components_by_month(df: pd.DataFrame, value: str = "amount_usd") -> go.Figure:
    """Stacked bars: commissions per month, one colour per component."""
    fig = px.bar(
        _plot_ready(df, value),
        x="period_month",
        y=value,
        color="component",
        labels={"period_month": "month", value: value.replace("_", " ")},
    )
    fig.update_layout(barmode="relative", legend_title_text="component")
    return fig


def amount_by(df: pd.DataFrame, category: str, value: str = "amount_usd") -> go.Figure:
    """Horizontal bars, largest on top (e.g. top partners, brands)."""
    data = _plot_ready(df, value).sort_values(value)
    fig = px.bar(data, x=value, y=category, orientation="h")
    fig.update_layout(yaxis_title=None, xaxis_title=value.replace("_", " "))
    return fig


def statement_components(df: pd.DataFrame, components: tuple[str, ...]) -> go.Figure:
    """A partner's statements as stacked component bars per month and currency."""
    long = df.melt(
        id_vars=["period_month", "currency"],
        value_vars=list(components),
        var_name="component",
        value_name="amount",
    )
    long = long.groupby(["period_month", "currency", "component"], as_index=False)["amount"].sum()
    long = long[long["amount"] != 0]
    fig = px.bar(
        _plot_ready(long, "amount"),
        x="period_month",
        y="amount",
        color="component",
        facet_col="currency",
        labels={"period_month": "month"},
    )
    fig.update_layout(barmode="relative")
    # Months are periods, not instants: one tick per statement month, even with a single month.
    fig.update_xaxes(dtick="M1", tickformat="%Y-%m")
    return fig


def activity_trend(df: pd.DataFrame, x: str, measures: dict[str, str]) -> go.Figure:
    """Lines of a partner's activity over months or days; `measures` maps column -> label."""
    long = df.melt(id_vars=[x], value_vars=list(measures), var_name="measure", value_name="n")
    long["measure"] = long["measure"].map(measures)
    long["n"] = pd.to_numeric(long["n"].map(lambda v: None if v is None else float(v)))
    long[x] = long[x].astype(str)
    fig = px.line(long, x=x, y="n", color="measure", markers=True)
    fig.update_layout(xaxis_title=None, yaxis_title=None, legend_title_text=None)
    return fig


def commission_trend(df: pd.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Stacked bars of a partner's commission per month and currency, components labelled.

    `df` has period_month, currency, component and amount; `labels` maps component -> label.
    """
    long = df[df["amount"] != 0].copy()
    long["component"] = long["component"].map(labels)
    fig = px.bar(
        _plot_ready(long, "amount"),
        x="period_month",
        y="amount",
        color="component",
        facet_col="currency",
    )
    fig.update_layout(barmode="relative", xaxis_title=None, yaxis_title=None)
    fig.update_layout(legend_title_text=None)
    fig.update_xaxes(dtick="M1", tickformat="%Y-%m")
    return fig
