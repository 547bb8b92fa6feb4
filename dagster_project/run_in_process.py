"""The run of build_all in this process: the child `partnerledger build` starts.

    python -m dagster_project.run_in_process <landing> <home>

Prints one progress line per asset as it finishes and the summary; exits with the build's
code (dagster_project/run_events.py). The environment must already hold the home's dbt
environment (run.run_build starts this with it; the dbt step checks it).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import dagster as dg

from dagster_project.definitions import build_definitions
from dagster_project.project import load_manifest
from dagster_project.resources import build_resources
from dagster_project.run_events import EXIT_ERROR, BuildOutcome, ProgressHandler
from dagster_project.run_summary import summary_lines
from expectations.runner import write_index
from partnerledger import paths


def execute_build(landing: Path, home: paths.Home, progress: Callable[[str], None]) -> int:
    """Run build_all in this process on `home` and `landing`; print progress and the summary."""
    # dbt's own log lines (dagster-dbt writes them to stdout) go to a log file, so the console
    # shows one progress line per asset; progress lines still reach the caller's stdout.
    log_path = home.reports / "last_build.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    console = sys.stdout

    def say(message: str) -> None:
        with contextlib.redirect_stdout(console):
            progress(message)

    outcome = BuildOutcome()
    handler = ProgressHandler(say, outcome)

    @dg.logger
    def progress_logger(_init_context: dg.InitLoggerContext) -> logging.Logger:
        log = logging.getLogger("dagster_project.run.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        log.handlers = [handler]
        return log

    progress(f"building {home.root} from {landing} (dbt log: {log_path})")
    try:
        defs = build_definitions(
            load_manifest(),
            resources=build_resources(home_dir=str(home.root), landing_dir=str(landing)),
            loggers={"progress": progress_logger},
        )
        with (
            open(log_path, "w", encoding="utf-8") as log_file,
            contextlib.redirect_stdout(log_file),
        ):
            defs.resolve_job_def("build_all").execute_in_process(
                run_config={"loggers": {"progress": {}}},
                instance=dg.DagsterInstance.ephemeral(),
                raise_on_error=False,
            )
    except Exception as exc:  # noqa: BLE001 - anything else is exit 1 with its message
        progress(f"build: the run could not start: {type(exc).__name__}: {exc}")
        return EXIT_ERROR
    write_index(home.reports)
    for line in summary_lines(outcome, home):
        progress(line)
    return outcome.exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run build_all in this process (run_build's child)."
    )
    parser.add_argument("landing")
    parser.add_argument("home")
    args = parser.parse_args(argv)
    return execute_build(
        Path(args.landing), paths.home(args.home).ensure(), lambda m: print(m, flush=True)
    )


if __name__ == "__main__":
    sys.exit(main())
