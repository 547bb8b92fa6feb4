"""`partnerledger build`: ingest, build every model, run the gates, publish; then a summary.

Runs the Dagster job `build_all` in this process, prints one line per asset as it finishes
and a summary at the end. Exit codes (OUTPUTS.md): 0 built and every blocking check passed
(published); 3 built but a blocking check failed (payouts not published, the previous
serving.duckdb untouched); 1 anything else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import paths

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BLOCKED = 3
GATE_FAILED = "DagsterAssetCheckFailedError"  # the error of a step whose blocking check failed


@dataclass
class BuildOutcome:
    """What happened in one run of build_all, gathered from its events."""

    materialized: list[str] = field(default_factory=list)
    raw_counts: dict[str, dict[str, Any]] = field(default_factory=dict)
    load_id: str | None = None
    failed_checks: list[dict[str, Any]] = field(default_factory=list)  # blocking, ERROR severity
    warned_checks: list[dict[str, Any]] = field(default_factory=list)
    passed_checks: int = 0
    step_errors: list[tuple[str, str, str]] = field(
        default_factory=list
    )  # step, error class, message
    skipped_steps: list[str] = field(default_factory=list)
    published: bool = False

    @property
    def exit_code(self) -> int:
        if self.published and not self.step_errors:
            return EXIT_OK
        if self.step_errors and all(cls == GATE_FAILED for _, cls, _ in self.step_errors):
            return EXIT_BLOCKED
        return EXIT_ERROR


def _value(meta: Any) -> Any:
    return getattr(meta, "value", getattr(meta, "text", meta))


def _key(event: Any) -> str:
    return "/".join(event.asset_key.path)


class _ProgressHandler(logging.Handler):
    """Turns the run's Dagster events into progress lines and a BuildOutcome."""

    def __init__(self, say: Callable[[str], None], outcome: BuildOutcome) -> None:
        super().__init__(level=logging.DEBUG)
        self.say = say
        self.outcome = outcome

    def emit(self, record: logging.LogRecord) -> None:
        event = (getattr(record, "dagster_meta", None) or {}).get("dagster_event")
        if event is None:
            return
        try:
            self._on_event(event)
        except Exception as exc:  # noqa: BLE001 - progress must never break the build
            self.say(f"  (progress: {exc})")

    def _on_event(self, event: Any) -> None:
        kind = event.event_type_value
        o = self.outcome
        if kind == "ASSET_MATERIALIZATION":
            mat = event.event_specific_data.materialization
            key = "/".join(mat.asset_key.path)
            meta = {k: _value(v) for k, v in mat.metadata.items()}
            o.materialized.append(key)
            if key.startswith("raw/"):
                o.raw_counts[key[4:]] = meta
                o.load_id = meta.get("load_id", o.load_id)
                if "rows_read" in meta:
                    self.say(
                        f"✓ {key} {meta['rows_loaded']:,} rows loaded"
                        + (
                            f", {meta['rows_quarantined']:,} quarantined"
                            if meta["rows_quarantined"]
                            else ""
                        )
                        + f" ({meta.get('rows_in_table', 0):,} in table)"
                    )
                else:
                    self.say(f"✓ {key} {meta.get('rows_in_table', 0):,} rows")
            elif key == "serving":
                o.published = True
                self.say(f"✓ published {meta.get('tables')} marts to {meta.get('serving_path')}")
            else:
                self.say(f"✓ {key}")
        elif kind == "ASSET_CHECK_EVALUATION":
            ev = event.event_specific_data
            if ev.passed:
                o.passed_checks += 1
                return
            info = {
                "check": ev.check_name,
                "asset": "/".join(ev.asset_key.path),
                "blocking": bool(ev.blocking),
                "metadata": {k: _value(v) for k, v in (ev.metadata or {}).items()},
            }
            if ev.blocking and ev.severity.value == "ERROR":
                o.failed_checks.append(info)
                self.say(f"✗ check {info['asset']}:{info['check']} failed (blocking)")
            else:
                o.warned_checks.append(info)
                self.say(f"! check {info['asset']}:{info['check']} warned")
        elif kind == "STEP_FAILURE":
            err = event.event_specific_data.error
            # The step error wraps the asset's own exception: report the innermost cause.
            while (
                err is not None
                and err.cause is not None
                and err.cls_name
                in ("DagsterExecutionStepExecutionError", "DagsterUserCodeExecutionError")
            ):
                err = err.cause
            cls = err.cls_name if err else "unknown"
            msg = (err.message if err else "").strip()
            o.step_errors.append((event.step_key, cls, msg))
            if cls != GATE_FAILED:
                self.say(f"✗ step {event.step_key} failed: {msg.splitlines()[0] if msg else cls}")
        elif kind == "STEP_SKIPPED":
            o.skipped_steps.append(event.step_key)
            self.say(f"- skipped {event.step_key} (an upstream gate or step failed)")


