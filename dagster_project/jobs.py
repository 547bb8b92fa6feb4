"""The build job, the sensor that starts it when landing files or deal amendments arrive,
and the daily schedule."""

import hashlib
from pathlib import Path

import dagster as dg

from partnerledger import ops_store, paths

build_all = dg.define_asset_job(
    "build_all",
    selection=dg.AssetSelection.all(),
    description="Ingest new landing files, build every model, run the gates, publish if green.",
)


def landing_fingerprint(landing: Path, deal_amendments: int = 0) -> str:
    """A hash of the landing files' relative paths, sizes and mtimes (sorted) and of the number
    of deal amendments recorded in the app: changes when a file or an amendment arrives."""
    h = hashlib.sha256(f"deal_amendments\0{deal_amendments}\n".encode())
    if landing.is_dir():
        for p in sorted(x for x in landing.rglob("*") if x.is_file()):
            st = p.stat()
            h.update(
                f"{p.relative_to(landing).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode()
            )
    return h.hexdigest()


@dg.sensor(
    job=build_all, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.STOPPED
)
def new_landing_files(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """Starts an (incremental) build when files appear in or change under the landing
    directory, or a deal amendment is recorded in the app."""
    landing = paths.landing_dir()
    amendments = len(ops_store.deal_amendments(paths.home().root))
    fingerprint = landing_fingerprint(landing, amendments)
    if fingerprint == context.cursor:
        return dg.SkipReason(f"no new files in {landing} and no new deal amendment")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=fingerprint)], cursor=fingerprint)


daily_build = dg.ScheduleDefinition(
    name="daily_build",
    job=build_all,
    cron_schedule="0 6 * * *",
    execution_timezone="UTC",
    description="Daily build at 06:00 UTC, after the overnight source exports.",
)
