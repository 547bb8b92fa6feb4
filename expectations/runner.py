"""Validate a DataFrame against a suite through an ephemeral GX context, and report it.

GX through SQLAlchemy on DuckDB is broken, so frames are read from DuckDB by the caller
(`expectations.suites.<dataset>.frame`) and validated in memory. Each validation writes
`<reports>/<dataset>.json` and `.html`; `write_index` writes `index.json` / `index.html`
over the datasets of the last build.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

# GX reports usage and draws progress bars unless told not to; a build wants neither.
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

EXAMPLE_ROWS = 5


@dataclass
class FailedExpectation:
    expectation: str  # e.g. expect_column_values_to_not_be_null
    column: str | None
    rule: str  # the business rule it protects (the expectation's meta)
    unexpected_count: int | None
    examples: list[dict[str, Any]] = field(default_factory=list)  # failing rows of the frame

    def describe(self) -> str:
        where = f" on {self.column}" if self.column else ""
        count = f" ({self.unexpected_count} rows)" if self.unexpected_count is not None else ""
        return f"{self.expectation}{where}{count}: {self.rule}"


@dataclass
class ValidationOutcome:
    dataset: str
    success: bool
    rows: int
    failed: list[FailedExpectation] = field(default_factory=list)
    evaluated: int = 0
    validated_at: str = ""

    def summary(self) -> str:
        if self.success:
            return f"{self.dataset}: {self.evaluated} expectations passed on {self.rows} rows"
        lines = [f"{self.dataset}: {len(self.failed)} of {self.evaluated} expectations failed"]
        for f in self.failed:
            lines.append(f"  - {f.describe()}")
            for row in f.examples[:3]:
                lines.append(f"      e.g. {_short(row)}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _short(row: dict[str, Any], limit: int = 160) -> str:
    text = ", ".join(f"{k}={v}" for k, v in row.items())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item") and not isinstance(value, (list, dict)):
        try:
            value = value.item()  # numpy scalars -> Python
        except (ValueError, TypeError):
            pass
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)  # Decimal, dates, timestamps: their exact text


def _examples(df: pd.DataFrame, result: dict[str, Any]) -> list[dict[str, Any]]:
    index = result.get("unexpected_index_list") or []
    if index and not isinstance(index[0], dict):
        rows = df.loc[[i for i in index[:EXAMPLE_ROWS] if i in df.index]]
        return [{k: _jsonable(v) for k, v in r.items()} for r in rows.to_dict("records")]
    partial = result.get("partial_unexpected_list") or []
    return [{"value": _jsonable(v)} for v in partial[:EXAMPLE_ROWS]]


def validate(
    dataset: str,
    suite: gx.ExpectationSuite,
    df: pd.DataFrame,
    reports_dir: Path | None = None,
) -> ValidationOutcome:
    """Run `suite` on `df`; write the report under `reports_dir` when given."""
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batch = (
        context.data_sources.add_pandas(f"{dataset}_source")
        .add_dataframe_asset(dataset)
        .add_batch_definition_whole_dataframe("whole_frame")
    )
    suite = context.suites.add(suite)
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(name=f"{dataset}_validation", data=batch, suite=suite)
    )
    frame = df.reset_index(drop=True)
    result = definition.run(
        batch_parameters={"dataframe": frame}, result_format={"result_format": "COMPLETE"}
    )
    failed = []
    for r in result.results:
        if r.success:
            continue
        config = r.expectation_config
        details = r.result or {}
        failed.append(
            FailedExpectation(
                expectation=config.type,
                column=config.kwargs.get("column"),
                rule=(config.meta or {}).get("rule", ""),
                unexpected_count=details.get("unexpected_count"),
                examples=_examples(frame, details),
            )
        )
        if r.exception_info and r.exception_info.get("raised_exception"):
            failed[-1].rule += f" [error: {r.exception_info.get('exception_message')}]"
    outcome = ValidationOutcome(
        dataset=dataset,
        success=bool(result.success),
        rows=len(frame),
        failed=failed,
        evaluated=len(result.results),
        validated_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    if reports_dir is not None:
        write_report(outcome, reports_dir)
    return outcome


def write_report(outcome: ValidationOutcome, reports_dir: Path) -> Path:
    """Write `<dataset>.json` and `<dataset>.html`; returns the HTML path."""
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    (reports_dir / f"{outcome.dataset}.json").write_text(
        json.dumps(outcome.to_json(), indent=2, default=str), encoding="utf-8"
    )
    path = reports_dir / f"{outcome.dataset}.html"
    path.write_text(_page(outcome.dataset, [outcome]), encoding="utf-8")
    return path


def write_index(reports_dir: Path, datasets: list[str] | None = None) -> Path:
    """`index.json` / `index.html` over the per-dataset reports (those named, else all)."""
    reports_dir = Path(reports_dir)
    reports_dir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for p in sorted(reports_dir.glob("*.json")):
        if p.name == "index.json" or (datasets is not None and p.stem not in datasets):
            continue
        data = json.loads(p.read_text(encoding="utf-8"))
        data["failed"] = [FailedExpectation(**f) for f in data.get("failed", [])]
        outcomes.append(ValidationOutcome(**data))
    (reports_dir / "index.json").write_text(
        json.dumps([o.to_json() for o in outcomes], indent=2, default=str), encoding="utf-8"
    )
    path = reports_dir / "index.html"
    path.write_text(_page("Data quality of the last build", outcomes), encoding="utf-8")
    return path


def _page(title: str, outcomes: list[ValidationOutcome]) -> str:
    esc = html.escape
    body = [f"<h1>{esc(title)}</h1>"]
    for o in outcomes:
        badge = "passed" if o.success else "FAILED"
        body.append(
            f"<h2>{esc(o.dataset)}: <span class='{badge.lower()}'>{badge}</span></h2>"
            f"<p>{o.evaluated} expectations on {o.rows} rows, validated {esc(o.validated_at)}</p>"
        )
        for f in o.failed:
            body.append(f"<h3>{esc(f.describe())}</h3>")
            if f.examples:
                cols = list(f.examples[0])
                head = "".join(f"<th>{esc(c)}</th>" for c in cols)
                rows = "".join(
                    "<tr>" + "".join(f"<td>{esc(str(r.get(c)))}</td>" for c in cols) + "</tr>"
                    for r in f.examples
                )
                body.append(f"<table><tr>{head}</tr>{rows}</table>")
    style = (
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:2px 6px}.passed{color:green}.failed{color:#b00}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(title)}</title>"
        f"<style>{style}</style></head><body>{''.join(body)}</body></html>"
    )
