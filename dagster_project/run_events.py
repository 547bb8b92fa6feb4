"""What one run of build_all did, read from its Dagster events as they arrive.

`ProgressHandler` is a logging handler on the run's logger: it prints one progress line per
asset, check failure or failed step, and gathers a `BuildOutcome` for the summary and the
exit code (OUTPUTS.md): 0 built and every blocking check passed (published); 3 built but a
blocking check failed (nothing published); 4 another build is running on the home;
1 anything else.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BLOCKED = 3
EXIT_BUSY = 4  # another build holds the home's lock (partnerledger/build_lock.py)
GATE_FAILED = "DagsterAssetCheckFailedError"  # the error of a step whose blocking check failed
# Step errors that are problems of the data, not of the program: exit 3 like a failed gate.
DATA_PROBLEMS = (GATE_FAILED, "OpsStoreTampered")


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
        if self.step_errors and all(cls in DATA_PROBLEMS for _, cls, _ in self.step_errors):
            return EXIT_BLOCKED
        return EXIT_ERROR


def _value(meta: Any) -> Any:
    return getattr(meta, "value", getattr(meta, "text", meta))


class ProgressHandler(logging.Handler):
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
            elif key == "deal_amendments":
                self.say(f"✓ {key} {meta.get('amendments', 0):,} exported for the ingest")
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
