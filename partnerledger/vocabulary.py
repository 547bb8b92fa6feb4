"""The project's vocabularies, read from their one owner: the `vars:` of dbt/dbt_project.yml.

dbt reads the same lists with `var()`; Python reads them here and nowhere else, so adding a
commission component or a commission-line column is one edit of dbt_project.yml.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerledger.config import load_vars

# Portable type names of the vars -> DuckDB's names (dbt renders `string` per engine).
_DUCKDB_TYPES = {"string": "varchar"}


@dataclass(frozen=True)
class Component:
    name: str
    label: str

    @property
    def statement_column(self) -> str:
        """The statement column its lines add up to (revshare lines: the gross)."""
        return "revshare_gross" if self.name == "revshare" else self.name


def components() -> tuple[Component, ...]:
    """Commission components in statement order."""
    return tuple(Component(c["name"], c["label"]) for c in load_vars()["commission_components"])


def component_names() -> tuple[str, ...]:
    return tuple(c.name for c in components())


def component_labels() -> dict[str, str]:
    return {c.name: c.label for c in components()}


def duckdb_type(portable: str) -> str:
    return _DUCKDB_TYPES.get(portable, portable)


def commission_line_types(*, mart: bool = True) -> dict[str, str]:
    """Columns of marts.fct_commission_lines (mart=True) or of the domain line models, in
    order, with DuckDB types."""
    return {
        c["name"]: duckdb_type(c["type"])
        for c in load_vars()["commission_line_columns"]
        if mart or not c.get("mart_only")
    }


def ops_snapshot_types(table: str) -> dict[str, str]:
    """Columns of one mirrored ops_snapshot table, in order, with DuckDB types."""
    if table == "closed_lines":
        return {**commission_line_types(), "closed_at": "timestamp"}
    return {c["name"]: duckdb_type(c["type"]) for c in load_vars()["ops_snapshot_columns"][table]}