def run_build(landing: Path, home: paths.Home, progress: Callable[[str], None] = print) -> int:
    """Ingest `landing` into `home`'s warehouse, build, check, publish; return the exit code."""
    home.ensure()
    landing = Path(landing).resolve()
    if not landing.is_dir():
        progress(
            f"build: landing directory {landing} does not exist (give --landing or set PARTNERLEDGER_LANDING)"
        )
        return EXIT_ERROR
    # dbt (a subprocess) and every resource read these; one answer for the whole run.
    os.environ.update(paths.warehouse_env(home))
    os.environ["PARTNERLEDGER_LANDING"] = str(landing)
    try:
        from dagster_project.project import ensure_manifest

        ensure_manifest()
    except Exception as exc:  # noqa: BLE001 - any parse failure is exit 1 with its message
        progress(f"build: the dbt project does not parse:\n{exc}")
        return EXIT_ERROR

    import dagster as dg

    from dagster_project.definitions import make_definitions
    from dagster_project.resources import build_resources

    # dbt's own log lines (dagster-dbt writes them to stdout) go to a log file, so the console
    # shows one progress line per asset; progress lines still reach the caller's stdout.
    log_path = home.reports / "last_build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    console = sys.stdout

    def say(message: str) -> None:
        with contextlib.redirect_stdout(console):
            progress(message)

    outcome = BuildOutcome()
    handler = _ProgressHandler(say, outcome)

    @dg.logger
    def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
        log = logging.getLogger("partnerledger.build.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [handler]
        return log

    progress(f"building {home.root} from {landing} (dbt log: {log_path})")
    try:
        with (
            open(log_path, "w", encoding="utf-8") as log_file,
            contextlib.redirect_stdout(log_file),
        ):
            _execute(
                make_definitions(
                    resources=build_resources(home_dir=str(home.root), landing_dir=str(landing)),
                    loggers={"progress": progress_logger},
                )
            )
    except Exception as exc:  # noqa: BLE001 - anything else is exit 1 with its message
        progress(f"build: the run could not start: {type(exc).__name__}: {exc}")
        return EXIT_ERROR

    _write_quality_index(home, progress)
    for line in summary_lines(outcome, home):
        progress(line)
    return outcome.exit_code


def _execute(defs: Any) -> None:
    import dagster as dg

    job = defs.resolve_job_def("build_all")
    job.execute_in_process(
        run_config={"loggers": {"progress": {}}},
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def _write_quality_index(home: paths.Home, say: Callable[[str], None]) -> None:
    try:
        from expectations.runner import write_index

        write_index(home.reports)
    except Exception as exc:  # noqa: BLE001 - a report is a courtesy; the exit code decides
        say(f"(quality report index not written: {exc})")


def summary_lines(outcome: BuildOutcome, home: paths.Home) -> list[str]:
    """The end-of-build summary: rows, rejected files, commissions, published or blocked and why."""
    lines = ["", "== summary =="]
    entities = {k: v for k, v in outcome.raw_counts.items() if "rows_read" in v}
    if entities:
        lines.append("rows of the files new in this build (and rows in each raw table):")
        lines.append(
            f"{'entity':<18}{'rows in':>10}{'loaded':>10}{'quarantined':>13}{'in table':>12}"
        )
        for name, m in sorted(entities.items()):
            lines.append(
                f"{name:<18}{m['rows_read']:>10,}{m['rows_loaded']:>10,}{m['rows_quarantined']:>13,}"
                f"{m.get('rows_in_table', 0):>12,}"
            )
    con = None
    if home.warehouse.exists():
        try:
            con = duckdb.connect(str(home.warehouse), read_only=True)
        except duckdb.Error as exc:
            lines.append(f"(warehouse not readable for the summary: {exc})")
    try:
        if con is not None:
            lines += _rejected_files(con, outcome.load_id)
            lines += _commissions(con)
    finally:
        if con is not None:
            con.close()
    for c in outcome.warned_checks:
        lines.append(f"warning: {c['asset']}:{c['check']}")
    lines.append(
        f"checks: {outcome.passed_checks} passed, {len(outcome.failed_checks)} blocking failed, "
        f"{len(outcome.warned_checks)} warnings"
    )
    code = outcome.exit_code
    if code == EXIT_OK:
        lines.append(f"payouts PUBLISHED to {home.serving}")
    elif code == EXIT_BLOCKED:
        lines.append(
            "payouts BLOCKED: not published; the previous serving.duckdb is untouched. Why:"
        )
        for c in outcome.failed_checks:
            lines.append(f"  ✗ {c['check']} on {c['asset']}")
            lines += ["    " + t for t in _check_reason(c).splitlines()]
        lines.append(f"  reports: {home.reports / 'index.html'}")
    else:
        lines.append("build FAILED: nothing published.")
        for step, cls, msg in outcome.step_errors:
            if cls != GATE_FAILED:
                lines.append(f"  {step}: {cls}: {msg[:2000]}")
    return lines


def _check_reason(check: dict[str, Any]) -> str:
    meta = check["metadata"]
    if meta.get("summary"):
        return str(meta["summary"])
    # dbt tests as checks: their own metadata (failed row count, the test's SQL...)
    useful = {
        k: v for k, v in meta.items() if "failed_row_count" in k or k in ("status", "message")
    }
    return ", ".join(f"{k}={v}" for k, v in useful.items()) or "a dbt test failed (see dbt logs)"


def _rejected_files(con: duckdb.DuckDBPyConnection, load_id: str | None) -> list[str]:
    if load_id is None:
        return []
    rows = con.execute(
        "select path, reason from ingest.files where load_id = ? and status = 'rejected' order by path",
        [load_id],
    ).fetchall()
    return (
        ([f"files rejected: {len(rows)}"] + [f"  {p}: {r}" for p, r in rows])
        if rows
        else ["files rejected: 0"]
    )


def _commissions(con: duckdb.DuckDBPyConnection) -> list[str]:
    exists = con.execute(
        """select count(*) from information_schema.tables
           where table_schema = 'marts' and table_name = 'fct_commission_lines'"""
    ).fetchone()[0]
    if not exists:
        return ["commissions: marts.fct_commission_lines was not built"]
    rows = con.execute(
        """select component, currency, count(*), sum(amount)
           from marts.fct_commission_lines group by component, currency order by component, currency"""
    ).fetchall()
    out = ["commissions (deal currency):"]
    totals: dict[str, Any] = defaultdict(int)
    for component, currency, n, amount in rows:
        out.append(f"  {component:<20}{currency:>5}{amount:>16,.2f}  ({n:,} lines)")
        totals[currency] += amount
    out += [f"  {'total':<20}{cur:>5}{amt:>16,.2f}" for cur, amt in sorted(totals.items())]
    return out
